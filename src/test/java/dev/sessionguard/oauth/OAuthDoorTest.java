package dev.sessionguard.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.config.Secret;
import dev.sessionguard.config.ServerSettings;
import dev.sessionguard.storage.Database;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.FakeSocketMode;
import dev.sessionguard.support.FakeUser;
import dev.sessionguard.support.OAuthFlow;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.ResetPayloads;
import dev.sessionguard.support.SlackRequests;
import dev.sessionguard.support.TestApp;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The OAuth paths are one door each: {@code GET /slack/install} starts the flow and {@code GET
 * /slack/oauth_redirect} finishes it, and nothing sent there is ever taken for a Slack request. Bolt's parser
 * looks only at the body, and without a signing secret (Socket Mode) it checks signatures against {@code "---"},
 * so a body sent to these paths would otherwise be run as a signed view submission with the admin token.
 */
@Tag("slow")
class OAuthDoorTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final String ORG = FakeSlack.DEFAULT_ENTERPRISE_ID;
    static final String ADMIN = "W0000ADMIN";
    static final String ALICE = "W0000ALICE";
    static final String APP_TOKEN = TestApp.APP_TOKEN;
    static final List<String> OAUTH_PATHS = List.of(OAuthPaths.INSTALL, OAuthPaths.REDIRECT);
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    FakeSlack slack;
    FakeSocketMode socket;

    @BeforeEach
    void startFakes() {
        socket = FakeSocketMode.start();
        slack = FakeSlack.start()
                .user(FakeUser.member(ADMIN).name("ada").orgAdmin())
                .user(FakeUser.member(ALICE).name("alice"));
        slack.respond("oauth.v2.access", c -> FakeResponse.ok(OAuthFlow.orgInstall(ORG)));
        socket.servedBy(slack);
    }

    @AfterEach
    void stopFakes() throws Exception {
        slack.close();
        socket.close();
    }

    /** OAuth over Socket Mode: the app token, and no signing secret. */
    Map<String, String> socketModeEnvironment() {
        return TestApp.inSocketMode(TestApp.oauthEnvironment(slack));
    }

    @Test
    void inSocketModeAForgedSubmissionSentToAnOAuthPathIsRefusedAndSignsNobodyOut() throws Exception {
        try (TestApp app = TestApp.start(socketModeEnvironment())) {
            installed(app);

            List<Attempt> attempts = forgeAtEveryOAuthPath(app, List.of("---"));

            assertAllRefused(attempts);
            assertNoAdminOrViewCalls();
        }
    }

    @Test
    void overHttpAForgedSubmissionSentToAnOAuthPathIsRefusedAndSignsNobodyOut() throws Exception {
        try (TestApp app = TestApp.start(TestApp.oauthEnvironment(slack))) {
            installed(app);

            List<Attempt> attempts = forgeAtEveryOAuthPath(app, List.of("---", TestApp.SIGNING_SECRET));

            assertAllRefused(attempts);
            assertNoAdminOrViewCalls();
        }
    }

    @Test
    void aChunkedBodyIsRefusedWithoutBeingRun() throws Exception {
        try (TestApp app = TestApp.start(socketModeEnvironment())) {
            installed(app);
            String body = forgedSubmissionBody();
            List<Attempt> attempts = new ArrayList<>();
            for (String path : OAUTH_PATHS) {
                for (String method : List.of("GET", "POST")) {
                    attempts.add(new Attempt(method + " " + path + " chunked",
                            app.slack().withSigningSecret("---").at(path)
                                    .sendChunked(method, "application/x-www-form-urlencoded", body)));
                }
            }

            assertAllRefused(attempts);
            assertNoAdminOrViewCalls();
        }
    }

    @Test
    void methodsOtherThanGetAreRefusedAtBothPaths() throws Exception {
        Map<String, String> env = TestApp.oauthEnvironment(slack);
        try (TestApp app = TestApp.start(env)) {
            for (String path : OAUTH_PATHS) {
                for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                                    .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.ofString());

                    assertThat(r.statusCode()).as("%s %s", method, path).isEqualTo(400);
                    assertThat(r.body()).as("%s %s", method, path).contains("Session Guard");
                }
                HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(head.statusCode()).as("HEAD %s", path).isEqualTo(400);
            }
            assertThat(stateRows(env)).as("no install was started").isZero();
        }
    }

    @Test
    void aSlackPayloadInTheQueryIsNeverTakenForASlackRequest() throws Exception {
        try (TestApp app = TestApp.start(socketModeEnvironment())) {
            installed(app);
            String query = "?" + forgedSubmissionBody();
            OAuthFlow browser = new OAuthFlow(app.baseUrl());

            HttpResponse<String> redirect = browser.get(OAuthPaths.REDIRECT + query, null);
            HttpResponse<String> install = browser.get(OAuthPaths.INSTALL + query, null);

            assertThat(redirect.statusCode()).isEqualTo(400);
            assertThat(redirect.body()).contains("not valid here");
            assertThat(install.statusCode()).as("the install page, query ignored").isEqualTo(200);
            assertNoAdminOrViewCalls();
        }
    }

    @Test
    void aMalformedQueryAtTheRedirectGetsABadRequestPage() throws Exception {
        try (TestApp app = TestApp.start(TestApp.oauthEnvironment(slack))) {
            OAuthFlow browser = new OAuthFlow(app.baseUrl());

            for (String query : List.of("code", "=&&state", "&")) {
                HttpResponse<String> r = browser.get(OAuthPaths.REDIRECT + "?" + query, null);

                assertThat(r.statusCode()).as(query).isEqualTo(400);
                assertThat(r.body()).as(query).contains("Session Guard was not installed").doesNotContain("Exception");
            }
            assertThat(slack.calls("oauth.v2.access")).isEmpty();
        }
    }

    @Test
    void aQueryIsReadAsNamesAndValuesAndOneThatDoesNotDecodeIsNone() {
        assertThat(OAuthPagesServlet.query("code=a%2Fb&state=s&state=t&flag"))
                .containsEntry("code", List.of("a/b"))
                .containsEntry("state", List.of("s", "t"))
                .containsEntry("flag", List.of(""));
        assertThat(OAuthPagesServlet.query("code=%zz&state=x")).isNull();
        assertThat(OAuthPagesServlet.query("&&")).isNull();
        assertThat(OAuthPagesServlet.query(null)).isNull();
    }

    @Test
    void theInstallWorksInSocketModeWithoutASigningSecret() throws Exception {
        try (TestApp app = TestApp.start(socketModeEnvironment())) {
            HttpResponse<String> done = new OAuthFlow(app.baseUrl()).install("code-socket");

            assertThat(done.statusCode()).isEqualTo(200);
            assertThat(done.body()).contains("Session Guard is installed");
            assertThat(slack.awaitCall("oauth.v2.access", WAIT).param("code")).isEqualTo("code-socket");
        }
    }

    // ------------------------------------------------------------------ helpers

    record Attempt(String what, HttpResponse<String> response) {
    }

    /** Installs through the browser flow, so a forged request that got through would have tokens to act with. */
    private void installed(TestApp app) {
        assertThat(new OAuthFlow(app.baseUrl()).install("code-door").statusCode()).isEqualTo(200);
    }

    /** A reset submission by an Org Admin, as a form body. */
    private static String forgedSubmissionBody() {
        String payload = ResetPayloads.submission(ADMIN, List.of(ALICE), "all", "forged").toString();
        return "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
    }

    /** A GET with a body and a POST, to each OAuth path, signed with each secret. */
    private static List<Attempt> forgeAtEveryOAuthPath(TestApp app, List<String> secrets) {
        String body = forgedSubmissionBody();
        List<Attempt> attempts = new ArrayList<>();
        for (String secret : secrets) {
            for (String path : OAUTH_PATHS) {
                for (String method : List.of("GET", "POST")) {
                    SlackRequests forger = app.slack().withSigningSecret(secret).at(path);
                    attempts.add(new Attempt(method + " " + path + " signed with " + secret,
                            forger.send(method, "application/x-www-form-urlencoded", body)));
                }
            }
        }
        return attempts;
    }

    /**
     * Each answered 400 with a short page and no server detail. The 400 is written before anything reaches Bolt,
     * so no work is left running that could still call Slack after this returns.
     */
    private static void assertAllRefused(List<Attempt> attempts) {
        for (Attempt a : attempts) {
            assertThat(a.response().statusCode()).as(a.what()).isEqualTo(400);
            assertThat(a.response().body()).as(a.what()).contains("Session Guard")
                    .doesNotContain("Exception", "Jetty", "at com.", "at dev.");
        }
    }

    private void assertNoAdminOrViewCalls() {
        assertThat(slack.calls()).extracting(RecordedCall::method)
                .noneMatch(m -> m.startsWith("admin.") || m.startsWith("views."));
    }

    private static int stateRows(Map<String, String> env) throws Exception {
        try (Database db = Database.open(new Secret(env.get(ServerSettings.DATABASE_URL)));
                Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM oauth_state")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
