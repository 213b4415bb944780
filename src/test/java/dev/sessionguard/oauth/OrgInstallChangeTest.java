package dev.sessionguard.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.slack.api.Slack;
import com.slack.api.app_backend.SlackSignature;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import com.slack.api.methods.MethodsClient;
import dev.sessionguard.audit.AuditLog;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.support.RecordingAuditLog;
import dev.sessionguard.config.OAuthSettings;
import dev.sessionguard.config.Secret;
import dev.sessionguard.slackapi.OrgIdentity;
import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcInstallationService;
import dev.sessionguard.storage.JdbcOAuthStateService;
import dev.sessionguard.storage.TokenCipher;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.OAuthFlow;
import dev.sessionguard.support.TestApp;
import dev.sessionguard.support.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OrgInstall#onChange}: told of every stored install and every deletion, so the admin gate's
 * {@link OrgIdentity} forgets the org it served and a deployment moved to another org works without a restart.
 * Bolt's own request handling is driven directly, as the app's servlets do.
 */
class OrgInstallChangeTest {

    static final String ORG = FakeSlack.DEFAULT_ENTERPRISE_ID;
    static final String NEXT_ORG = "E0000ORG2";

    FakeSlack slack;
    Database db;
    App app;
    OrgInstall install;
    JdbcOAuthStateService states;
    final RecordingAuditLog recording = new RecordingAuditLog();
    final List<AuditRecord> audited = recording.records;

