package dev.sessionguard.workflow;

import static dev.sessionguard.support.Org.ADMIN;
import static dev.sessionguard.support.Org.ALICE;
import static dev.sessionguard.support.Org.BOB;
import static dev.sessionguard.support.Org.BOT;
import static dev.sessionguard.support.Org.BREAK_GLASS;
import static dev.sessionguard.support.Org.CAROL;
import static dev.sessionguard.support.Org.GONE;
import static dev.sessionguard.support.Org.MEMBER;
import static dev.sessionguard.support.Org.PRIMARY;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.sessionguard.config.GuardSettings;
import dev.sessionguard.support.Await;
import dev.sessionguard.support.EndToEnd;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.FakeSocketMode;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.SlackRequests;
import dev.sessionguard.support.TestApp;
import dev.sessionguard.support.WorkflowEvents;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Workflow Builder step from end to end: {@code function_executed} as Slack sends it, signed, over HTTP (and
 * once over Socket Mode); the fake records the sign-outs and the step's completion.
 */
class WorkflowStepEndToEndTest extends EndToEnd {

    private Map<String, String> env;

    @Override
    protected Map<String, String> environment(FakeSlack slack) {
        WorkflowEvents.completing(slack);
        env = TestApp.environment(slack);
        env.put(GuardSettings.PROTECTED_USERS, BREAK_GLASS);
        env.put(GuardSettings.MAX_USERS, "6");
        env.put(GuardSettings.MAX_RESETS_PER_MINUTE, "6");
        return env;
    }

    @Test
    void anAdminsRunSignsThePeopleOutAndCompletesWithTruthfulOutputs() {
        JsonObject event = WorkflowEvents.functionExecuted(ADMIN, List.of(ALICE, BOB, BREAK_GLASS, PRIMARY, BOT, GONE), "web",
                "Offboarding: contract ended");
        HttpResponse<String> ack = app.slack().event(event);
        assertThat(ack.statusCode()).isEqualTo(200);

        RecordedCall done = slack.awaitCall("functions.completeSuccess", WAIT);
        assertThat(done.token()).isEqualTo(WorkflowEvents.WORKFLOW_TOKEN);
        assertThat(done.param("function_execution_id")).isEqualTo(executionId(event));
        JsonObject outputs = done.jsonParam("outputs");
        assertThat(strings(outputs.getAsJsonArray("signed_out"))).containsExactly(ALICE, BOB);
        assertThat(strings(outputs.getAsJsonArray("not_signed_out"))).containsExactly(BREAK_GLASS, PRIMARY, BOT, GONE);
        assertThat(outputs.get("summary").getAsString()).contains("Signed out of web sessions")
                .contains("<@" + ALICE + ">").contains("(2 of 6)").contains("protected").contains("Primary Owner")
                .contains("bot").contains("deactivated");

        List<RecordedCall> resets = slack.calls("admin.users.session.reset");
        assertThat(resets).extracting(c -> c.param("user_id")).containsExactlyInAnyOrder(ALICE, BOB);
        assertThat(resets).allSatisfy(c -> {
            assertThat(c.token()).isEqualTo(TestApp.ADMIN_TOKEN);
            assertThat(flag(c.param("web_only"))).isEqualTo("1");
            assertThat(flag(c.param("mobile_only"))).isEqualTo("0");
        });
        // The audit trail names the runner, each person, the reason, and the workflow it came from.
        RecordedCall audit = awaitAudit();
        String blocks = String.join("\n", dev.sessionguard.support.BlockKitJson.strings(audit.jsonArrayParam("blocks")));
        assertThat(blocks).contains("<@" + ADMIN + ">").contains("<@" + ALICE + ">").contains("<@" + BREAK_GLASS + ">")
                .contains("Offboarding: contract ended").contains("Workflow Builder")
                .contains(event.getAsJsonObject("event").get("workflow_execution_id").getAsString());
        assertThat(slack.calls("functions.completeError")).isEmpty();
    }

    @Test
    void aMembersRunFailsInWordsIsAuditedAndSendsNothing() {
        app.slack().event(WorkflowEvents.functionExecuted(MEMBER, List.of(ALICE), null, "leaving"));

        RecordedCall failed = slack.awaitCall("functions.completeError", WAIT);
        assertThat(failed.token()).isEqualTo(WorkflowEvents.WORKFLOW_TOKEN);
        assertThat(failed.param("error")).startsWith("Only Org Owners and Org Admins can run this step")
                .contains("nobody was signed out");
        RecordedCall refusal = slack.awaitCall("chat.postMessage", c -> TestApp.AUDIT_CHANNEL.equals(c.param("channel"))
                && c.param("text").contains("refused"), WAIT);
        assertThat(refusal.param("text")).contains(MEMBER);
        assertThat(adminCalls()).isEmpty();
        assertThat(slack.calls("functions.completeSuccess")).isEmpty();
    }

    @Test
    void moreThanMaxUsersFailsNamingTheLimitAndSendsNothing() {
        app.slack().event(WorkflowEvents.functionExecuted(ADMIN, List.of(ALICE, BOB, CAROL, PRIMARY, BREAK_GLASS,
                "W0000EXTRA1", "W0000EXTRA2"), "all", "breach"));

        RecordedCall failed = slack.awaitCall("functions.completeError", WAIT);
        assertThat(failed.param("error")).contains("SESSION_GUARD_MAX_USERS").contains("at most 6")
                .contains("given 7");
        assertThat(adminCalls()).isEmpty();
    }

