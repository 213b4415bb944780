package dev.sessionguard.gtr;

import static dev.sessionguard.support.Org.ALICE;
import static dev.sessionguard.support.Org.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.AuditStore;
import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.config.GtrSettings;
import dev.sessionguard.config.GuardSettings;
import dev.sessionguard.config.Secret;
import dev.sessionguard.config.ServerSettings;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcAuditStore;
import dev.sessionguard.support.Await;
import dev.sessionguard.support.CapturedLogs;
import dev.sessionguard.support.EndToEnd;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.Org;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.SlackRequests;
import dev.sessionguard.support.SteppedClock;
import dev.sessionguard.support.TestApp;
import dev.sessionguard.support.TestIdp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Universal Logout end to end: the real app with Universal Logout on, a loopback IdP serving its JWKS, the fake Slack,
 * and real HTTP requests with bearer JWTs signed by Nimbus.
 */
class GtrEndToEndTest extends EndToEnd {

    final TestIdp idp = TestIdp.start();

    @Override
    protected Map<String, String> environment(FakeSlack slack) {
        return idp.configure(TestApp.environment(slack));
    }

    @AfterEach
    void stopIdp() {
        idp.close();
    }

    static String email(String name) {
        return "{\"subject\":{\"format\":\"email\",\"email\":\"" + name + "@example.com\"}}";
    }

    String issSub(String userId) {
        return "{\"subject\":{\"format\":\"iss_sub\",\"iss\":\"" + idp.issuer() + "\",\"sub\":\"" + userId + "\"}}";
    }

    HttpResponse<String> post(String token, String body) {
        return post(app, token, body);
    }

