package dev.sessionguard.edge;

import static dev.sessionguard.support.Org.ADMIN;
import static dev.sessionguard.support.Org.BOB;
import static dev.sessionguard.support.Org.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.app_backend.SlackSignature.Generator;
import dev.sessionguard.support.CapturedLogs;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.FakeSocketMode;
import dev.sessionguard.support.Org;
import dev.sessionguard.support.RawHttp;
import dev.sessionguard.support.ResetPayloads;
import dev.sessionguard.support.SlackRequests;
import dev.sessionguard.support.SlowClients;
import dev.sessionguard.support.TestApp;
import dev.sessionguard.support.WorkflowEvents;
import dev.sessionguard.support.SlackRequests;
import dev.sessionguard.threat.AnomalyCardMessage;
import com.google.gson.JsonObject;
import dev.sessionguard.support.TestIdp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every path in every mode gets a forged, a replayed, a malformed and a 2 MiB request: none answers 5xx, none
 * logs a stack trace, and none makes the app call Slack, except the one signed submission in HTTP mode, once.
 */
@Tag("slow")
@Tag("timing")
class EveryDoorTest {

    static final List<String> PATHS = List.of("/slack/events", "/slack/install", "/slack/oauth_redirect?code=c&state=s",
            "/healthz", "/metrics", "/", "/global-token-revocation");
    static final String APP_TOKEN = TestApp.APP_TOKEN;
    static final Duration DRIBBLE = Duration.ofSeconds(2);

    /** The four ways the app can be deployed. */
    enum Mode {
        HTTP_TOKENS, HTTP_OAUTH, SOCKET_TOKENS, SOCKET_OAUTH;

        boolean socket() {
            return this == SOCKET_TOKENS || this == SOCKET_OAUTH;
        }
    }

    FakeSlack slack;
    FakeSocketMode socket;
    CapturedLogs logs;
    TestIdp idp;

    @BeforeEach
    void startFakes() {
        logs = CapturedLogs.start();
        idp = TestIdp.start();
        socket = FakeSocketMode.start();
        slack = Org.register(FakeSlack.start());
        socket.servedBy(slack);
    }