    @Test
    void theRunnersPerMinuteLimitCountsTheStepsSignOuts() {
        app.slack().event(WorkflowEvents.functionExecuted(ADMIN, List.of(ALICE, BOB), "all", "first"));
        slack.awaitCall("functions.completeSuccess", WAIT);

        app.slack().event(WorkflowEvents.functionExecuted(ADMIN, List.of(CAROL, PRIMARY, BOT, GONE, "W0000EXTRA1"),
                "all", "second"));

        RecordedCall failed = slack.awaitCall("functions.completeError", WAIT);
        assertThat(failed.param("error")).contains("SESSION_GUARD_MAX_RESETS_PER_MINUTE").contains("over_limit");
        assertThat(slack.calls("admin.users.session.reset")).extracting(c -> c.param("user_id"))
                .containsExactlyInAnyOrder(ALICE, BOB);
    }

    @Test
    void aRetriedOrRedeliveredRunActsOnceEvenAfterARestart() throws Exception {
        JsonObject event = WorkflowEvents.functionExecuted(ADMIN, List.of(ALICE), "all", "phished");
        app.slack().event(event);
        app.slack().withHeaders(Map.of("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout"))
                .event(event);
        slack.awaitCall("functions.completeSuccess", WAIT);

        app.close();
        app = TestApp.start(env);
        app.slack().withHeaders(Map.of("X-Slack-Retry-Num", "2", "X-Slack-Retry-Reason", "http_timeout"))
                .event(event);
        // A later run is taken and completed: everything before it has been handled.
        app.slack().event(WorkflowEvents.functionExecuted(ADMIN, List.of(BOB), "all", "phished"));
        Await.until(WAIT, () -> slack.calls("functions.completeSuccess").size() == 2, "the second run's completion");

        assertThat(slack.calls("admin.users.session.reset")).extracting(c -> c.param("user_id"))
                .containsExactly(ALICE, BOB);
        assertThat(slack.calls("functions.completeSuccess")).extracting(c -> c.param("function_execution_id"))
                .containsExactly(executionId(event), slack.calls("functions.completeSuccess").get(1)
                        .param("function_execution_id")).doesNotHaveDuplicates();
        assertThat(slack.calls("functions.completeError")).isEmpty();
    }

    @Test
    void theEventIsAckedAtOnceHoweverSlowSlackIs() {
        CountDownLatch release = new CountDownLatch(1);
        slack.respond("admin.users.session.reset", c -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return slack.defaultAnswer(c);
        });
        try {
            long started = System.nanoTime();
            HttpResponse<String> ack = app.slack().event(WorkflowEvents.functionExecuted(ADMIN, List.of(ALICE), "all",
                    "phished"));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(ack.statusCode()).isEqualTo(200);
            assertThat(took).isLessThan(Duration.ofSeconds(3));
            slack.awaitCall("admin.users.session.reset", WAIT);
            assertThat(slack.calls("functions.completeSuccess")).isEmpty(); // not before Slack answered
        } finally {
            release.countDown();
        }
        slack.awaitCall("functions.completeSuccess", WAIT);
    }

    @Test
    void whenSlackRefusesTheAdminTokenForEveryoneTheStepFailsInWords() {
        slack.respond("admin.users.session.reset", c -> FakeResponse.error("invalid_auth"));

        app.slack().event(WorkflowEvents.functionExecuted(ADMIN, List.of(ALICE, BOB), "mobile", "phished"));

        RecordedCall failed = slack.awaitCall("functions.completeError", WAIT);
        assertThat(failed.param("error")).contains("refused Session Guard's admin token").contains("invalid_auth")
                .contains("nobody was signed out");
        assertThat(slack.calls("functions.completeSuccess")).isEmpty();
    }

    @Test
    void overSocketModeTheStepRunsTheSameWay() throws Exception {
        try (FakeSocketMode socket = FakeSocketMode.start()) {
            socket.servedBy(slack);
            app.close();
            app = TestApp.start(TestApp.inSocketMode(env));
            JsonObject event = WorkflowEvents.functionExecuted(ADMIN, List.of(CAROL), "all", "phished");
            JsonObject envelope = new JsonObject();
            String envelopeId = java.util.UUID.randomUUID().toString();
            envelope.addProperty("envelope_id", envelopeId);
            envelope.addProperty("type", "events_api");
            envelope.addProperty("accepts_response_payload", false);
            envelope.add("payload", event);
            socket.send(envelope);
            socket.awaitAck(envelopeId, WAIT);

            RecordedCall done = slack.awaitCall("functions.completeSuccess", WAIT);
            assertThat(strings(done.jsonParam("outputs").getAsJsonArray("signed_out"))).containsExactly(CAROL);
            assertThat(slack.calls("admin.users.session.reset")).extracting(c -> c.param("user_id"))
                    .containsExactly(CAROL);
        }
    }

    private static String executionId(JsonObject event) {
        return event.getAsJsonObject("event").get("function_execution_id").getAsString();
    }

    private static List<String> strings(JsonArray array) {
        List<String> out = new ArrayList<>();
        for (JsonElement e : array) {
            out.add(e.getAsString());
        }
        return out;
    }
}
