package dev.sessionguard;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.google.gson.JsonParser;
import dev.sessionguard.config.ServerSettings;
import dev.sessionguard.config.Settings;
import dev.sessionguard.config.SlackSettings;
import dev.sessionguard.edge.SlackStartup;
import dev.sessionguard.support.Await;
import dev.sessionguard.support.CapturedLogs;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.MainProcess;
import dev.sessionguard.support.Org;
import dev.sessionguard.support.SlackRequests;
import dev.sessionguard.support.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the app says about itself: while Slack can't be reached (on /healthz and in the log, never "the token is
 * invalid"), and what a shutdown drained.
 */
@Tag("slow")
class StartupMessagesTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aClosedPortIsReportedAsSlackCantBeReached() throws Exception {
        String why = reasonWhileSlackIs("http://127.0.0.1:" + MainProcess.freePort() + "/api/");

        assertThat(why).contains("Slack can't be reached (").doesNotContainIgnoringCase("token is invalid");
    }

    @Test
    void anUnresolvableHostIsReportedAsSlackCantBeReached() throws Exception {
        String why = reasonWhileSlackIs("http://nonexistent.invalid/api/");

        assertThat(why).contains("Slack can't be reached (").contains("nonexistent.invalid")
                .doesNotContainIgnoringCase("token is invalid");
    }

    @Test
    void theStartLineNamesModeTransportDatabaseAndPort() throws Exception {
        try (FakeSlack slack = Org.register(FakeSlack.start()); CapturedLogs logs = CapturedLogs.start()) {
            Map<String, String> env = TestApp.oauthEnvironment(slack);
            try (TestApp app = TestApp.start(env)) {
                String file = env.get(ServerSettings.DATABASE_URL).substring("jdbc:sqlite:".length());

                assertThat(logs.from(SessionGuard.class, Level.INFO)).map(ILoggingEvent::getFormattedMessage)
                        .contains("Session Guard listening on port " + app.port() + ": OAuth mode, HTTP, audit database "
                                + "sqlite file " + file);
            }
        }
    }

    @Test
    void shutdownSaysHowManySlackTasksItLetFinish() throws Exception {
        CountDownLatch slackReleased = new CountDownLatch(1);
        try (FakeSlack slack = Org.register(FakeSlack.start()); CapturedLogs logs = CapturedLogs.start()) {
            slack.respond("views.open", c -> {
                await(slackReleased);
                return FakeResponse.ok(JsonParser.parseString("{\"view\":{\"id\":\"V1\"}}").getAsJsonObject());
            });
            TestApp app = TestApp.start(slack);
            app.slack().slashCommand(SlackRequests.command(Org.ADMIN, ""));
            slack.awaitCall("views.open", WAIT);

            Thread closing = new Thread(() -> {
                try {
                    app.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            closing.start();
            // Stopping has begun once the port is closed; only then may the task finish.
            Await.until(WAIT, () -> MainProcess.healthStatus(app.port()) == -1, "the server to stop");
            slackReleased.countDown();
            closing.join(WAIT.toMillis());

            assertThat(closing.isAlive()).as("close returned").isFalse();
            assertThat(logs.from(SessionGuard.class, Level.INFO)).map(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(line -> assertThat(line).matches("Stopped: [1-9][0-9]* Slack task\\(s\\) finished, "
                            + "outbox: (every record delivered|[0-9]+ record\\(s\\) still waiting, delivered by the next start)"));
        } finally {
            slackReleased.countDown();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the app against {@code apiUrl}; checks the log says the same as /healthz and returns it. */
    private static String reasonWhileSlackIs(String apiUrl) throws Exception {
        Map<String, String> env;
        try (FakeSlack unused = FakeSlack.start()) {
            env = TestApp.environment(unused);
        }
        env.put(SlackSettings.API_URL, apiUrl);
        try (CapturedLogs logs = CapturedLogs.start();
             SessionGuard app = SessionGuard.start(Settings.from(env))) {
            Await.until(WAIT, () -> !logs.from(SlackStartup.class, Level.ERROR).isEmpty(), "the start-up error");
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            ILoggingEvent first = logs.from(SlackStartup.class, Level.ERROR).get(0);

            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("Slack can't be reached (");
            assertThat(first.getFormattedMessage()).contains("retrying in 0.5 s")
                    .doesNotContain(TestApp.BOT_TOKEN);
            return health.body() + "\n" + first.getFormattedMessage();
        }
    }
}