    /** What the install's change reaches: each test adds its own listener. */
    final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        slack = FakeSlack.start();
        slack.respond("oauth.v2.access", c -> FakeResponse.ok(OAuthFlow.orgInstall(ORG)));
        db = Database.open(TestDatabases.freshSqlite());
        OAuthSettings settings = new OAuthSettings(TestApp.CLIENT_ID, new Secret(TestApp.CLIENT_SECRET),
                new Secret(TestApp.ENCRYPTION_KEY), Optional.empty());
        AppConfig config = AppConfig.builder()
                .slack(Slack.getInstance(slack.slackConfig()))
                .signingSecret(TestApp.SIGNING_SECRET)
                .clientId(null)
                .clientSecret(null)
                .build();
        OrgInstall.configure(config, settings);
        app = new App(config);
        states = new JdbcOAuthStateService(db, Clock.systemUTC());
        InstallStore store = new JdbcInstallationService(db, TokenCipher.fromBase64(settings.encryptionKey()));
        install = OrgInstall.open(store, states, new StoredTokens(store), Clock.systemUTC(),
                () -> listeners.forEach(Runnable::run));
        AuditLog audit = recording;
        install.register(app, audit, methods(), SlackCalls.withDefaults());
    }

    @AfterEach
    void stop() {
        app.stop();
        db.close();
        slack.close();
    }

    @Test
    void theListenerHearsOfEachInstallAndEachDeletionButNotOfIgnoredEvents() throws Exception {
        AtomicInteger changes = new AtomicInteger();
        listeners.add(changes::incrementAndGet);

        assertThat(installVia("state-1").getStatusCode()).isEqualTo(200);
        assertThat(changes).hasValue(1);

        JsonObject workspaceUninstall = OAuthFlow.appUninstalled(ORG);
        workspaceUninstall.addProperty("team_id", "T0000TEAM1");
        assertThat(event(workspaceUninstall).getStatusCode()).isEqualTo(200);
        assertThat(changes).hasValue(1);

        assertThat(event(OAuthFlow.tokensRevoked(ORG, List.of(OAuthFlow.INSTALLER), List.of())).getStatusCode())
                .isEqualTo(200);
        assertThat(changes).hasValue(2);

        assertThat(event(OAuthFlow.appUninstalled(ORG)).getStatusCode()).isEqualTo(200);
        assertThat(changes).hasValue(3);
        assertThat(install.store().latest()).isEmpty();
    }

    @Test
    void afterAnUninstallAndAnInstallOnAnotherOrgTheAdminGateServesTheNewOrg() throws Exception {
        OrgIdentity identity = new OrgIdentity(methods(), install.tokens(), SlackCalls.withDefaults());
        listeners.add(identity::forget);
        installVia("state-1");
        assertThat(identity.orgId()).hasValue(ORG);

        event(OAuthFlow.appUninstalled(ORG));
        slack.enterpriseId(NEXT_ORG);
        slack.respond("oauth.v2.access", c -> FakeResponse.ok(OAuthFlow.orgInstall(NEXT_ORG)));
        assertThat(installVia("state-2").getStatusCode()).isEqualTo(200);

        assertThat(install.store().latestEnterpriseId()).hasValue(NEXT_ORG);
        assertThat(identity.orgId()).hasValue(NEXT_ORG);
    }

    @Test
    void aForgottenOrgIsAskedForAgain() {
        installVia("state-1");
        OrgIdentity identity = new OrgIdentity(methods(), install.tokens(), SlackCalls.withDefaults());
        assertThat(identity.orgId()).hasValue(ORG);
        slack.enterpriseId(NEXT_ORG);
        assertThat(identity.orgId()).as("remembered").hasValue(ORG);

        identity.forget();

        assertThat(identity.orgId()).hasValue(NEXT_ORG);
        assertThat(slack.calls("auth.test").stream().filter(c -> c.token().startsWith("xoxp-"))).hasSize(2);
    }

    @Test
    void anAnswerAskedForBeforeAForgetIsNotRemembered() throws Exception {
        installVia("state-1");
        OrgIdentity identity = new OrgIdentity(methods(), install.tokens(), SlackCalls.withDefaults());
        CountDownLatch release = new CountDownLatch(1);
        slack.respond("auth.test", c -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return slack.defaultAnswer(c);
        });
        CompletableFuture<Optional<String>> inFlight = CompletableFuture.supplyAsync(identity::orgId);
        slack.awaitCall("auth.test", c -> c.token().startsWith("xoxp-"), Duration.ofSeconds(10));

        identity.forget();
        release.countDown();

        assertThat(inFlight.get(10, TimeUnit.SECONDS)).hasValue(ORG);
        slack.respond("auth.test", null);
        slack.enterpriseId(NEXT_ORG);
        assertThat(identity.orgId()).hasValue(NEXT_ORG);
    }

    // ------------------------------------------------------------------ helpers

    private MethodsClient methods() {
        return Slack.getInstance(slack.slackConfig()).methods();
    }

    /** The browser coming back from Slack with a code and a state this app issued. */
    private Response installVia(String state) {
        try {
            states.addNewStateToDatastore(state);
            return app.run(new SlackRequestParser(app.config()).parse(SlackRequestParser.HttpRequest.builder()
                    .requestUri(OAuthPaths.REDIRECT)
                    .queryString(Map.of("code", List.of("code-" + state), "state", List.of(state)))
                    .headers(new RequestHeaders(Map.of("Cookie", List.of(OAuthFlow.COOKIE_NAME + "=" + state))))
                    .requestBody("")
                    .build()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An Events API request signed as Slack signs it. */
    private Response event(JsonObject envelope) throws Exception {
        String body = envelope.toString();
        String ts = Long.toString(Instant.now().getEpochSecond());
        String signature = new SlackSignature.Generator(TestApp.SIGNING_SECRET).generate(ts, body);
        return app.run(new SlackRequestParser(app.config()).parse(SlackRequestParser.HttpRequest.builder()
                .requestUri("/slack/events")
                .queryString(Map.of())
                .headers(new RequestHeaders(Map.of(
                        "Content-Type", List.of("application/json"),
                        SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP, List.of(ts),
                        SlackSignature.HeaderNames.X_SLACK_SIGNATURE, List.of(signature))))
                .requestBody(body)
                .build()));
    }
}
