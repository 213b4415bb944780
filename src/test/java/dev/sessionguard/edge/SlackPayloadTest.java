package dev.sessionguard.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.edge.SlackPayload.Ignored;
import dev.sessionguard.edge.SlackPayload.Malformed;
import dev.sessionguard.edge.SlackPayload.Slack;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SlackPayloadTest {

    @Test
    void aSlashCommandFormIsACommand() {
        assertThat(SlackPayload.classify("token=x&command=%2Fsession-reset&text=help")).isEqualTo(new Slack("command", null,
                java.util.Map.of("token", "x", "command", "/session-reset", "text", "help")));
    }

    @Test
    void aViewSubmissionCarriesItsViewIdAndHashAsTheKeyThatMustActOnce() {
        String payload = "{\"type\":\"view_submission\",\"user\":{\"id\":\"W1\"},\"view\":{\"type\":\"modal\",\"id\":\"V1\","
                + "\"hash\":\"17.ab\"}}";

        assertThat(SlackPayload.classify(form(payload))).isEqualTo(new Slack("view_submission", "V1/17.ab"));
    }

    @Test
    void otherInteractivePayloadsCarryNoKey() {
        assertThat(SlackPayload.classify(form("{\"type\":\"block_actions\",\"user\":{\"id\":\"W1\"}}")))
                .isEqualTo(new Slack("block_actions", null));
    }

    @Test
    void eventsAndUrlVerificationAreJsonBodies() {
        assertThat(SlackPayload.classify("{\"type\":\"event_callback\",\"event\":{\"type\":\"app_home_opened\"}}"))
                .isEqualTo(new Slack("event_callback", null));
        assertThat(SlackPayload.classify("{\"type\":\"url_verification\",\"challenge\":\"c\"}"))
                .isEqualTo(new Slack("url_verification", null));
    }

    @Test
    void aTypeThisAppDoesNotKnowIsIgnoredNotRefused() {
        assertThat(SlackPayload.classify(form("{\"type\":\"something_new\"}"))).isEqualTo(new Ignored("something_new"));
        assertThat(SlackPayload.classify("{\"type\":\"app_rate_limited\"}")).isEqualTo(new Ignored("app_rate_limited"));
    }

    @Test
    void nestingDeeperThanSlackEverSendsIsMalformed() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);

        assertThat(SlackPayload.classify(form("{\"type\":\"block_actions\",\"user\":{\"id\":\"W1\"},\"x\":" + deep + "}")))
                .isInstanceOf(Malformed.class);
    }

    @Test
    void lenientJsonIsMalformed() {
        assertThat(SlackPayload.classify(form("{type:'block_actions'}"))).isInstanceOf(Malformed.class);
        assertThat(SlackPayload.classify(form("{\"type\":\"block_actions\"} {}"))).isInstanceOf(Malformed.class);
    }

    @Test
    void aTypedReplacementCharacterOrEmojiInACommandIsFineButBrokenUtf8IsMalformed() {
        assertThat(SlackPayload.classify("command=%2Fsession-reset&text=%EF%BF%BD+%F0%9F%99%82"))
                .isEqualTo(new Slack("command", null, java.util.Map.of("command", "/session-reset",
                        "text", "\uFFFD \uD83D\uDE42")));
        assertThat(SlackPayload.classify("command=%2Fsession-reset&text=%C3%28")).isInstanceOf(Malformed.class);
        assertThat(SlackPayload.classify("command=%2Fsession-reset&text=%E2%82")).isInstanceOf(Malformed.class);
    }

    @Property(tries = 500)
    void anyTextAsAFormValueSurvivesEncodingAndDecoding(@ForAll String text) {
        String clean = text.codePoints().filter(cp -> !Character.isSurrogate((char) cp) || cp > 0xFFFF)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();

        assertThat(SlackPayload.form("text=" + URLEncoder.encode(clean, StandardCharsets.UTF_8)))
                .containsEntry("text", clean);
    }

    @Property(tries = 500)
    void anyStringIsClassifiedWithoutThrowing(@ForAll String body) {
        assertThat(SlackPayload.classify(body)).isNotNull();
    }

    @Property(tries = 500)
    void anyStringAsAPayloadIsClassifiedWithoutThrowing(@ForAll String payload) {
        assertThat(SlackPayload.classify(form(payload))).isNotNull();
    }

    private static String form(String payload) {
        return "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
    }
}
