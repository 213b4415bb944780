package dev.sessionguard.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.util.SlackRequestParser;
import dev.sessionguard.support.SlackRequests;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** A command built from our decoding is the request Bolt's own parser would have built from the same body. */
class CommandRequestsTest {

    private static final AppConfig CONFIG = AppConfig.builder().signingSecret("s").build();

    @Property(tries = 300)
    void isWhatBoltsParserBuildsFromTheSameSignedBody(@ForAll String text, @ForAll boolean enterpriseInstall,
            @ForAll boolean forwarded) {
        Map<String, String> fields = new LinkedHashMap<>(SlackRequests.command("W0ADMIN", text));
        fields.put("is_enterprise_install", Boolean.toString(enterpriseInstall));
        String body = form(fields);
        Map<String, List<String>> headers = forwarded ? Map.of("X-Forwarded-For", List.of("203.0.113.9"))
                : Map.of("Content-Type", List.of("application/x-www-form-urlencoded"));

        SlashCommandRequest ours = CommandRequests.of(
                ((SlackPayload.Slack) SlackPayload.classify(body)).command(), body, headers, "127.0.0.1", CONFIG);
        Request<?> bolts = new SlackRequestParser(CONFIG).parse(SlackRequestParser.HttpRequest.builder()
                .requestUri("/slack/events").headers(new RequestHeaders(headers)).requestBody(body)
                .remoteAddress("127.0.0.1").build());

        SlashCommandRequest expected = (SlashCommandRequest) bolts;
        assertThat(ours.getPayload()).isEqualTo(expected.getPayload());
        assertThat(ours.getPayload().getText()).isEqualTo(text.isEmpty() ? null : text);
        assertThat(ours.getContext().getTeamId()).isEqualTo(expected.getContext().getTeamId());
        assertThat(ours.getContext().getEnterpriseId()).isEqualTo(expected.getContext().getEnterpriseId());
        assertThat(ours.getContext().getRequestUserId()).isEqualTo(expected.getContext().getRequestUserId());
        assertThat(ours.getContext().getResponseUrl()).isEqualTo(expected.getContext().getResponseUrl());
        assertThat(ours.getContext().getTriggerId()).isEqualTo(expected.getContext().getTriggerId());
        assertThat(ours.getPayload().isEnterpriseInstall()).isEqualTo(enterpriseInstall);
        assertThat(ours.getContext().isEnterpriseInstall()).isEqualTo(expected.getContext().isEnterpriseInstall());
        assertThat(ours.getClientIpAddress()).isEqualTo(expected.getClientIpAddress())
                .isEqualTo(forwarded ? "203.0.113.9" : "127.0.0.1");
        assertThat(ours.getRequestBodyAsString()).isEqualTo(body);
    }

    private static String form(Map<String, String> fields) {
        StringJoiner body = new StringJoiner("&");
        fields.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return body.toString();
    }
}
