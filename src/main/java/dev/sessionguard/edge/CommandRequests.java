package dev.sessionguard.edge;

import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import java.util.List;
import java.util.Map;

/**
 * A slash command as Bolt's request, built from the fields {@link SlackPayload} already decoded, strictly, from the
 * signed body. Bolt's own {@code SlackRequestParser} would look for a JSON payload and a {@code command} field with
 * regular expressions compiled per request and then decode the form a second time, leniently (the last of a
 * repeated field wins there, the first here): a fifth of a command's ack in bench/perf's profile, and two readings
 * of one body that could disagree. What it sets besides the payload is set here too: the context from the
 * {@link AppConfig} and the client's address.
 */
final class CommandRequests {

    private CommandRequests() {
    }

    static SlashCommandRequest of(Map<String, String> form, String body, Map<String, List<String>> headers,
            String remoteAddress, AppConfig config) {
        SlashCommandPayload p = new SlashCommandPayload();
        p.setToken(field(form, "token"));
        p.setApiAppId(field(form, "api_app_id"));
        p.setTeamId(field(form, "team_id"));
        p.setTeamDomain(field(form, "team_domain"));
        p.setEnterpriseId(field(form, "enterprise_id"));
        p.setEnterpriseName(field(form, "enterprise_name"));
        p.setChannelId(field(form, "channel_id"));
        p.setChannelName(field(form, "channel_name"));
        p.setUserId(field(form, "user_id"));
        p.setUserName(field(form, "user_name"));
        p.setCommand(field(form, "command"));
        p.setText(field(form, "text"));
        p.setResponseUrl(field(form, "response_url"));
        p.setTriggerId(field(form, "trigger_id"));
        p.setEnterpriseInstall("true".equals(form.get("is_enterprise_install")));
        RequestHeaders requestHeaders = new RequestHeaders(headers);
        SlashCommandRequest request = new SlashCommandRequest(body, p, requestHeaders);
        request.updateContext(config);
        String forwarded = requestHeaders.getFirstValue("X-FORWARDED-FOR");
        request.setClientIpAddress(forwarded != null ? forwarded : remoteAddress);
        return request;
    }

    /** As Bolt reads a form: an empty value is no value. */
    private static String field(Map<String, String> form, String name) {
        String value = form.get(name);
        return value == null || value.isEmpty() ? null : value;
    }
}
