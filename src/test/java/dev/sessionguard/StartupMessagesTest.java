package dev.sessionguard;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.sessionguard.config.Settings;
import dev.sessionguard.slack.SlackStartup;
import dev.sessionguard.support.Await;
import dev.sessionguard.support.CapturedLogs;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.MainProcess;
import dev.sessionguard.support.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the app says while Slack can't be reached: on /healthz and in the log, and never "the token is invalid". */
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

    /** Starts the app against {@code apiUrl}; checks the log says the same as /healthz and returns it. */
    private static String reasonWhileSlackIs(String apiUrl) throws Exception {
        Map<String, String> env;
        try (FakeSlack unused = FakeSlack.start()) {
            env = TestApp.environment(unused);
        }
        env.put(Settings.API_URL, apiUrl);
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
