package dev.sessionguard.edge;

import static dev.sessionguard.support.Org.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.sessionguard.SessionGuard;
import dev.sessionguard.config.Settings;
import dev.sessionguard.support.Await;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.FakeSocketMode;
import dev.sessionguard.support.Org;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.SlackRequests;
import dev.sessionguard.support.TestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Socket Mode end to end: the app asks the fake Slack for a socket URL with its app token, connects to a loopback
 * Socket Mode server, gets a slash command as an envelope, acks it on the socket and opens the form through the
 * fake Web API. The same handlers as over HTTP; no signing secret.
 */
@Tag("slow")
class SocketModeEndToEndTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final String APP_TOKEN = TestApp.APP_TOKEN;

    FakeSocketMode socket;
    FakeSlack slack;

    @BeforeEach
    void startFakes() {
        socket = FakeSocketMode.start();
        slack = Org.register(FakeSlack.start());
        socket.servedBy(slack);
    }

    @AfterEach
    void stopFakes() throws Exception {
        slack.close();
        socket.close();
    }

    /** Socket Mode settings: the app token, and no signing secret. */
    Map<String, String> socketModeEnvironment() {
        return TestApp.inSocketMode(TestApp.environment(slack));
    }

    @Test
    void appOpensItsSocketWithTheAppTokenAndIsHealthyWhileConnected() throws Exception {
        try (TestApp app = TestApp.start(socketModeEnvironment())) {
            RecordedCall open = slack.awaitCall("apps.connections.open", WAIT);

            assertThat(open.token()).isEqualTo(APP_TOKEN);
            assertThat(socket.openConnections()).isEqualTo(1);
            assertThat(socket.paths()).containsOnly(FakeSocketMode.PATH);
            assertThat(app.health().statusCode()).isEqualTo(200);
            assertThat(app.get("/metrics").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void slashCommandOverTheSocketIsAckedWithItsEnvelopeIdThenOpensTheForm() throws Exception {
        try (TestApp app = TestApp.start(socketModeEnvironment())) {
            Map<String, String> command = SlackRequests.command(ADMIN, "");

            String envelopeId = socket.sendSlashCommand(command);

            JsonObject ack = socket.awaitAck(envelopeId, WAIT);
            assertThat(ack.has("payload")).as("an empty ack: %s", ack).isFalse();
            RecordedCall open = slack.awaitCall("views.open",
                    c -> command.get("trigger_id").equals(c.param("trigger_id")), WAIT);
            assertThat(open.token()).isEqualTo(TestApp.BOT_TOKEN);
            assertThat(open.param("view")).contains("Checking");
            RecordedCall form = slack.awaitCall("views.update", c -> c.param("view").contains("multi_users_select"), WAIT);
            assertThat(form.token()).isEqualTo(TestApp.BOT_TOKEN);
        }
    }

    @Test
    void helpComesBackInTheAcksPayload() throws Exception {
        try (TestApp app = TestApp.start(socketModeEnvironment())) {
            String envelopeId = socket.sendSlashCommand(SlackRequests.command(ADMIN, "help"));

            JsonObject ack = socket.awaitAck(envelopeId, WAIT);

            assertThat(ack.getAsJsonObject("payload").get("text").getAsString())
                    .contains("/session-reset @alice @bob [web|mobile] [reason…]");
            assertThat(slack.calls("views.open")).isEmpty();
        }
    }

    @Test
    void droppedSocketMakesTheAppUnhealthyUntilTheSdkReconnects() throws Exception {
        try (TestApp app = TestApp.start(socketModeEnvironment())) {
            int opened = socket.connectionsOpened();
            // Until Slack hands out a URL again, the app can't reconnect, so the 503 can't be missed.
            slack.respond("apps.connections.open", c -> FakeResponse.error("internal_error"));

            socket.dropConnections();

            Await.until(WAIT, () -> app.health().statusCode() == 503, "/healthz to answer 503 after the drop");
            assertThat(app.health().body()).contains("Socket Mode connection");
            slack.respond("apps.connections.open", c -> socket.connectionsOpen());
            // The SDK checks its session every 5 s (10 s after a failed try) and reconnects with a fresh URL.
            Await.until(Duration.ofSeconds(30), () -> app.health().statusCode() == 200, "/healthz to recover");
            assertThat(socket.connectionsOpened()).isGreaterThan(opened);
            String envelopeId = socket.sendSlashCommand(SlackRequests.command(ADMIN, "help"));
            assertThat(socket.awaitAck(envelopeId, WAIT).has("payload")).isTrue();
        }
    }

    @Test
    void refusedAppTokenKeepsTheAppUnhealthyAndIsNeverPrinted() throws Exception {
        slack.respond("apps.connections.open", c -> FakeResponse.error("invalid_auth"));

        try (SessionGuard app = SessionGuard.start(Settings.from(socketModeEnvironment()))) {
            slack.awaitCalls("apps.connections.open", 2, WAIT); // refused, then retried

            HttpResponse<String> health = get(app.port(), "/healthz");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("Slack refused Socket Mode's app-level token (invalid_auth)", "SLACK_APP_TOKEN")
                    .doesNotContain(APP_TOKEN);
            assertThat(socket.connectionsOpened()).isZero();
        }
    }

    @Test
    void slackAnsweringAnHttpErrorForTheSocketUrlKeepsTheAppUnhealthyAndIsRetried() throws Exception {
        slack.respond("apps.connections.open", c -> FakeResponse.httpStatus(503, "upstream unavailable"));

        try (SessionGuard app = SessionGuard.start(Settings.from(socketModeEnvironment()))) {
            slack.awaitCalls("apps.connections.open", 2, WAIT);

            HttpResponse<String> health = get(app.port(), "/healthz");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("Slack can't be reached (Socket Mode: apps.connections.open got no answer)");
        }
    }

    @Test
    void inSocketModeNothingIsAcceptedOverHttpNotEvenSignedWithBoltsPlaceholderKey() throws Exception {
        try (TestApp app = TestApp.start(socketModeEnvironment())) {
            // Bolt checks signatures with "---" when it has no signing secret: that must open no door.
            HttpResponse<String> forged = app.slack().withSigningSecret("---")
                    .slashCommand(SlackRequests.command(ADMIN, "help"));
            HttpResponse<String> signed = app.slack().slashCommand(SlackRequests.command(ADMIN, "help"));

            assertThat(forged.statusCode()).isBetween(404, 405);
            assertThat(signed.statusCode()).isBetween(404, 405);
            assertThat(forged.body()).doesNotContain("/session-reset");
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
