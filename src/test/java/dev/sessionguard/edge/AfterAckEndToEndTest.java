package dev.sessionguard.edge;

import static dev.sessionguard.support.Org.ADMIN;
import static dev.sessionguard.support.Org.ALICE;
import static dev.sessionguard.support.Org.BOB;
import static dev.sessionguard.support.Org.OWNER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.config.ServerSettings;
import dev.sessionguard.reset.ResetListeners;
import dev.sessionguard.reset.ResetModal;
import dev.sessionguard.support.Await;
import dev.sessionguard.support.EndToEnd;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.ResetPayloads;
import dev.sessionguard.support.SlackRequests;
import dev.sessionguard.support.TestApp;
import dev.sessionguard.support.WorkflowEvents;
import dev.sessionguard.threat.AnomalyCardMessage;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The after-ack lanes in the real app: a slow lane of one thread and one place in its queue, so a couple of resets
 * stuck on Slack fill it; the fast lane at its defaults.
 */
@Tag("timing")
class AfterAckEndToEndTest extends EndToEnd {

    /** What the fast lane must beat: a trigger lives 3 s; the app aims inside that. */
    private static final Duration TRIGGER = Duration.ofMillis(2_300);

    private final CountDownLatch slackAnswersResets = new CountDownLatch(1);

    @Override
    protected Map<String, String> environment(FakeSlack slack) {
        Map<String, String> env = TestApp.environment(slack);
        env.put(ServerSettings.SLOW_THREADS, "1");
        env.put(ServerSettings.SLOW_QUEUE, "1");
        return env;
    }