    @AfterEach
    void stopFakes() throws Exception {
        slack.close();
        socket.close();
        idp.close();
        logs.close();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void noPathActsOnAForgedReplayedMalformedOrOversizedRequest(Mode mode) throws Exception {
        try (TestApp app = TestApp.start(environment(mode))) {
            // Signed as Slack would, with the secret the mode has (Bolt's "---" placeholder when there is none).
            String secret = mode.socket() ? "---" : TestApp.SIGNING_SECRET;
            String submission = "payload=" + URLEncoder.encode(
                    ResetPayloads.submission(ADMIN, List.of(ALICE), "all", "door test").toString(), StandardCharsets.UTF_8);
            // The newer kinds of Slack request: the workflow step's event (JSON) and an anomaly card's button (no such
            // card), each one body sent on every path, so a replay of it anywhere meets the first delivery.
            String step = WorkflowEvents.functionExecuted(ADMIN, List.of(BOB), "all", "door test").toString();
            JsonObject garbledInputs = new JsonObject();
            garbledInputs.addProperty("runner", ADMIN);
            garbledInputs.addProperty("people", 7);
            String garbledStep = WorkflowEvents.functionExecuted(garbledInputs).toString();
            String card = "payload=" + URLEncoder.encode(SlackRequests.blockAction(ADMIN, "",
                    AnomalyCardMessage.ACTIONS_BLOCK, AnomalyCardMessage.SIGN_OUT, "7K3MQ9TD2XBF").toString(),
                    StandardCharsets.UTF_8);
            String big = "payload=" + "x".repeat(2 * 1024 * 1024);
            List<String> failures = new ArrayList<>();
            for (String path : PATHS) {
                for (String method : List.of("GET", "POST")) {
                    check(failures, app, method, path, "forged", submission, signed("not-the-secret", submission));
                    check(failures, app, method, path, "replayed", submission, signed(secret, submission));
                    check(failures, app, method, path, "replayed again", submission, signed(secret, submission));
                    check(failures, app, method, path, "malformed", "payload=%ZZ{[", signed(secret, "payload=%ZZ{["));
                    check(failures, app, method, path, "2 MiB", big, signed(secret, big));
                    for (String json : List.of(step, garbledStep)) {
                        check(failures, app, method, path, "forged step", json, signed("not-the-secret", json), JSON);
                        check(failures, app, method, path, "step", json, signed(secret, json), JSON);
                        check(failures, app, method, path, "replayed step", json, signed(secret, json), JSON);
                    }
                    String brokenStep = step.substring(0, step.length() / 2);
                    check(failures, app, method, path, "malformed step", brokenStep, signed(secret, brokenStep), JSON);
                    check(failures, app, method, path, "2 MiB step", big, signed(secret, big), JSON);
                    check(failures, app, method, path, "forged card press", card, signed("not-the-secret", card));
                    check(failures, app, method, path, "card press", card, signed(secret, card));
                    check(failures, app, method, path, "replayed card press", card, signed(secret, card));
                    // Universal Logout's kind of credential, on every path: a JWT signed by a key the IdP doesn't
                    // publish, garbage, a real IdP token sent twice (the body is no subject, so nobody is named),
                    // and a real token on a 2 MiB body.
                    String json = "{\"subject\":{\"format\":\"email\",\"email\":";
                    check(failures, app, method, path, "forged bearer", json, bearer(
                            TestIdp.signedByStranger(idp.claims().build(), "stranger")));
                    check(failures, app, method, path, "garbage bearer", json, bearer("not.a.jwt"));
                    String real = idp.token(c -> c.jwtID(UUID.randomUUID().toString()));
                    check(failures, app, method, path, "bearer", json, bearer(real));
                    check(failures, app, method, path, "replayed bearer", json, bearer(real));
                    check(failures, app, method, path, "2 MiB bearer", big, bearer(idp.token(
                            c -> c.jwtID(UUID.randomUUID().toString()))));
                    // A real token with a body that names the person twice: read two ways, it is refused (400).
                    check(failures, app, method, path, "duplicate keys", "{\"subject\":{\"format\":\"email\","
                            + "\"email\":\"" + ALICE.toLowerCase() + "@example.com\",\"email\":\"x@example.com\"}}",
                            bearer(idp.token(c -> c.jwtID(UUID.randomUUID().toString()))));
                }
            }

            assertThat(failures).isEmpty();
            assertThat(logs.withStackTraces()).as(CapturedLogs.describe(logs.withStackTraces())).isEmpty();
            long resets = slack.calls("admin.users.session.reset").size();
            // Only HTTP mode has a door for Slack's requests; with tokens the signed submission and the signed step
            // each acted exactly once, the garbled step and the press on no card not at all (in OAuth mode nothing is
            // installed yet, so nothing could act).
            assertThat(resets).isEqualTo(mode == Mode.HTTP_TOKENS ? 2 : 0);
            assertThat(slack.calls("functions.completeSuccess")).hasSize(mode == Mode.HTTP_TOKENS ? 1 : 0);
            // Nobody was looked up for a sign-out: no request named anyone the app could act on.
            assertThat(slack.calls("users.lookupByEmail")).isEmpty();
            if (mode.socket()) {
                // Besides start-up and the user directory's own sync (list calls, on its thread, whatever arrives),
                // at most the audit trail's posts of the IdP's malformed (refused) requests.
                assertThat(slack.calls()).allMatch(c -> c.method().equals("auth.test")
                        || c.method().equals("apps.connections.open") || c.method().equals("auth.teams.list")
                        || c.method().equals("users.list") || (c.method().equals("chat.postMessage")
                        && TestApp.AUDIT_CHANNEL.equals(c.param("channel"))));
            }
        }
    }

    /**
     * Slowloris on every path at once: connections that dribble their bodies (some with the IdP's real token, so
     * Universal Logout reads its body too) or their headers. Meanwhile {@code /healthz} answers within 1 s and, where
     * there is a door for Slack's requests, a signed command is acked within 3 s.
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void noPathLetsSlowClientsHoldTheThreadsThatAnswerOthers(Mode mode) throws Exception {
        try (TestApp app = TestApp.start(environment(mode))) {
            List<SlowClients> held = new ArrayList<>();
            try {
                for (String path : PATHS) {
                    held.add(SlowClients.open(app.port(), path, SlowClients.Kind.BODY, 30, DRIBBLE));
                    held.add(SlowClients.open(app.port(), path, SlowClients.Kind.HEADERS, 10, DRIBBLE));
                }
                held.add(SlowClients.open(app.port(), "/global-token-revocation", SlowClients.Kind.BODY, 30, DRIBBLE,
                        Map.of("Authorization", "Bearer " + idp.token(c -> c.jwtID(UUID.randomUUID().toString())))));

                for (int i = 0; i < 10; i++) {
                    long t0 = System.nanoTime();
                    assertThat(app.health().statusCode()).isEqualTo(200);
                    assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("/healthz").isLessThan(Duration.ofSeconds(1));
                    if (!mode.socket()) {
                        long t1 = System.nanoTime();
                        int status = app.slack().slashCommand(SlackRequests.command(ADMIN, "help")).statusCode();
                        // With OAuth and nothing installed yet, Bolt refuses the workspace: answered, not acked.
                        assertThat(status).isEqualTo(mode == Mode.HTTP_TOKENS ? 200 : status).isLessThan(500);
                        assertThat(Duration.ofNanos(System.nanoTime() - t1)).as("a signed help")
                                .isLessThan(Duration.ofSeconds(3));
                    }
                }
            } finally {
                held.forEach(SlowClients::close);
            }
            assertThat(logs.withStackTraces()).as(CapturedLogs.describe(logs.withStackTraces())).isEmpty();
            assertThat(slack.calls("admin.users.session.reset")).isEmpty();
        }
    }

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String JSON = "application/json";

    private static void check(List<String> failures, TestApp app, String method, String path, String what, String body,
            Map<String, String> signature) {
        check(failures, app, method, path, what, body, signature, FORM);
    }

    private static void check(List<String> failures, TestApp app, String method, String path, String what, String body,
            Map<String, String> signature, String contentType) {
        Map<String, String> headers = new LinkedHashMap<>(signature);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.put("Content-Type", contentType);
        headers.put("Content-Length", Integer.toString(bytes.length));
        RawHttp.Answer answer = RawHttp.send(app.port(), method, path, headers, bytes, Duration.ofSeconds(15));
        if (answer.status() < 200 || answer.status() >= 500) {
            failures.add(method + " " + path + " (" + what + "): " + answer.status());
        }
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static Map<String, String> signed(String secret, String body) {
        String ts = Long.toString(Instant.now().getEpochSecond());
        return Map.of(RequestSignature.TIMESTAMP_HEADER, ts, RequestSignature.SIGNATURE_HEADER,
                new Generator(secret).generate(ts, body));
    }

    private Map<String, String> environment(Mode mode) {
        Map<String, String> env = switch (mode) {
            case HTTP_TOKENS, SOCKET_TOKENS -> TestApp.environment(slack);
            case HTTP_OAUTH, SOCKET_OAUTH -> TestApp.oauthEnvironment(slack);
        };
        // Universal Logout on in every mode, against a loopback IdP: its door is served in Socket Mode too. Threat
        // response on as well (its cards' buttons), and Slack completes workflow steps.
        idp.configure(env);
        slack.auditLogs().configure(env);
        WorkflowEvents.completing(slack);
        return mode.socket() ? TestApp.inSocketMode(env) : env;
    }
}