    static HttpResponse<String> post(TestApp app, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + GtrServlet.PATH))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    List<RecordedCall> resets() {
        return slack.calls("admin.users.session.reset");
    }

    List<RecordedCall> auditPosts() {
        return slack.calls("chat.postMessage").stream().filter(c -> TestApp.AUDIT_CHANNEL.equals(c.param("channel")))
                .toList();
    }

    double metric(String outcome) {
        String line = app.get("/metrics").body().lines()
                .filter(l -> l.startsWith("session_guard_gtr_requests_total{") && l.contains("outcome=\"" + outcome + "\""))
                .findFirst().orElseThrow(() -> new AssertionError("no gtr metric for " + outcome));
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    // ------------------------------------------------------------------ signed out

    @Test
    void anEmailSubjectSignsThePersonOutWithTheAdminTokenAndAnswers204() {
        String jti = "jti-alice-1";
        HttpResponse<String> answer = post(idp.token(c -> c.jwtID(jti)), email("alice"));

        assertThat(answer.statusCode()).isEqualTo(204);
        assertThat(answer.body()).isEmpty();
        assertThat(resets()).singleElement().satisfies(c -> {
            assertThat(c.param("user_id")).isEqualTo(ALICE);
            assertThat(c.token()).isEqualTo(TestApp.ADMIN_TOKEN);
        });
        RecordedCall audit = awaitAudit();
        assertThat(audit.param("text")).contains("The identity provider " + idp.issuer() + " asked to sign out <@"
                + ALICE + ">").contains("Succeeded").contains(jti);
        assertThat(audit.param("blocks")).contains("The identity provider").contains("Signed out of all sessions");
        assertThat(metric("signed_out")).isEqualTo(1.0);
    }

    @Test
    void anIssSubSubjectSignedWithTheEcKeySignsOut() {
        HttpResponse<String> answer = post(idp.es256(idp.claims().build()), issSub(BOB));

        assertThat(answer.statusCode()).isEqualTo(204);
        assertThat(resets()).singleElement().satisfies(c -> assertThat(c.param("user_id")).isEqualTo(BOB));
    }

    @Test
    void theOlderSubIdKeyIsAcceptedInPlaceOfSubject() {
        HttpResponse<String> answer = post(idp.token(), email("alice").replace("\"subject\"", "\"sub_id\""));

        assertThat(answer.statusCode()).isEqualTo(204);
        assertThat(resets()).hasSize(1);
    }

    @Test
    void slackRateLimitingOnceThenAnsweringOkStillSignsOut() {
        slack.respondInSequence("admin.users.session.reset", FakeResponse.ratelimited(1), FakeResponse.ok());

        assertThat(post(idp.token(), email("alice")).statusCode()).isEqualTo(204);
        assertThat(resets()).hasSize(2);
    }

    @Test
    void aKeyIdRotatedOnTheJwksServerIsAcceptedAfterARefetch() {
        assertThat(post(idp.token(), email("alice")).statusCode()).isEqualTo(204);
        assertThat(idp.fetches()).isEqualTo(1);

        idp.rotate("rsa-2");
        assertThat(post(idp.token(), email("bob")).statusCode()).isEqualTo(204);

        assertThat(idp.fetches()).isEqualTo(2);
        assertThat(resets()).hasSize(2);
    }

    @Test
    void theAuditRecordNamesTheIdpAndHoldsTheTargetTheOutcomeAndTheJti() throws Exception {
        assertThat(post(idp.token(c -> c.jwtID("jti-record-7")), email("alice")).statusCode()).isEqualTo(204);

        try (Database db = Database.open(new Secret(app.databaseUrl()))) {
            List<AuditRecord> records = new JdbcAuditStore(db, Clock.systemUTC()).recent(5).stream()
                    .map(AuditStore.StoredRecord::record).toList();
            assertThat(records).hasSize(2); // written ahead, then closed
            assertThat(records).allSatisfy(r -> {
                assertThat(r.actorId()).isEqualTo("idp:" + idp.issuer());
                assertThat(r.action()).isEqualTo(AuditRecord.IDP_SESSION_RESET);
                assertThat(r.reason()).contains("jti-record-7");
            });
            AuditRecord closing = records.get(0);
            assertThat(closing.outcome()).isEqualTo(AuditRecord.Outcome.SUCCEEDED);
            assertThat(closing.targets()).singleElement().satisfies(t -> {
                assertThat(t.userId()).isEqualTo(ALICE);
                assertThat(t.status()).isEqualTo(TargetResult.Status.DONE);
            });
        }
    }

    // ------------------------------------------------------------------ 401: not the IdP

    @Test
    void everyTokenThatIsNotTheIdpsIsRefusedWith401AndNothingIsPostedOrDone() {
        JWTClaimsSet good = idp.claims().build();
        Instant now = Instant.now();
        Map<String, String> tokens = new java.util.LinkedHashMap<>();
        tokens.put("garbage", "not.a.jwt");
        tokens.put("expired", idp.token(c -> c.expirationTime(Date.from(now.minusSeconds(5)))
                .issueTime(Date.from(now.minusSeconds(300)))));
        tokens.put("wrong aud", idp.token(c -> c.audience("https://someone-else.test")));
        tokens.put("wrong iss", idp.token(c -> c.issuer("https://evil.example.com")));
        tokens.put("alg none", TestIdp.unsigned(good));
        tokens.put("HS256 with the public key", idp.hs256WithPublicKey(good));
        tokens.put("unknown key", TestIdp.signedByStranger(good, "rsa-1"));
        tokens.put("unknown kid", TestIdp.signedByStranger(good, "stranger"));
        tokens.put("iat in the future", idp.token(c -> c.issueTime(Date.from(now.plusSeconds(120)))));
        tokens.put("no jti", idp.token(c -> c.jwtID(null)));
        tokens.put("no exp", idp.token(c -> c.expirationTime(null)));
        try (CapturedLogs logs = CapturedLogs.start()) {
            tokens.forEach((what, token) -> {
                HttpResponse<String> answer = post(token, email("alice"));
                assertThat(answer.statusCode()).as(what).isEqualTo(401);
                assertThat(answer.body()).as(what).isEqualTo("{\"error\":\"invalid_token\"}");
            });
            assertThat(post(null, email("alice")).statusCode()).isEqualTo(401);
            assertThat(send("Basic dXNlcjpwYXNz").statusCode()).isEqualTo(401);

            List<String> warnings = logs.from(GtrServlet.class, Level.WARN).stream()
                    .map(e -> e.getFormattedMessage()).toList();
            assertThat(warnings).hasSize(tokens.size() + 2);
            for (String token : tokens.values()) {
                String[] parts = token.split("\\.");
                assertThat(logs.events()).as("no log line holds a token or any part of one")
                        .noneMatch(e -> java.util.Arrays.stream(parts).anyMatch(p -> p.length() > 8
                                && e.getFormattedMessage().contains(p)));
            }
        }
        assertThat(resets()).isEmpty();
        assertThat(slack.calls("users.lookupByEmail")).isEmpty();
        assertThat(metric("unauthenticated")).isEqualTo(tokens.size() + 2.0);
        assertThat(auditPosts()).as("a failed authentication is counted, never posted").isEmpty();
    }

    HttpResponse<String> send(String authorization) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(app.baseUrl() + GtrServlet.PATH))
                    .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.ofString(email("alice")))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aReplayedTokenIsRefusedAlsoAfterARestartOnTheSameDatabase() throws Exception {
        String token = idp.token();
        assertThat(post(token, email("alice")).statusCode()).isEqualTo(204);
        assertThat(post(token, email("bob")).statusCode()).isEqualTo(401);

        app.close();
        Map<String, String> env = environment(slack);
        env.put(ServerSettings.DATABASE_URL, app.databaseUrl());
        app = TestApp.start(env);

        assertThat(post(token, email("bob")).statusCode()).isEqualTo(401);
        assertThat(metric("replay")).isEqualTo(1.0);
        assertThat(resets()).singleElement().satisfies(c -> assertThat(c.param("user_id")).isEqualTo(ALICE));
    }

    // ------------------------------------------------------------------ 400: authenticated, malformed

    @Test
    void malformedBodiesAreRefusedWith400AndAudited() {
        List<String> bodies = List.of("not json", "{}", "[]", "{\"subject\":\"alice\"}",
                "{\"subject\":{\"format\":\"phone\",\"phone\":\"+1\"}}", "{\"subject\":{\"format\":\"email\"}}",
                "{\"subject\":{\"format\":\"iss_sub\",\"sub\":\"" + ALICE + "\"}}",
                "{\"subject\":{\"format\":\"email\",\"email\":\"alice@example.com\"}} trailing",
                "{\"subject\":{\"format\":\"email\",\"email\":\"alice@example.com\",\"email\":\"bob@example.com\"}}",
                email("alice").replace("}}", "},") + email("bob").substring(1));
        for (String body : bodies) {
            HttpResponse<String> answer = post(idp.token(), body);
            assertThat(answer.statusCode()).as(body).isEqualTo(400);
            assertThat(answer.body()).as(body).isEqualTo("{\"error\":\"bad_request\"}");
        }
        assertThat(resets()).isEmpty();
        slack.awaitCalls("chat.postMessage", bodies.size(), WAIT);
        assertThat(auditPosts()).allSatisfy(c -> assertThat(c.param("text")).contains("The identity provider")
                .contains("Refused"));
    }

    @Test
    void anIssSubWhoseIssIsNotTheConfiguredIssuerIsRefusedWith400() {
        String body = "{\"subject\":{\"format\":\"iss_sub\",\"iss\":\"https://other.example.com\",\"sub\":\"" + ALICE
                + "\"}}";

        assertThat(post(idp.token(), body).statusCode()).isEqualTo(400);
        assertThat(resets()).isEmpty();
        assertThat(awaitAudit().param("text")).contains("Refused");
    }

    // ------------------------------------------------------------------ 404, 422: nobody to sign out

    @Test
    void anUnknownEmailIs404AndAudited() {
        assertThat(post(idp.token(), email("nobody")).statusCode()).isEqualTo(404);

        assertThat(resets()).isEmpty();
        RecordedCall audit = awaitAudit();
        assertThat(audit.param("text")).contains("Refused").contains("nobody@example.com");
    }

    @Test
    void aDeactivatedPersonOrASubThatIsNoSlackUserIdIs404() {
        assertThat(post(idp.token(), issSub(Org.GONE)).statusCode()).isEqualTo(404);
        assertThat(post(idp.token(), issSub("00u1abcdEFGH")).statusCode()).isEqualTo(404);
        assertThat(post(idp.token(), issSub("W0000NOBODY")).statusCode()).isEqualTo(404);

        assertThat(resets()).isEmpty();
    }

    @Test
    void thePrimaryOwnerAndABotAre422AndNeverSentToSlack() {
        assertThat(post(idp.token(), email("pat")).statusCode()).isEqualTo(422);
        assertThat(post(idp.token(), issSub(Org.BOT)).statusCode()).isEqualTo(422);

        assertThat(resets()).isEmpty();
        assertThat(awaitAudit().param("text")).contains("asked to sign out <@" + Org.PRIMARY + ">").contains("Refused");
    }

    @Test
    void aPermanentRefusalBySlackIs422() {
        slack.respond("admin.users.session.reset", c -> FakeResponse.error("cannot_reset_primary_owner"));

        assertThat(post(idp.token(), email("alice")).statusCode()).isEqualTo(422);
        assertThat(awaitAudit().param("text")).contains("Failed");
    }

    // ------------------------------------------------------------------ 503: Slack or the audit trail

    @Test
    void slackRateLimitingBeyondTheRetriesIs503WithItsRetryAfter() {
        slack.respond("admin.users.session.reset", c -> FakeResponse.ratelimited(120));

        HttpResponse<String> answer = post(idp.token(), email("alice"));

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("120");
    }

    @Test
    void slackUnavailableAfterTheRetriesIs503WithRetryAfterAndTheSameTokenMayBeSentAgain() {
        slack.respond("admin.users.session.reset", c -> FakeResponse.error("service_unavailable"));
        String token = idp.token();

        HttpResponse<String> answer = post(token, email("alice"));
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();

        slack.respond("admin.users.session.reset", c -> FakeResponse.ok());
        assertThat(post(token, email("alice")).statusCode()).isEqualTo(204);
    }

    @Test
    void atMostFourRequestsWaitOnSlackAtOnceTheNextIs503AndSlacksOwnRequestsAreStillAnswered() throws Exception {
        CountDownLatch slackAnswers = new CountDownLatch(1);
        slack.respond("admin.users.session.reset", c -> {
            try {
                slackAnswers.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FakeResponse.ok();
        });
        ExecutorService idpSide = Executors.newFixedThreadPool(GtrServlet.MAX_IN_FLIGHT);
        try {
            List<Future<HttpResponse<String>>> held = new ArrayList<>();
            for (int i = 0; i < GtrServlet.MAX_IN_FLIGHT; i++) {
                String token = idp.token(c -> c.jwtID("held-" + UUID.randomUUID()));
                held.add(idpSide.submit(() -> post(token, email("alice"))));
            }
            Await.until(Duration.ofSeconds(10), () -> resets().size() == GtrServlet.MAX_IN_FLIGHT,
                    "the first requests to reach Slack");

            String fifth = idp.token(c -> c.jwtID("fifth"));
            HttpResponse<String> refused = post(fifth, email("bob"));
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
            // Slack's requests are acked while the IdP's wait on Slack.
            assertThat(app.slack().slashCommand(SlackRequests.command(Org.ADMIN, "help")).statusCode()).isEqualTo(200);

            slackAnswers.countDown();
            for (Future<HttpResponse<String>> answer : held) {
                assertThat(answer.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
            }
            // The refused token did nothing, so the IdP may send it again.
            assertThat(post(fifth, email("bob")).statusCode()).isEqualTo(204);
            assertThat(resets()).hasSize(GtrServlet.MAX_IN_FLIGHT + 1);
        } finally {
            slackAnswers.countDown();
            idpSide.shutdownNow();
        }
    }

    @Test
    void whenTheAuditRecordCantBeWrittenTheAnswerIs503AndNobodyIsSignedOut() throws Exception {
        try (Connection c = DriverManager.getConnection(app.databaseUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER no_audit BEFORE INSERT ON audit_record BEGIN SELECT RAISE(ABORT, 'disk full'); END");
        }

        HttpResponse<String> answer = post(idp.token(), email("alice"));

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        assertThat(slack.calls("users.lookupByEmail")).hasSize(1);
        assertThat(resets()).as("nothing is sent to Slack without its audit record").isEmpty();
    }

    @Test
    void whenTheIdpsKeysCantBeFetchedTheAnswerIs503SoTheIdpTriesAgain() {
        idp.close();

        try (CapturedLogs logs = CapturedLogs.start()) {
            HttpResponse<String> answer = post(idp.token(), email("alice"));

            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            assertThat(logs.withStackTraces()).isEmpty();
        }
        assertThat(resets()).isEmpty();
        assertThat(auditPosts()).isEmpty();
    }

    /** Restarts the app on a clock the test can step past the JWKS refetch interval. */
    SteppedClock restartOnASteppedClock() throws Exception {
        app.close();
        SteppedClock clock = new SteppedClock();
        app = TestApp.start(environment(slack), clock);
        return clock;
    }

    static long retryAfter(HttpResponse<String> answer) {
        return Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void forgedKeyIdsCantMakeTheIdpsNewKeyA401ItIs503AndTheSameTokenIsAcceptedAfterTheWait() throws Exception {
        SteppedClock clock = restartOnASteppedClock();
        assertThat(post(idp.token(), email("alice")).statusCode()).isEqualTo(204);
        List<Integer> forged = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            forged.add(post(TestIdp.signedByStranger(idp.claims().build(), "made-up-" + i), email("bob")).statusCode());
        }
        assertThat(forged).as("the first is judged by a fetch made for it; then no fetch for 30 s")
                .containsExactly(401, 503, 503);

        idp.rotate("rsa-2");
        String token = idp.token();
        HttpResponse<String> wait = post(token, email("bob"));
        assertThat(wait.statusCode()).isEqualTo(503);
        assertThat(wait.body()).isEqualTo("{\"error\":\"keys_unavailable\"}");
        assertThat(retryAfter(wait)).isBetween(1L, 30L);

        clock.step(Duration.ofSeconds(retryAfter(wait)));
        assertThat(post(token, email("bob")).statusCode()).as("the same token: its jti was not used up")
                .isEqualTo(204);
        assertThat(resets()).extracting(c -> c.param("user_id")).containsExactly(ALICE, BOB);
        assertThat(idp.fetches()).isEqualTo(3);
    }

    @Test
    void duringAJwksOutageAValidTokenIs503AndTheSameTokenIsAcceptedAfterRecovery() throws Exception {
        SteppedClock clock = restartOnASteppedClock();
        idp.fail(500);
        String token = idp.token();

        HttpResponse<String> down = post(token, email("alice"));
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).isEqualTo("{\"error\":\"keys_unavailable\"}");
        assertThat(retryAfter(down)).isBetween(1L, 30L);

        idp.recover();
        assertThat(post(token, email("alice")).statusCode()).as("just recovered: not fetched again yet")
                .isEqualTo(503);
        assertThat(idp.fetches()).isEqualTo(1);

        clock.step(Duration.ofSeconds(retryAfter(down)));
        assertThat(post(token, email("alice")).statusCode()).isEqualTo(204);
        assertThat(resets()).singleElement().satisfies(c -> assertThat(c.param("user_id")).isEqualTo(ALICE));
        assertThat(metric("unavailable")).isEqualTo(2.0);
        assertThat(metric("unauthenticated")).isZero();
    }

    // ------------------------------------------------------------------ 429: the IdP's own limit

    @Test
    void pastTheLimitA429WithRetryAfterAndOnlyAuthenticatedRequestsCount() throws Exception {
        app.close();
        Map<String, String> env = environment(slack);
        env.put(GtrSettings.GTR_MAX_PER_MINUTE, "2");
        env.put(GuardSettings.MAX_RESETS_PER_MINUTE, "1"); // the per-admin limit does not apply to the IdP
        app = TestApp.start(env);
        for (int i = 0; i < 10; i++) {
            assertThat(post("forged." + i + ".token", email("alice")).statusCode()).isEqualTo(401);
        }

        assertThat(post(idp.token(), email("alice")).statusCode()).isEqualTo(204);
        assertThat(post(idp.token(), email("bob")).statusCode()).isEqualTo(204);
        HttpResponse<String> third = post(idp.token(), email("carol"));

        assertThat(third.statusCode()).isEqualTo(429);
        int retryAfter = Integer.parseInt(third.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1, 60);
        assertThat(resets()).hasSize(2);
        assertThat(metric("rate_limited")).isEqualTo(1.0);
    }

    // ------------------------------------------------------------------ protected, and off

    @Test
    void aProtectedPersonIs422AndNeverSentToSlack() throws Exception {
        app.close();
        Map<String, String> env = environment(slack);
        env.put(GuardSettings.PROTECTED_USERS, Org.BREAK_GLASS);
        app = TestApp.start(env);

        assertThat(post(idp.token(), email("glass")).statusCode()).isEqualTo(422);
        assertThat(post(idp.token(), issSub(Org.BREAK_GLASS)).statusCode()).isEqualTo(422);

        assertThat(resets()).isEmpty();
        assertThat(awaitAudit().param("blocks")).contains("protected_user");
    }

    @Test
    void withoutAnIssuerThePathIsTheUsual404() throws Exception {
        app.close();
        app = TestApp.start(TestApp.environment(slack));

        HttpResponse<String> answer = post(idp.token(), email("alice"));

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).isEqualTo("{\"error\":\"Not Found\"}");
        assertThat(resets()).isEmpty();
        assertThat(idp.fetches()).isZero();
    }

    @Test
    void aBodyOver16KibIsRefusedUnread() {
        HttpResponse<String> answer = post(idp.token(), "{\"pad\":\"" + "x".repeat(20_000) + "\"}");

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(resets()).isEmpty();
    }

    @Test
    void onlyPostIsAnswered() {
        assertThat(app.get(GtrServlet.PATH).statusCode()).isEqualTo(405);
    }
}