    @Test
    void theFirstCommandsAfterStartAreAckedWithoutWaitingOnASlackThatHangs() {
        slack.latency(Duration.ofSeconds(3)); // every call from now on: Bolt's auth.test, views.open, DMs

        for (String text : List.of("<@" + ALICE + "|alice>", "help", "")) {
            long t0 = System.nanoTime();
            int status = app.slack().slashCommand(SlackRequests.command(ADMIN, text)).statusCode();

            assertThat(status).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the ack of \"" + text + "\"")
                    .isLessThan(Duration.ofSeconds(1));
        }
        slack.latency(Duration.ZERO);
        slackAnswersResets.countDown();
    }

    @Test
    void aModalOpensWithinItsTriggersLifeWhileTheSlowLaneIsFullOfResets() {
        fillTheSlowLane();

        app.slack().slashCommand(SlackRequests.command(ADMIN, ""));

        RecordedCall open = slack.awaitCall("views.open", TRIGGER);
        assertThat(open.param("view")).contains("Checking");
        slackAnswersResets.countDown();
    }

    @Test
    void aSubmissionTheSlowLaneHasNoRoomForIsShownBusyAuditedAndCounted() {
        fillTheSlowLane();

        app.slack().interactivity(SlackRequests.viewSubmission(ADMIN, ResetModal.CALLBACK_ID, "V0000THIRD",
                ResetPayloads.state(List.of(OWNER), "all", "lost laptop"), ""));

        RecordedCall shown = slack.awaitCall("views.update", c -> "V0000THIRD".equals(c.param("view_id"))
                && c.param("view").contains("Session Guard is busy, try again in a moment"), WAIT);
        assertThat(shown.param("view")).contains("recorded in the audit trail");
        RecordedCall audit = slack.awaitCall("chat.postMessage", c -> TestApp.AUDIT_CHANNEL.equals(c.param("channel"))
                && c.param("text").contains("Refused"), WAIT);
        assertThat(audit.param("blocks")).contains("Refused at submission, Session Guard being busy (busy)");
        assertThat(app.get("/metrics").body()).contains("session_guard_busy_refusals_total{lane=\"slow\"} 1.0");
        slackAnswersResets.countDown();
        // The two that waited still run once Slack answers: nothing queued was dropped.
        slack.awaitCalls("admin.users.session.reset", 2, WAIT);
    }

    @Test
    void aRateLimitedViewsOpenEndsInAMessageThroughTheResponseUrlNotInAWait() {
        slack.respond("views.open", c -> FakeResponse.ratelimited(30));
        Map<String, String> command = SlackRequests.command(ADMIN, "");
        command.put("response_url", slack.responseUrls().url("the-command"));

        app.slack().slashCommand(command);

        String text = slack.responseUrls().awaitPost("the-command", TRIGGER).text();
        assertThat(text).contains("could not open").contains("Try again in a moment");
        assertThat(slack.calls("views.open")).hasSize(1);
    }

    @Test
    void aGlobalShortcutWhoseModalCouldNotOpenEndsInADirectMessage() {
        slack.respond("views.open", c -> FakeResponse.ratelimited(30));

        app.slack().interactivity(SlackRequests.globalShortcut(ADMIN, ResetListeners.GLOBAL_SHORTCUT));

        RecordedCall dm = slack.awaitCall("chat.postMessage", c -> ADMIN.equals(c.param("channel")), TRIGGER);
        assertThat(dm.param("text")).contains("could not open");
    }

    @Test
    void aSecondFormOpenWithinTheCacheWindowAsksSlackNothingForTheGateButTheSubmissionAlwaysDoes() {
        app.slack().slashCommand(SlackRequests.command(ADMIN, ""));
        slack.awaitCalls("views.update", 1, WAIT);
        app.slack().slashCommand(SlackRequests.command(ADMIN, ""));
        slack.awaitCalls("views.update", 2, WAIT);
        assertThat(gateLookups()).isEqualTo(1);

        app.slack().interactivity(ResetPayloads.submission(ADMIN, List.of(ALICE), "all", "lost laptop"));

        slack.awaitCall("admin.users.session.reset", WAIT);
        assertThat(gateLookups()).isEqualTo(2);
    }

    @Test
    void aWorkflowRunAndACardPressTheSlowLaneHasNoRoomForAreAckedAtOnceRefusedAuditedAndNeverWaitedOn() {
        WorkflowEvents.completing(slack);
        slack.respond("functions.completeError", c -> FakeResponse.ratelimited(30));
        fillTheSlowLane();

        long started = System.nanoTime();
        var stepAck = app.slack().event(WorkflowEvents.functionExecuted(ADMIN, List.of(OWNER), "all", "busy test"));
        JsonObject press = SlackRequests.blockAction(ADMIN, "", AnomalyCardMessage.ACTIONS_BLOCK,
                AnomalyCardMessage.SIGN_OUT, "7K3MQ9TD2XBF");
        press.remove("view");
        var pressAck = app.slack().interactivity(press);
        assertThat(stepAck.statusCode()).isEqualTo(200);
        assertThat(pressAck.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TRIGGER);

        // The step is failed in words from the notice lane, where Slack's 429 is tried once, never waited out; the
        // card's presser hears by DM.
        RecordedCall failed = slack.awaitCall("functions.completeError", WAIT);
        assertThat(failed.param("error")).contains("busy").contains("Nobody was signed out");
        RecordedCall told = slack.awaitCall("chat.postMessage", c -> ADMIN.equals(c.param("channel"))
                && c.param("text").contains("busy"), WAIT);
        assertThat(told.param("text")).contains("recorded in the audit trail");
        assertThat(slack.calls("functions.completeError")).hasSize(1);
        Await.until(WAIT, () -> slack.calls("chat.postMessage").stream().filter(c -> TestApp.AUDIT_CHANNEL.equals(
                c.param("channel")) && c.param("text").contains("efused")).count() >= 2, "both refusals audited");
        assertThat(app.get("/metrics").body()).contains("session_guard_busy_refusals_total{lane=\"slow\"} 2.0");
        slackAnswersResets.countDown();
        slack.awaitCalls("admin.users.session.reset", 2, WAIT);
        assertThat(slack.calls("admin.users.session.reset")).extracting(c -> c.param("user_id"))
                .doesNotContain(OWNER);
    }

    /** Two resets stuck on Slack: one running on the slow lane's only thread, one in its only queue place. */
    private void fillTheSlowLane() {
        slack.respond("admin.users.session.reset", c -> {
            try {
                slackAnswersResets.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FakeResponse.ok();
        });
        app.slack().interactivity(SlackRequests.viewSubmission(ADMIN, ResetModal.CALLBACK_ID, "V0000FIRST",
                ResetPayloads.state(List.of(ALICE), "all", "lost laptop"), ""));
        slack.awaitCall("admin.users.session.reset", WAIT);
        // Queued before its ack was sent.
        app.slack().interactivity(SlackRequests.viewSubmission(ADMIN, ResetModal.CALLBACK_ID, "V0000SECOND",
                ResetPayloads.state(List.of(BOB), "all", "lost laptop"), ""));
    }

    private long gateLookups() {
        return slack.calls("users.info").stream().filter(c -> ADMIN.equals(c.param("user"))).count();
    }
}
