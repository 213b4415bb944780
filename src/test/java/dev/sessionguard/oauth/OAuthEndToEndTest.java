package dev.sessionguard.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.config.OAuthSettings;
import dev.sessionguard.config.Secret;
import dev.sessionguard.config.ServerSettings;
import dev.sessionguard.slackapi.SlackErrors;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcAuditStore;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.FakeUser;
import dev.sessionguard.support.OAuthFlow;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.ResetPayloads;
import dev.sessionguard.support.SlackRequests;
import dev.sessionguard.support.TestApp;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * OAuth mode end to end: a browser through {@code /slack/install} and {@code /slack/oauth_redirect}, the fake
 * Slack's {@code oauth.v2.access}, the app's SQLite file, then signed Slack requests using the stored tokens.
 */
@Tag("slow")
class OAuthEndToEndTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final String ORG = FakeSlack.DEFAULT_ENTERPRISE_ID;
    static final String ADMIN = "W0000ADMIN";
    static final String ALICE = "W0000ALICE";

    FakeSlack slack;
    Map<String, String> env;
    TestApp app;
    OAuthFlow browser;
    Database db;

    @BeforeEach
    void start() {
        slack = FakeSlack.start()
                .user(FakeUser.member(ADMIN).name("ada").orgAdmin())
                .user(FakeUser.member(ALICE).name("alice"));
        slack.respond("oauth.v2.access", c -> FakeResponse.ok(OAuthFlow.orgInstall(ORG)));
        env = TestApp.oauthEnvironment(slack);
        app = TestApp.start(env);
        browser = new OAuthFlow(app.baseUrl());
        db = Database.open(new Secret(env.get(ServerSettings.DATABASE_URL)));
    }

    @AfterEach
    void stop() throws Exception {
        db.close();
        app.close();
        slack.close();
    }

    // ------------------------------------------------------------------ the install

    @Test
    void installPageLinksToSlacksAuthorizePageWithBothScopeSetsAStateAndItsCookie() {
        OAuthFlow.Started started = browser.start();

        assertThat(started.page().body()).contains("Org Owner or Org Admin").contains("organization");
        assertThat(started.authorizeUrl().toString()).startsWith("https://slack.com/oauth/v2/authorize?");
        assertThat(started.query()).containsEntry("client_id", TestApp.CLIENT_ID)
                .containsEntry("scope", OAuthScopes.BOT)
                .containsEntry("user_scope", "admin.users:read,admin.users:write")
                .doesNotContainKey("redirect_uri");
        assertThat(started.state()).isNotBlank();
        assertThat(started.cookie()).isEqualTo(OAuthFlow.COOKIE_NAME + "=" + started.state());
        assertThat(started.page().headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly", "Secure");
        assertThat(started.page().headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(started.page().body()).doesNotContain(TestApp.CLIENT_SECRET);
    }

    @Test
    void theStateCookieIsSecureHttpOnlyAndSameSiteLaxAsBoltSetsItOtherwise() {
        OAuthFlow.Started started = browser.start();

        List<String> cookies = started.page().headers().allValues("Set-Cookie");
        assertThat(cookies).hasSize(1);
        List<String> attributes = Arrays.stream(cookies.get(0).split(";")).map(String::trim).toList();
        assertThat(attributes).containsExactly(OAuthFlow.COOKIE_NAME + "=" + started.state(), "Secure", "HttpOnly",
                "Path=/", "Max-Age=600", "SameSite=Lax");
        assertThat(browser.finish(started, "code-lax").statusCode()).as("the flow still finishes with the cookie")
                .isEqualTo(200);
    }

    @Test
    void theAppStartsReadyWithoutAnyTokenAndWithoutCallingSlack() {
        assertThat(app.health().statusCode()).isEqualTo(200);
        assertThat(slack.calls()).isEmpty();
        assertThat(installationRows()).isZero();
    }

    @Test
    void aConfiguredRedirectUriIsSentToSlackAtBothEndsOfTheFlow() throws Exception {
        String redirect = "https://session-guard.example.com/slack/oauth_redirect";
        Map<String, String> withRedirect = TestApp.oauthEnvironment(slack);
        withRedirect.put(OAuthSettings.REDIRECT_URI, redirect);
        try (TestApp other = TestApp.start(withRedirect)) {
            OAuthFlow otherBrowser = new OAuthFlow(other.baseUrl());
            OAuthFlow.Started started = otherBrowser.start();

            assertThat(started.query()).containsEntry("redirect_uri", redirect);
            assertThat(otherBrowser.finish(started, "code-redirect").statusCode()).isEqualTo(200);
            assertThat(slack.awaitCall("oauth.v2.access", WAIT).param("redirect_uri")).isEqualTo(redirect);
        }
    }

    @Test
    void orgInstallStoresBothTokensEncryptedAndTheRawDatabaseNeverHoldsThem() throws Exception {
        HttpResponse<String> done = browser.install("code-org-1");

        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("Session Guard is installed").contains("Example Org").contains(ORG);
        RecordedCall exchange = slack.awaitCall("oauth.v2.access", WAIT);
        assertThat(exchange.basicCredentials()).isEqualTo(TestApp.CLIENT_ID + ":" + TestApp.CLIENT_SECRET);
        assertThat(exchange.param("code")).isEqualTo("code-org-1");
        assertThat(exchange.rawBody()).doesNotContain(TestApp.CLIENT_SECRET);

        assertThat(storedColumn("bot_token")).isNotNull().doesNotContain("xoxb-");
        assertThat(storedColumn("installer_user_token")).isNotNull().doesNotContain("xoxp-");
        assertThat(storedColumn("installer_user_id")).isEqualTo(OAuthFlow.INSTALLER);
        assertThat(storedColumn("bot_id")).isEqualTo("B0000BOT1");
        assertThat(rawDatabaseFiles()).doesNotContain(OAuthFlow.BOT_TOKEN, OAuthFlow.ADMIN_TOKEN,
                TestApp.CLIENT_SECRET, TestApp.ENCRYPTION_KEY, "xoxb-oauth", "xoxp-oauth");
        AuditRecord installed = lastAudit();
        assertThat(installed.action()).isEqualTo(AuditRecord.APP_INSTALL);
        assertThat(installed.outcome()).isEqualTo(AuditRecord.Outcome.SUCCEEDED);
        assertThat(installed.actorId()).isEqualTo(OAuthFlow.INSTALLER);
        // The install's audit post goes out with the token just stored.
        RecordedCall post = awaitAudit(c -> c.param("text").contains("org install"));
        assertThat(post.token()).isEqualTo(OAuthFlow.BOT_TOKEN);
    }

    @Test
    void theFirstCommandAfterTheInstallIsAckedWithoutWaitingOnASlackThatHangs() {
        browser.install("code-org-3");
        slack.latency(Duration.ofSeconds(3)); // Bolt's auth.test of the stored bot token would wait this long

        long t0 = System.nanoTime();
        HttpResponse<String> ack = app.slack().slashCommand(SlackRequests.command(ADMIN, "<@" + ALICE + "|alice>"));

        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
        slack.latency(Duration.ZERO);
    }

    @Test
    void aCommandBeforeAnyInstallIsAckedAtOnceAndGetsTheInstallGuideAfterwards() {
        slack.latency(Duration.ofSeconds(3)); // Bolt would post the guide to the response_url before its ack
        Map<String, String> command = SlackRequests.command(ADMIN, "<@" + ALICE + "|alice>");
        command.put("response_url", slack.apiUrl() + "response.url");

        long t0 = System.nanoTime();
        HttpResponse<String> ack = app.slack().slashCommand(command);

        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
        assertThat(slack.awaitCall("response.url", WAIT).rawBody()).contains("not installed").contains("/slack/install");
        slack.latency(Duration.ZERO);
        assertThat(slack.calls("views.open")).isEmpty();
    }

    @Test
    void aCommandAfterTheInstallUsesTheStoredBotTokenAndTheSignOutTheInstallersToken() {
        browser.install("code-org-2");

        HttpResponse<String> ack = app.slack().slashCommand(SlackRequests.command(ADMIN, "<@" + ALICE + "|alice>"));

        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(slack.awaitCall("views.open", WAIT).token()).isEqualTo(OAuthFlow.BOT_TOKEN);
        slack.awaitCall("views.update", c -> c.param("view").contains("multi_users_select"), WAIT);
        assertThat(slack.calls("admin.users.session.reset")).isEmpty();

        app.slack().interactivity(ResetPayloads.submission(ADMIN, List.of(ALICE), "all", "Laptop stolen, INC-7"));

        RecordedCall reset = slack.awaitCall("admin.users.session.reset", WAIT);
        assertThat(reset.param("user_id")).isEqualTo(ALICE);
        assertThat(reset.token()).isEqualTo(OAuthFlow.ADMIN_TOKEN);
        RecordedCall audit = awaitAudit(c -> c.param("text").contains("session reset"));
        assertThat(audit.token()).isEqualTo(OAuthFlow.BOT_TOKEN);
        assertThat(audit.param("text")).contains("<@" + ADMIN + ">").contains("Succeeded");
    }

    @Test
    void aWorkspaceInstallIsRefusedWithAPageThatSaysWhyAndWhatToDoAndNothingIsStored() throws Exception {
        slack.respond("oauth.v2.access", c -> FakeResponse.ok(OAuthFlow.workspaceInstall(ORG)));

        HttpResponse<String> done = browser.install("code-ws");

        assertThat(done.statusCode()).isEqualTo(403);
        assertThat(done.body()).contains("was not installed").contains("one workspace (Example Workspace)")
                .contains("Org Owner or Org Admin").contains("organization in the menu at the top right");
        assertThat(installationRows()).isZero();
        assertThat(rawDatabaseFiles()).doesNotContain(OAuthFlow.BOT_TOKEN, OAuthFlow.ADMIN_TOKEN);
        AuditRecord refused = lastAudit();
        assertThat(refused.action()).isEqualTo(AuditRecord.APP_INSTALL);
        assertThat(refused.outcome()).isEqualTo(AuditRecord.Outcome.REFUSED);
        assertThat(refused.detail()).contains("workspace_install");
    }

    @Test
    void aRefusedInstallHasBothTokensSlackIssuedRevokedAndThePageSaysSo() {
        slack.respond("oauth.v2.access", c -> FakeResponse.ok(OAuthFlow.workspaceInstall(ORG)));

        HttpResponse<String> done = browser.install("code-ws-revoke");

        assertThat(done.statusCode()).isEqualTo(403);
        assertThat(slack.calls("auth.revoke")).extracting(RecordedCall::token)
                .containsExactlyInAnyOrder(OAuthFlow.BOT_TOKEN, OAuthFlow.ADMIN_TOKEN);
        assertThat(done.body()).contains("revoked the bot token and the installer&#39;s user token")
                .doesNotContain(OAuthFlow.BOT_TOKEN, OAuthFlow.ADMIN_TOKEN);
        assertThat(lastAudit().detail()).contains("workspace_install").contains("revoked the bot token");
    }

    @Test
    void aRefusalWithMissingScopesRevokesTheTokensToo() {
        slack.respond("oauth.v2.access", c -> FakeResponse.ok(OAuthFlow.orgInstallWithUserScope(ORG, "admin.users:read")));

        browser.install("code-no-write-revoke");

        assertThat(slack.calls("auth.revoke")).extracting(RecordedCall::token)
                .containsExactlyInAnyOrder(OAuthFlow.BOT_TOKEN, OAuthFlow.ADMIN_TOKEN);
    }

    @Test
    void aTokenSlackWouldNotRevokeIsNamedOnThePage() {
        slack.respond("oauth.v2.access", c -> FakeResponse.ok(OAuthFlow.workspaceInstall(ORG)));
        slack.respond("auth.revoke", c -> OAuthFlow.BOT_TOKEN.equals(c.token())
                ? FakeResponse.error("no_permission") : slack.defaultAnswer(c));

        HttpResponse<String> done = browser.install("code-ws-no-revoke");

        assertThat(done.statusCode()).isEqualTo(403);
        assertThat(done.body()).contains("revoked the installer&#39;s user token")
                .contains("could not revoke the bot token (no_permission)").contains("Manage apps");
    }

    @Test
    void anInstallerWithoutAdminUsersWriteIsRefusedAndNothingIsStored() {
        slack.respond("oauth.v2.access", c -> FakeResponse.ok(OAuthFlow.orgInstallWithUserScope(ORG, "admin.users:read")));

        HttpResponse<String> done = browser.install("code-no-write");

        assertThat(done.statusCode()).isEqualTo(403);
        assertThat(done.body()).contains("did not grant admin.users:write").contains("Org Owner or Org Admin");
        assertThat(installationRows()).isZero();
        assertThat(lastAudit().detail()).contains("missing_admin_scope");
    }

    @Test
    void aForgedStateIsRefusedBeforeAnyCodeIsExchanged() {
        OAuthFlow.Started started = browser.start();

        HttpResponse<String> forged = browser.redirect("code=code-x&state=forged-state", started.cookie());
        HttpResponse<String> noCookie = browser.redirect("code=code-x&state=" + started.state(), null);
        HttpResponse<String> otherBrowser = browser.redirect("code=code-x&state=" + started.state(),
                OAuthFlow.COOKIE_NAME + "=forged-state");

        for (HttpResponse<String> r : List.of(forged, noCookie, otherBrowser)) {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("not valid here").contains("/slack/install");
        }
        assertThat(slack.calls("oauth.v2.access")).isEmpty();
        assertThat(installationRows()).isZero();
    }

    @Test
    void aStateWorksOnceOnly() {
        OAuthFlow.Started started = browser.start();
        assertThat(browser.finish(started, "code-once").statusCode()).isEqualTo(200);

        HttpResponse<String> replay = browser.finish(started, "code-twice");

        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(slack.calls("oauth.v2.access")).hasSize(1);
    }

    @Test
    void anInstallCancelledOnSlacksPageSaysSoAndStoresNothing() {
        OAuthFlow.Started started = browser.start();

        HttpResponse<String> cancelled = browser.redirect("error=access_denied&state=" + started.state(),
                started.cookie());

        assertThat(cancelled.statusCode()).isEqualTo(400);
        assertThat(cancelled.body()).contains("access_denied");
        assertThat(slack.calls("oauth.v2.access")).isEmpty();
    }

    @Test
    void theRedirectPageWithoutAQueryIsABadRequestPage() {
        HttpResponse<String> bare = browser.get("/slack/oauth_redirect", null);

        assertThat(bare.statusCode()).isEqualTo(400);
        assertThat(bare.body()).contains("Session Guard was not installed");
    }

    // ------------------------------------------------------------------ revocation and uninstall

    @Test
    void aRevokedAdminTokenIsDeletedAuditedAndTheNextSignOutReportsNotInstalled() {
        browser.install("code-org-3");
        awaitAudit(c -> c.param("text").contains("org install"));

        HttpResponse<String> ack = app.slack().event(OAuthFlow.tokensRevoked(ORG, List.of(OAuthFlow.INSTALLER), List.of()));

        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(storedColumn("installer_user_token")).isNull();
        assertThat(storedColumn("bot_token")).isNotNull();
        AuditRecord revoked = lastAudit();
        assertThat(revoked.action()).isEqualTo(AuditRecord.APP_TOKENS_REVOKED);
        assertThat(revoked.actorId()).isEqualTo(AuditRecord.SLACK);
        assertThat(revoked.targets()).singleElement().satisfies(t -> {
            assertThat(t.userId()).isEqualTo(OAuthFlow.INSTALLER);
            assertThat(t.words()).isEqualTo("Admin user token deleted");
        });

        app.slack().interactivity(ResetPayloads.submission(ADMIN, List.of(ALICE), "all", "after revocation"));

        RecordedCall result = slack.awaitCall("views.update",
                c -> c.param("view").contains(SlackErrors.describe(SlackErrors.NOT_INSTALLED)), WAIT);
        assertThat(result.token()).isEqualTo(OAuthFlow.BOT_TOKEN);
        assertThat(slack.calls().stream().filter(c -> c.method().startsWith("admin."))).isEmpty();
        assertThat(awaitAudit(c -> c.param("text").contains("session reset")).param("text")).contains("Failed");
    }

    @Test
    void revokingBothTokensDeletesTheInstallAndSlackRequestsThenGetTheInstallGuide() {
        browser.install("code-org-4");

        app.slack().event(OAuthFlow.tokensRevoked(ORG, List.of(OAuthFlow.INSTALLER), List.of(OAuthFlow.BOT_USER_ID)));

        assertThat(installationRows()).isZero();
        assertThat(lastAudit().targets()).extracting(t -> t.words())
                .containsExactly("Admin user token deleted", "Bot token deleted");
        Map<String, String> command = SlackRequests.command(ADMIN, "");
        command.put("response_url", slack.apiUrl() + "response.url");
        assertThat(app.slack().slashCommand(command).statusCode()).isEqualTo(200);
        assertThat(slack.awaitCall("response.url", WAIT).rawBody()).contains("not installed").contains("/slack/install");
        assertThat(slack.calls("views.open")).isEmpty();
    }

    @Test
    void appUninstalledDeletesTheInstallAndIsAudited() throws Exception {
        browser.install("code-org-5");

        HttpResponse<String> ack = app.slack().event(OAuthFlow.appUninstalled(ORG));

        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(installationRows()).isZero();
        AuditRecord uninstalled = lastAudit();
        assertThat(uninstalled.action()).isEqualTo(AuditRecord.APP_UNINSTALLED);
        assertThat(uninstalled.detail()).contains("stored tokens were deleted");
        assertThat(rawDatabaseFiles()).doesNotContain(OAuthFlow.BOT_TOKEN, OAuthFlow.ADMIN_TOKEN);
    }

    @Test
    void removingTheRefusedWorkspaceInstallLeavesTheOrgInstall() {
        browser.install("code-org-10");
        AuditRecord installed = lastAudit();
        JsonObject workspaceUninstall = OAuthFlow.appUninstalled(ORG);
        workspaceUninstall.addProperty("team_id", SlackRequests.TEAM_ID);
        JsonObject authorization = new JsonObject();
        authorization.addProperty("enterprise_id", ORG);
        authorization.addProperty("team_id", SlackRequests.TEAM_ID);
        authorization.addProperty("user_id", OAuthFlow.BOT_USER_ID);
        authorization.addProperty("is_bot", true);
        authorization.addProperty("is_enterprise_install", false);
        JsonArray authorizations = new JsonArray();
        authorizations.add(authorization);
        workspaceUninstall.add("authorizations", authorizations);
        JsonObject workspaceRevoked = OAuthFlow.tokensRevoked(ORG, List.of(OAuthFlow.INSTALLER),
                List.of(OAuthFlow.BOT_USER_ID));
        workspaceRevoked.addProperty("team_id", SlackRequests.TEAM_ID);

        assertThat(app.slack().event(workspaceRevoked).statusCode()).isEqualTo(200);
        assertThat(app.slack().event(workspaceUninstall).statusCode()).isEqualTo(200);

        assertThat(installationRows()).isEqualTo(1);
        assertThat(storedColumn("bot_token")).isNotNull();
        assertThat(storedColumn("installer_user_token")).isNotNull();
        assertThat(lastAudit()).isEqualTo(installed);
    }

    @Test
    void anUninstallSlackSentBeforeTheReinstallLeavesTheNewInstall() {
        browser.install("code-org-11");
        JsonObject retried = OAuthFlow.appUninstalled(ORG);
        retried.addProperty("event_time", Instant.now().minus(Duration.ofHours(1)).getEpochSecond());

        assertThat(app.slack().event(retried).statusCode()).isEqualTo(200);

        assertThat(installationRows()).isEqualTo(1);
        assertThat(lastAudit().action()).isEqualTo(AuditRecord.APP_INSTALL);
    }

    @Test
    void anUnsignedRevocationIsRefusedAndDeletesNothing() {
        browser.install("code-org-6");

        HttpResponse<String> forged = app.slack().withSigningSecret("not-the-secret")
                .event(OAuthFlow.appUninstalled(ORG));

        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(installationRows()).isEqualTo(1);
    }

    @Test
    void aSecondOrgCannotTakeOverTheDeployment() {
        browser.install("code-org-7");
        slack.respond("oauth.v2.access", c -> FakeResponse.ok(OAuthFlow.orgInstall("E0000OTHER")));

        HttpResponse<String> other = browser.install("code-other-org");

        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.body()).contains("already serves the organization " + ORG);
        assertThat(installationRows()).isEqualTo(1);
        assertThat(storedColumn("enterprise_id")).isEqualTo(ORG);
    }

    @Test
    void aSecondOrgsTokensAreRevokedAndTheStoredOnesNeverAre() {
        browser.install("code-org-8");
        JsonObject other = OAuthFlow.orgInstall("E0000OTHER");
        other.addProperty("access_token", "xoxb-other-org-SECRET-bot");
        other.getAsJsonObject("authed_user").addProperty("access_token", "xoxp-other-org-SECRET-admin");
        slack.respond("oauth.v2.access", c -> FakeResponse.ok(other));

        HttpResponse<String> refused = browser.install("code-other-org-2");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(slack.calls("auth.revoke")).extracting(RecordedCall::token)
                .containsExactlyInAnyOrder("xoxb-other-org-SECRET-bot", "xoxp-other-org-SECRET-admin");
        assertThat(storedColumn("enterprise_id")).isEqualTo(ORG);
    }

    @Test
    void aRefusedReinstallOfTheSameOrgKeepsTheTokensItShares() {
        browser.install("code-org-9");
        JsonObject rotating = OAuthFlow.orgInstall(ORG);
        rotating.addProperty("refresh_token", "xoxe-1-refresh");
        rotating.addProperty("expires_in", 43200);
        slack.respond("oauth.v2.access", c -> FakeResponse.ok(rotating));

        HttpResponse<String> refused = browser.install("code-rotating");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("of the install already stored, which were kept");
        assertThat(slack.calls("auth.revoke")).isEmpty();
        assertThat(storedColumn("bot_token")).isNotNull();
        assertThat(storedColumn("installer_user_token")).isNotNull();
    }

    @Test
    void twoRedirectsRacingWithOneStateStoreOneInstallAndTheOtherIsRefused() throws Exception {
        CountDownLatch bothExchanging = new CountDownLatch(2);
        slack.respond("oauth.v2.access", c -> {
            // Both redirects have passed Bolt's state check once both are here.
            bothExchanging.countDown();
            try {
                bothExchanging.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FakeResponse.ok(OAuthFlow.orgInstall(ORG));
        });
        OAuthFlow.Started started = browser.start();

        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> browser.finish(started, "code-a"));
        CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(() -> browser.finish(started, "code-b"));
        List<HttpResponse<String>> both = List.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS));

        assertThat(slack.calls("oauth.v2.access")).hasSize(2);
        assertThat(both).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 400);
        assertThat(both).filteredOn(r -> r.statusCode() == 400).singleElement()
                .satisfies(r -> assertThat(r.body()).contains("not valid here"));
        assertThat(installationRows()).isEqualTo(1);
        assertThat(new JdbcAuditStore(db, Clock.systemUTC()).recent(10)).filteredOn(
                r -> r.record().action().equals(AuditRecord.APP_INSTALL)).hasSize(1);
    }

    @Test
    void aRedirectErrorThatIsNoErrorCodeIsNeitherShownNorLogged() {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger logger = (Logger) LoggerFactory.getLogger("dev.sessionguard");
        logger.addAppender(logs);
        try {
            OAuthFlow.Started started = browser.start();
            String forged = "Your install failed. Call +1 555 0100\r\n12:00:00.000 INFO [main] forged line <b>";

            HttpResponse<String> page = browser.redirect("error=" + URLEncoder.encode(forged, StandardCharsets.UTF_8)
                    + "&state=" + started.state(), started.cookie());

            assertThat(page.statusCode()).isEqualTo(400);
            assertThat(page.body()).contains("Slack reported unknown_error").doesNotContain("555", "forged", "&lt;b&gt;");
            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(m -> assertThat(m).contains("unknown_error"))
                    .noneSatisfy(m -> assertThat(m).contains("forged"));
            assertThat(browser.redirect("error=access_denied&state=" + started.state(), started.cookie()).body())
                    .contains("Slack reported access_denied");
        } finally {
            logger.detachAppender(logs);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The audit message as it finally reads (an action's outcome replaces its "in progress" post in place). */
    private RecordedCall awaitAudit(java.util.function.Predicate<RecordedCall> match) {
        return dev.sessionguard.support.EndToEnd.finalVersion(slack, slack.awaitCall("chat.postMessage",
                c -> TestApp.AUDIT_CHANNEL.equals(c.param("channel")) && match.test(c), WAIT));
    }

    private AuditRecord lastAudit() {
        return new JdbcAuditStore(db, Clock.systemUTC()).recent(1).get(0).record();
    }

    private String storedColumn(String column) {
        return query("SELECT " + column + " FROM slack_installation");
    }

    private int installationRows() {
        return Integer.parseInt(query("SELECT COUNT(*) FROM slack_installation"));
    }

    private String query(String sql) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SQLite file and its write-ahead log as bytes on disk, read as text. */
    private String rawDatabaseFiles() throws IOException {
        Path file = Path.of(env.get(ServerSettings.DATABASE_URL).substring("jdbc:sqlite:".length()));
        List<Path> files = new ArrayList<>(List.of(file));
        for (String suffix : List.of("-wal", "-shm", "-journal")) {
            Path sibling = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(sibling)) {
                files.add(sibling);
            }
        }
        StringBuilder all = new StringBuilder();
        for (Path f : files) {
            all.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        }
        assertThat(all).as("the database files").isNotEmpty();
        return all.toString();
    }
}
