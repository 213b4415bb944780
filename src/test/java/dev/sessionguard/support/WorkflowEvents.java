package dev.sessionguard.support;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** {@code function_executed} for the step {@code sign_out_people}, as Slack sends it in an Events API envelope. */
public final class WorkflowEvents {

    /** The short-lived workflow token Slack puts in each event ({@code bot_access_token}). */
    public static final String WORKFLOW_TOKEN = "xwfp-test-SECRET-workflow-token";
    private static final AtomicLong SEQ = new AtomicLong();

    private WorkflowEvents() {
    }

    /** @param scope left out of the inputs when null */
    public static JsonObject functionExecuted(String runnerId, List<String> people, String scope, String reason) {
        JsonObject inputs = new JsonObject();
        JsonObject runner = new JsonObject();
        runner.addProperty("id", runnerId);
        runner.addProperty("secret", "c2VjcmV0LXVzZXItY29udGV4dA==");
        inputs.add("runner", runner);
        JsonArray list = new JsonArray();
        people.forEach(list::add);
        inputs.add("people", list);
        if (scope != null) {
            inputs.addProperty("scope", scope);
        }
        inputs.addProperty("reason", reason);
        return functionExecuted(inputs);
    }

    /** With any inputs, e.g. garbled ones. */
    public static JsonObject functionExecuted(JsonObject inputs) {
        long n = SEQ.incrementAndGet();
        JsonObject function = new JsonObject();
        function.addProperty("id", "Fn0000SIGN1");
        function.addProperty("callback_id", "sign_out_people");
        function.addProperty("title", "Sign people out of Slack");
        function.addProperty("type", "app");
        function.addProperty("app_id", SlackRequests.API_APP_ID);
        function.addProperty("date_created", 1_700_000_000);
        function.addProperty("date_updated", 1_700_000_000);
        function.addProperty("date_deleted", 0);
        JsonObject event = new JsonObject();
        event.addProperty("type", "function_executed");
        event.add("function", function);
        event.add("inputs", inputs);
        event.addProperty("function_execution_id", String.format("Fx%010d", n + System.nanoTime() % 1_000_000_000L));
        event.addProperty("workflow_execution_id", String.format("Wx%010d", n));
        event.addProperty("event_ts", Instant.now().getEpochSecond() + ".000100");
        event.addProperty("bot_access_token", WORKFLOW_TOKEN);

        JsonObject authorization = new JsonObject();
        authorization.addProperty("enterprise_id", SlackRequests.ENTERPRISE_ID);
        authorization.addProperty("team_id", SlackRequests.TEAM_ID);
        authorization.addProperty("user_id", "U0000BOT1");
        authorization.addProperty("is_bot", true);
        authorization.addProperty("is_enterprise_install", true);
        JsonArray authorizations = new JsonArray();
        authorizations.add(authorization);
        JsonObject envelope = new JsonObject();
        envelope.addProperty("token", SlackRequests.VERIFICATION_TOKEN);
        envelope.addProperty("team_id", SlackRequests.TEAM_ID);
        envelope.addProperty("enterprise_id", SlackRequests.ENTERPRISE_ID);
        envelope.addProperty("api_app_id", SlackRequests.API_APP_ID);
        envelope.add("event", event);
        envelope.addProperty("type", "event_callback");
        envelope.addProperty("event_id", String.format("Ev%010d", n));
        envelope.addProperty("event_time", Instant.now().getEpochSecond());
        envelope.add("authorizations", authorizations);
        envelope.addProperty("is_ext_shared_channel", false);
        return envelope;
    }

    public static String executionId(JsonObject envelope) {
        return envelope.getAsJsonObject("event").get("function_execution_id").getAsString();
    }

    /**
     * Slack's {@code functions.completeSuccess} and {@code functions.completeError} on {@code slack}: only the
     * workflow token, only once per execution ({@code execution_not_in_running_state} after that, as Slack answers).
     */
    public static FakeSlack completing(FakeSlack slack) {
        java.util.Set<String> completed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.function.Function<RecordedCall, FakeResponse> complete = c -> {
            if (c.token() == null || !c.token().startsWith("xwfp-")) {
                return FakeResponse.error(c.token() != null && c.token().startsWith("xox") ? "not_allowed_token_type"
                        : "invalid_auth");
            }
            String id = c.param("function_execution_id");
            if (id == null) {
                return FakeResponse.error("invalid_arguments");
            }
            return completed.add(id) ? FakeResponse.ok(new JsonObject())
                    : FakeResponse.error("execution_not_in_running_state");
        };
        slack.respond("functions.completeSuccess", complete);
        slack.respond("functions.completeError", complete);
        return slack;
    }
}
