package dev.sessionguard.edge;

import static dev.sessionguard.support.Org.ADMIN;
import static dev.sessionguard.support.Org.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sessionguard.SessionGuard;
import dev.sessionguard.config.Settings;
import dev.sessionguard.support.CapturedLogs;
import dev.sessionguard.support.EndToEnd;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.RawHttp;
import dev.sessionguard.support.ResetPayloads;
import dev.sessionguard.support.SlackRequests;
import dev.sessionguard.support.TestApp;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one door, attacked from outside over loopback: malformed, oversized, slow, forged, early, future-dated and
 * replayed requests to /slack/events, and error pages anywhere. Each test closes a finding of issue 8.
 */
class EdgeEndToEndTest extends EndToEnd {

    /** What the app calls on its own: its start-up check, and the user directory's sync (list calls, on its thread). */
    static final java.util.Set<String> STARTUP_AND_DIRECTORY = java.util.Set.of("auth.test", "auth.teams.list",
            "users.list");

    CapturedLogs logs;

    @BeforeEach
    void captureLogs() {
        logs = CapturedLogs.start();
    }

    @AfterEach
    void stopCapturing() {
        logs.close();
    }

    // ------------------------------------------------------------------ authenticate before parsing (finding 2)

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "42", "null", "not json{", "{\"type\":{\"a\":1}}", "{\"type\":\"view_submission\"}",
            "{\"type\":\"block_actions\",\"user\":\"W1\"}", "{\"type\":\"view_submission\",\"user\":{\"id\":\"W1\"},\"view\":[]}"})
    void signedPayloadsThatAreNotSlackShapesGetAShort400AndOneWarningWithoutAStackTrace(String payload) {
        String body = "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);

        HttpResponse<String> answer = app.slack().post("application/x-www-form-urlencoded", body);

        assertRefusedQuietly(answer, 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "{\"type\":\"event_callback\"}", "{\"type\":\"event_callback\",\"event\":[]}",
            "{\"type\":\"url_verification\"}", "{\"type\":7}", "{\"type\":\"event_callback\",\"event\":{\"type\":1}}",
            "{\"a\":1} trailing"})
    void signedJsonBodiesThatAreNotEventsGetAShort400(String body) {
        assertRefusedQuietly(app.slack().post("application/json", body), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"payload=%ZZ", "command=%2", "payload=%C3%28", "ok=1&nothing=else", ""})
    void signedFormsWithBrokenEncodingOrNoSlackFieldGetAShort400(String body) {
        assertRefusedQuietly(app.slack().post("application/x-www-form-urlencoded", body), 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"payload=%ZZ", "payload=[1,2]", "[]", "{\"type\":\"event_callback\"}", "not json{"})
    void unsignedMalformedBodiesGet401BeforeAnythingReadsThem(String body) {
        HttpResponse<String> answer = app.slack().withSigningSecret("wrong").post("application/json", body);

        assertRefusedQuietly(answer, 401);
    }

    @Test
    void aSignedPayloadOfATypeSlackMayAddLaterIsAcknowledgedAndLogged() {
        JsonObject payload = new JsonObject();
        payload.addProperty("type", "brand_new_surface");

        HttpResponse<String> answer = app.slack().post("application/x-www-form-urlencoded",
                "payload=" + URLEncoder.encode(payload.toString(), StandardCharsets.UTF_8));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(logs.from(SlackEventsServlet.class, Level.INFO))
                .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("brand_new_surface"));
        assertThat(slack.calls()).allMatch(c -> STARTUP_AND_DIRECTORY.contains(c.method()));
    }

    // ------------------------------------------------------------------ size and time limits (finding 3)

    @Test
    void aSignedBodyOverOneMebibyteGets413AndIsNotHandled() {
        String reason = "x".repeat(2 * 1024 * 1024);
        HttpResponse<String> answer = app.slack().interactivity(ResetPayloads.submission(ADMIN, List.of(ALICE), "all", reason));

        assertThat(answer.statusCode()).isEqualTo(413);
        assertTerse(answer.body());
        assertThat(adminCalls()).isEmpty();
    }

    @Test
    void aDeclared64MebibyteBodyIsRefusedWithoutWaitingForIt() {
        // Only the head is sent: an answer proves the app did not wait to read 64 MiB first.
        RawHttp.Answer answer = RawHttp.send(app.port(), "POST", HttpServer.EVENTS_PATH,
                Map.of("Content-Type", "application/json", "Content-Length", Integer.toString(64 * 1024 * 1024)),
                new byte[0], Duration.ofSeconds(5));

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.took()).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aChunkedBodyThatGrowsPastTheLimitIsCutOff() {
        StringBuilder chunks = new StringBuilder();
        String chunk = "y".repeat(64 * 1024);
        for (int i = 0; i < 20; i++) { // 1.25 MiB, no length declared
            chunks.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        chunks.append("0\r\n\r\n");

        RawHttp.Answer answer = RawHttp.send(app.port(), "POST", HttpServer.EVENTS_PATH,
                Map.of("Content-Type", "application/json", "Transfer-Encoding", "chunked"),
                chunks.toString().getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(10));

        assertThat(answer.status()).isIn(413, 400);
        assertTerse(answer.body());
    }

    @Test
    void aBodyThatStopsHalfwayIsDroppedAfterTheIdleTimeout() {
        RawHttp.Answer answer = RawHttp.send(app.port(), "POST", HttpServer.EVENTS_PATH,
                Map.of("Content-Type", "application/json", "Content-Length", "1000"),
                "{\"type\":".getBytes(StandardCharsets.US_ASCII), Duration.ofMillis(HttpServer.IDLE_TIMEOUT_MS + 10_000));

        assertThat(answer.took()).isLessThan(Duration.ofMillis(HttpServer.IDLE_TIMEOUT_MS + 5_000));
        assertThat(answer.status()).isLessThan(500);
        assertThat(adminCalls()).isEmpty();
    }

    @Test
    void aBodyDribbledByteByByteIsCutOffAtTheBodyDeadline() {
        byte[] body = "x".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        Duration deadline = SlackEventsServlet.BODY_DEADLINE;

        RawHttp.Answer answer = RawHttp.dribble(app.port(), HttpServer.EVENTS_PATH,
                Map.of("Content-Type", "application/json", "Content-Length", "1000"), body, Duration.ofMillis(400),
                deadline.multipliedBy(3));

        assertThat(answer.status()).isEqualTo(408);
        assertThat(answer.took()).isBetween(deadline, deadline.plusSeconds(3));
    }

    // ------------------------------------------------------------------ timestamps (finding 4)

    @Test
    void aTimestampSixMinutesAheadIsRefusedLikeOneSixMinutesOld() {
        long ahead = Instant.now().plusSeconds(360).getEpochSecond();
        long behind = Instant.now().minusSeconds(360).getEpochSecond();

        HttpResponse<String> future = app.slack().withTimestamp(ahead)
                .interactivity(ResetPayloads.submission(ADMIN, List.of(ALICE), "all", "from the future"));
        HttpResponse<String> past = app.slack().withTimestamp(behind)
                .interactivity(ResetPayloads.submission(ADMIN, List.of(ALICE), "all", "from the past"));

        assertThat(future.statusCode()).isEqualTo(401);
        assertThat(past.statusCode()).isEqualTo(401);
        assertThat(adminCalls()).isEmpty();
    }

    @Test
    void aTimestampWithinFiveMinutesEitherSideIsAccepted() {
        long ahead = Instant.now().plusSeconds(240).getEpochSecond();

        assertThat(app.slack().withTimestamp(ahead).slashCommand(SlackRequests.command(ADMIN, "help")).statusCode())
                .isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v0=", "v1=0000000000000000000000000000000000000000000000000000000000000000", "garbage", "v0=zz"})
    void aSignatureNotInSlacksFormatIsRefused(String signature) {
        HttpResponse<String> answer = app.slack().withHeaders(Map.of(RequestSignature.SIGNATURE_HEADER, signature))
                .slashCommand(SlackRequests.command(ADMIN, "help"));

        assertRefusedQuietly(answer, 401);
    }

    // ------------------------------------------------------------------ before ready (finding 5)

    @Test
    void untilSlackAcceptsTheAppEveryPostGets503NotA500() throws Exception {
        slack.respond("auth.test", c -> FakeResponse.error("invalid_auth"));
        Map<String, String> env = TestApp.environment(slack);
        try (SessionGuard early = SessionGuard.start(Settings.from(env))) {
            SlackRequests requests = new SlackRequests("http://127.0.0.1:" + early.port(), TestApp.SIGNING_SECRET);

            HttpResponse<String> command = requests.slashCommand(SlackRequests.command(ADMIN, "help"));
            HttpResponse<String> forged = requests.withSigningSecret("wrong").post("application/json", "[]");

            assertThat(command.statusCode()).isEqualTo(503);
            assertThat(command.headers().firstValue("Retry-After")).isPresent();
            assertThat(forged.statusCode()).isEqualTo(503);
            assertTerse(command.body());
            assertThat(logs.withStackTraces()).as(CapturedLogs.describe(logs.events())).isEmpty();
        }
    }

    // ------------------------------------------------------------------ act once (finding 6)

    @Test
    void aReplayedViewSubmissionActsOnlyOnce() {
        JsonObject submission = ResetPayloads.submission(ADMIN, List.of(ALICE), "all", "Laptop stolen");

        HttpResponse<String> first = app.slack().interactivity(submission);
        slack.awaitCall("admin.users.session.reset", WAIT);
        HttpResponse<String> replay = app.slack().interactivity(submission);
        HttpResponse<String> again = app.slack().interactivity(submission);
        awaitAudit();

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).contains("already submitted").contains("nothing more was done");
        assertThat(again.body()).contains("already submitted");
        assertThat(slack.calls("admin.users.session.reset")).hasSize(1);
    }

    @Test
    void aReplayIsRefusedAfterARestartAndByAnotherInstanceOnTheSameDatabase() throws Exception {
        Map<String, String> env = TestApp.environment(slack);
        JsonObject submission = ResetPayloads.submission(ADMIN, List.of(ALICE), "all", "Phone lost");
        try (TestApp first = TestApp.start(env)) {
            first.slack().interactivity(submission);
            slack.awaitCall("admin.users.session.reset", WAIT);
            try (TestApp second = TestApp.start(env)) {
                assertThat(second.slack().interactivity(submission).body()).contains("already submitted");
            }
        }
        try (TestApp restarted = TestApp.start(env)) {
            assertThat(restarted.slack().interactivity(submission).body()).contains("already submitted");
        }
        assertThat(slack.calls("admin.users.session.reset")).hasSize(1);
    }

    @Test
    void aFormSentBackWithErrorsCanBeCorrectedAndSubmittedFromTheSameView() {
        JsonObject submission = ResetPayloads.submission(ADMIN, List.of(ALICE), "all", "   ");

        HttpResponse<String> blank = app.slack().interactivity(submission);
        submission.getAsJsonObject("view").getAsJsonObject("state")
                .add("values", ResetPayloads.state(List.of(ALICE), "all", "Now with a reason"));
        HttpResponse<String> corrected = app.slack().interactivity(submission);

        assertThat(JsonParser.parseString(blank.body()).getAsJsonObject().get("response_action").getAsString())
                .isEqualTo("errors");
        assertThat(corrected.body()).doesNotContain("already submitted");
        slack.awaitCall("admin.users.session.reset", WAIT);
    }

    @Test
    void twoDifferentViewsOfTheSameFormEachAct() {
        app.slack().interactivity(ResetPayloads.submission(ADMIN, List.of(ALICE), "all", "first"));
        app.slack().interactivity(ResetPayloads.submission(ADMIN, List.of(ALICE), "all", "second"));

        slack.awaitCalls("admin.users.session.reset", 2, WAIT);
    }

    // ------------------------------------------------------------------ error pages name nothing

    @Test
    void errorPagesAnywhereNameNoExceptionServletOrServerVersion() {
        List<RawHttp.Answer> answers = List.of(
                RawHttp.send(app.port(), "GET", "/no/such/path", Map.of(), new byte[0], WAIT),
                RawHttp.send(app.port(), "TRACE", "/healthz", Map.of("Cookie", "secret=1"), new byte[0], WAIT),
                RawHttp.send(app.port(), "DELETE", HttpServer.EVENTS_PATH, Map.of(), new byte[0], WAIT),
                RawHttp.send(app.port(), "PATCH", HttpServer.HEALTH_PATH, Map.of(), new byte[0], WAIT),
                RawHttp.send(app.port(), "GET", HttpServer.EVENTS_PATH, Map.of(), new byte[0], WAIT),
                RawHttp.send(app.port(), "POST", HttpServer.HEALTH_PATH, Map.of("Content-Length", "2"), "{}".getBytes(), WAIT),
                RawHttp.send(app.port(), "GET", "/%", Map.of(), new byte[0], WAIT),
                RawHttp.send(app.port(), "GET", "/healthz", Map.of("X-Big", "h".repeat(20_000)), new byte[0], WAIT));

        assertThat(answers).extracting(RawHttp.Answer::status).containsExactly(404, 405, 405, 405, 405, 405, 400, 431);
        assertThat(answers).allSatisfy(a -> {
            assertThat(a.header("Server")).isNull();
            assertTerse(a.body());
            assertThat(a.body()).doesNotContain("secret=1");
        });
    }

    // ------------------------------------------------------------------ helpers

    private void assertRefusedQuietly(HttpResponse<String> answer, int status) {
        assertThat(answer.statusCode()).isEqualTo(status);
        assertTerse(answer.body());
        assertThat(answer.headers().firstValue("Server")).isEmpty();
        assertThat(logs.withStackTraces()).as(CapturedLogs.describe(logs.events())).isEmpty();
        assertThat(logs.events()).noneMatch(e -> e.getLevel() == Level.ERROR);
        if (status == 400) {
            assertThat(logs.from(SlackEventsServlet.class, Level.WARN)).hasSize(1);
        }
        assertThat(slack.calls()).allMatch(c -> STARTUP_AND_DIRECTORY.contains(c.method()));
    }

    /** Short, and naming no exception, class, servlet or server. */
    static void assertTerse(String body) {
        assertThat(body.length()).isLessThan(200);
        assertThat(body.toLowerCase()).doesNotContain("jetty").doesNotContain("exception").doesNotContain("servlet")
                .doesNotContain("java.").doesNotContain("com.slack").doesNotContain("12.0");
    }
}
