package dev.sessionguard.support;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.app_backend.SlackSignature;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** SlackRequests against a bare capturing HTTP server: bodies, headers and signatures as Slack sends them. */
class SlackRequestsTest {

    private static final String SECRET = "test-signing-secret";

    /** What the capturing server saw. */
    record Seen(String path, String contentType, String timestamp, String signature, String body) {
    }

    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private HttpServer server;
    private SlackRequests slack;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            var h = exchange.getRequestHeaders();
            seen.add(new Seen(exchange.getRequestURI().getPath(), h.getFirst("Content-Type"),
                    h.getFirst("X-Slack-Request-Timestamp"), h.getFirst("X-Slack-Signature"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        slack = new SlackRequests("http://127.0.0.1:" + server.getAddress().getPort() + "/", SECRET);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Seen next() throws InterruptedException {
        Seen s = seen.poll(5, TimeUnit.SECONDS);
        assertThat(s).as("request reached the server").isNotNull();
        return s;
    }

    private static boolean verifies(String secret, Seen s) {
        return new SlackSignature.Verifier(new SlackSignature.Generator(secret)).isValid(s.timestamp(), s.body(), s.signature());
    }

    @Test
    void slashCommandIsASignedFormThatTheSdkVerifierAccepts() throws Exception {
        assertThat(slack.slashCommand(SlackRequests.command("W0000ALICE", "<@W0000BOB|bob> & more")).statusCode())
                .isEqualTo(200);

        Seen s = next();
        assertThat(s.path()).isEqualTo("/slack/events");
        assertThat(s.contentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(s.signature()).startsWith("v0=");
        assertThat(verifies(SECRET, s)).isTrue();
        assertThat(verifies("another-secret", s)).isFalse();
        Map<String, String> form = form(s.body());
        assertThat(form).containsEntry("command", "/session-reset")
                .containsEntry("user_id", "W0000ALICE")
                .containsEntry("text", "<@W0000BOB|bob> & more")
                .containsEntry("enterprise_id", "E0000ORG1")
                .containsEntry("is_enterprise_install", "false");
        assertThat(form.get("trigger_id")).startsWith("trig-");
    }

    @Test
    void forgedAndStaleCopiesFailVerification() throws Exception {
        slack.withSigningSecret("forged").slashCommand(SlackRequests.command("W1", "help"));
        assertThat(verifies(SECRET, next())).isFalse();

        long sixMinutesAgo = Instant.now().minusSeconds(360).getEpochSecond();
        slack.withTimestamp(sixMinutesAgo).slashCommand(SlackRequests.command("W1", "help"));
        Seen stale = next();
        assertThat(stale.timestamp()).isEqualTo(Long.toString(sixMinutesAgo));
        assertThat(verifies(SECRET, stale)).isFalse();
        assertThat(new SlackSignature.Generator(SECRET).generate(stale.timestamp(), stale.body()))
                .as("signed correctly, only too old").isEqualTo(stale.signature());
    }

    @Test
    void interactivityIsAPayloadFieldAndEventsAreJson() throws Exception {
        JsonObject submission = new JsonObject();
        submission.add("target", new JsonObject());
        slack.interactivity(SlackRequests.viewSubmission("W1", "reset-confirm", "V1", submission, "{\"x\":1}"));
        Seen s = next();
        assertThat(s.body()).startsWith("payload=");
        assertThat(verifies(SECRET, s)).isTrue();
        JsonObject payload = JsonParser.parseString(form(s.body()).get("payload")).getAsJsonObject();
        assertThat(payload.get("type").getAsString()).isEqualTo("view_submission");
        assertThat(payload.getAsJsonObject("view").get("callback_id").getAsString()).isEqualTo("reset-confirm");
        assertThat(payload.getAsJsonObject("view").get("private_metadata").getAsString()).isEqualTo("{\"x\":1}");
        assertThat(payload.getAsJsonObject("view").getAsJsonObject("state").getAsJsonObject("values").has("target")).isTrue();

        slack.event(SlackRequests.appHomeOpened("W1"));
        Seen e = next();
        assertThat(e.contentType()).isEqualTo("application/json");
        assertThat(verifies(SECRET, e)).isTrue();
        JsonObject envelope = JsonParser.parseString(e.body()).getAsJsonObject();
        assertThat(envelope.getAsJsonObject("event").get("type").getAsString()).isEqualTo("app_home_opened");
    }

    @Test
    void payloadBuildersCarryTheCommonFields() {
        for (JsonObject p : new JsonObject[]{
                SlackRequests.globalShortcut("W1", "reset"),
                SlackRequests.messageShortcut("W1", "reset-author", "W2", "hello"),
                SlackRequests.blockAction("W1", "V1", "b", "a", "v")}) {
            assertThat(p.getAsJsonObject("team").get("enterprise_id").getAsString()).isEqualTo("E0000ORG1");
            assertThat(p.getAsJsonObject("enterprise").get("id").getAsString()).isEqualTo("E0000ORG1");
            assertThat(p.getAsJsonObject("user").get("id").getAsString()).isEqualTo("W1");
            assertThat(p.get("api_app_id").getAsString()).isEqualTo("A0000APP1");
            assertThat(p.get("token").getAsString()).isEqualTo("legacy-verification-token-unused");
            assertThat(p.get("trigger_id").getAsString()).startsWith("trig-");
            assertThat(p.get("is_enterprise_install").getAsBoolean()).isFalse();
        }
        assertThat(SlackRequests.globalShortcut("W1", "x").get("trigger_id"))
                .isNotEqualTo(SlackRequests.globalShortcut("W1", "x").get("trigger_id"));
        JsonObject action = SlackRequests.blockAction("W1", "V1", "b", "a", "v");
        assertThat(action.getAsJsonObject("container").get("type").getAsString()).isEqualTo("view");
        assertThat(action.getAsJsonArray("actions").get(0).getAsJsonObject().get("action_id").getAsString()).isEqualTo("a");
        assertThat(SlackRequests.messageShortcut("W1", "c", "W2", "hi").getAsJsonObject("message")
                .get("user").getAsString()).isEqualTo("W2");
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
