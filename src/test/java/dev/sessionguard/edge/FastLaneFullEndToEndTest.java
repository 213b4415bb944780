package dev.sessionguard.edge;

import static dev.sessionguard.support.Org.ADMIN;
import static dev.sessionguard.support.Org.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.config.ServerSettings;
import dev.sessionguard.reset.ResetListeners;
import dev.sessionguard.support.EndToEnd;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.SlackRequests;
import dev.sessionguard.support.TestApp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A fast lane with no room: a slash command hears so in its own ack (no Slack call), a global shortcut, whose ack can
 * carry no words, by DM on the notice lane.
 */
class FastLaneFullEndToEndTest extends EndToEnd {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final CountDownLatch slackAnswers = new CountDownLatch(1);

    @Override
    protected Map<String, String> environment(FakeSlack slack) {
        Map<String, String> env = TestApp.environment(slack);
        env.put(ServerSettings.FAST_THREADS, "1");
        env.put(ServerSettings.FAST_QUEUE, "1");
        return env;
    }

    /** The lane's one thread waits on views.open, and its one place in the queue is taken. */
    private void fillTheFastLane() {
        slack.respond("views.open", c -> {
            try {
                slackAnswers.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return slack.defaultAnswer(c);
        });
        app.slack().slashCommand(SlackRequests.command(ADMIN, ""));
        slack.awaitCall("views.open", WAIT);
        app.slack().slashCommand(SlackRequests.command(ADMIN, ""));
    }

    @Test
    void aCommandTheFastLaneHasNoRoomForIsToldInItsOwnAck() {
        fillTheFastLane();
        Map<String, String> command = SlackRequests.command(ADMIN, "<@" + ALICE + "|alice>");
        command.put("response_url", slack.apiUrl() + "response.url");

        HttpResponse<String> ack = app.slack().slashCommand(command);

        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ack.body()).contains("Session Guard is busy, try again in a moment. Nothing was done.");
        slackAnswers.countDown();
        slack.awaitCalls("views.open", 2, WAIT);
        assertThat(slack.calls("response.url")).isEmpty();
        assertThat(slack.calls("chat.postMessage")).noneMatch(c -> ADMIN.equals(c.param("channel")));
    }

    @Test
    void aGlobalShortcutTheFastLaneHasNoRoomForIsToldByDm() {
        fillTheFastLane();

        HttpResponse<String> ack = app.slack().interactivity(
                SlackRequests.globalShortcut(ADMIN, ResetListeners.GLOBAL_SHORTCUT));

        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(ack.body()).doesNotContain("busy");
        assertThat(slack.awaitCall("chat.postMessage", c -> ADMIN.equals(c.param("channel")), WAIT).param("text"))
                .contains("Session Guard is busy");
        slackAnswers.countDown();
    }
}
