package dev.sessionguard.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.slack.api.app_backend.events.payload.AppUninstalledPayload;
import com.slack.api.app_backend.events.payload.TokensRevokedPayload;
import com.slack.api.util.json.GsonFactory;
import dev.sessionguard.audit.AuditLog;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.support.RecordingAuditLog;
import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.config.Secret;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcInstallationService;
import dev.sessionguard.storage.TokenCipher;
import dev.sessionguard.support.OAuthFlow;
import dev.sessionguard.support.TestApp;
import dev.sessionguard.support.TestDatabases;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which {@code tokens_revoked} and {@code app_uninstalled} events delete the stored org-wide install: only those
 * about it, and not older than it. The rest (a workspace install in the org going away, an event Slack retried
 * after a reinstall, tokens of someone else) are ignored, unaudited.
 */
class RevocationListenersTest {

    static final String ORG = "E0000ORG1";
    static final String WORKSPACE = "T0000TEAM1";
    /** Stored 400 ms into its second: events from that second are about it. */
    static final Instant INSTALLED = Instant.parse("2026-03-01T10:00:00.400Z");
    static final long NOW = INSTALLED.getEpochSecond() + 60;

    Database db;
    JdbcInstallationService store;
    final RecordingAuditLog recording = new RecordingAuditLog();
    final List<AuditRecord> audited = recording.records;
    AtomicInteger changes = new AtomicInteger();
    RevocationListeners listeners;

    @BeforeEach
    void open() {
        db = Database.open(TestDatabases.freshSqlite());
        store = new JdbcInstallationService(db, TokenCipher.fromBase64(new Secret(TestApp.ENCRYPTION_KEY)));
        store.save(new OrgInstallation(ORG, "Example Org", OAuthFlow.APP_ID, OAuthFlow.INSTALLER,
                OAuthScopes.USER, new Secret(OAuthFlow.ADMIN_TOKEN), "B0000BOT1", OAuthFlow.BOT_USER_ID,
                OAuthScopes.BOT, new Secret(OAuthFlow.BOT_TOKEN), INSTALLED));
        AuditLog audit = recording;
        listeners = new RevocationListeners(store, audit, Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC),
                changes::incrementAndGet);
    }

    @AfterEach
    void close() {
        db.close();
    }

    // ------------------------------------------------------------------ app_uninstalled

    @Test
    void anUninstallOfTheOrgWideInstallDeletesItAuditsItAndSaysTheInstallChanged() {
        listeners.uninstalled(uninstalled(at(NOW)));

        assertThat(store.stored(ORG)).isEmpty();
        assertThat(audited).singleElement().satisfies(r -> {
            assertThat(r.action()).isEqualTo(AuditRecord.APP_UNINSTALLED);
            assertThat(r.detail()).contains("stored tokens were deleted");
        });
        assertThat(changes).hasValue(1);
    }

    @Test
    void anUninstallWithoutATeamIdIsAboutTheOrgWideInstall() {
        JsonObject event = at(NOW);
        event.remove("team_id");

        listeners.uninstalled(uninstalled(event));

        assertThat(store.stored(ORG)).isEmpty();
    }

    @Test
    void removingAWorkspaceInstallInTheOrgLeavesTheOrgWideInstall() {
        listeners.uninstalled(uninstalled(workspace(at(NOW), false)));

        assertThat(store.find(ORG)).isPresent();
        assertThat(store.find(ORG).orElseThrow().botToken().reveal()).isEqualTo(OAuthFlow.BOT_TOKEN);
        assertThat(audited).isEmpty();
        assertThat(changes).hasValue(0);
    }

    @Test
    void aWorkspaceTeamIdWithoutAuthorizationsIsNotAboutTheOrgWideInstall() {
        JsonObject event = at(NOW);
        event.addProperty("team_id", WORKSPACE);

        listeners.uninstalled(uninstalled(event));

        assertThat(store.stored(ORG)).isPresent();
        assertThat(audited).isEmpty();
    }

    @Test
    void anAuthorizationOfTheOrgWideInstallCountsWhateverTheTeamId() {
        listeners.uninstalled(uninstalled(workspace(at(NOW), true)));

        assertThat(store.stored(ORG)).isEmpty();
        assertThat(audited).hasSize(1);
    }

    @Test
    void anUninstallSentBeforeTheInstallWasStoredIsARetryAboutAnEarlierOne() {
        listeners.uninstalled(uninstalled(at(INSTALLED.getEpochSecond() - 1)));

        assertThat(store.stored(ORG)).isPresent();
        assertThat(audited).isEmpty();
        assertThat(changes).hasValue(0);
    }

    @Test
    void anUninstallFromTheInstallsOwnSecondCounts() {
        listeners.uninstalled(uninstalled(at(INSTALLED.getEpochSecond())));

        assertThat(store.stored(ORG)).isEmpty();
    }

    @Test
    void anUninstallOfAnotherOrgOrOfNoOrgDeletesAndAuditsNothing() {
        JsonObject other = at(NOW);
        other.addProperty("team_id", "E0000OTHER");
        other.addProperty("enterprise_id", "E0000OTHER");
        JsonObject noOrg = at(NOW);
        noOrg.remove("team_id");
        noOrg.remove("enterprise_id");

        listeners.uninstalled(uninstalled(other));
        listeners.uninstalled(uninstalled(noOrg));

        assertThat(store.stored(ORG)).isPresent();
        assertThat(audited).isEmpty();
    }

    @Test
    void aRepeatedUninstallIsLoggedOnly() {
        listeners.uninstalled(uninstalled(at(NOW)));
        listeners.uninstalled(uninstalled(at(NOW)));

        assertThat(audited).hasSize(1);
        assertThat(changes).hasValue(1);
    }

    // ------------------------------------------------------------------ tokens_revoked

    @Test
    void revokedTokensOfTheStoredInstallerAndBotUserAreDeleted() {
        listeners.tokensRevoked(revoked(OAuthFlow.tokensRevoked(ORG, List.of(OAuthFlow.INSTALLER),
                List.of(OAuthFlow.BOT_USER_ID)), NOW));

        assertThat(store.stored(ORG)).isEmpty();
        assertThat(audited).singleElement().satisfies(r -> assertThat(r.targets()).extracting(TargetResult::words)
                .containsExactly("Admin user token deleted", "Bot token deleted"));
        assertThat(changes).hasValue(1);
    }

    @Test
    void onlyTheTokensNamedAreDeleted() {
        listeners.tokensRevoked(revoked(OAuthFlow.tokensRevoked(ORG, List.of(), List.of(OAuthFlow.BOT_USER_ID)), NOW));

        assertThat(store.find(ORG).orElseThrow().botToken()).isNull();
        assertThat(store.find(ORG).orElseThrow().adminToken().reveal()).isEqualTo(OAuthFlow.ADMIN_TOKEN);
        assertThat(audited).singleElement().satisfies(r -> assertThat(r.targets()).singleElement()
                .satisfies(t -> assertThat(t.userId()).isEqualTo(OAuthFlow.BOT_USER_ID)));
    }

    @Test
    void tokensOfOtherUsersAndOtherBotsDeleteNothing() {
        listeners.tokensRevoked(revoked(OAuthFlow.tokensRevoked(ORG, List.of("W0000SOMEONE"),
                List.of("U0000OTHERBOT")), NOW));

        assertThat(store.find(ORG).orElseThrow().botToken()).isNotNull();
        assertThat(store.find(ORG).orElseThrow().adminToken()).isNotNull();
        assertThat(audited).isEmpty();
        assertThat(changes).hasValue(0);
    }

    @Test
    void tokensRevokedInAWorkspaceInstallOfTheOrgDeleteNothing() {
        JsonObject event = workspace(OAuthFlow.tokensRevoked(ORG, List.of(OAuthFlow.INSTALLER),
                List.of(OAuthFlow.BOT_USER_ID)), false);

        listeners.tokensRevoked(revoked(event, NOW));

        assertThat(store.find(ORG).orElseThrow().botToken()).isNotNull();
        assertThat(store.find(ORG).orElseThrow().adminToken()).isNotNull();
        assertThat(audited).isEmpty();
    }

    @Test
    void tokensRevokedBeforeTheInstallWasStoredDeleteNothing() {
        listeners.tokensRevoked(revoked(OAuthFlow.tokensRevoked(ORG, List.of(OAuthFlow.INSTALLER),
                List.of(OAuthFlow.BOT_USER_ID)), INSTALLED.getEpochSecond() - 3600));

        assertThat(store.find(ORG).orElseThrow().botToken()).isNotNull();
        assertThat(store.find(ORG).orElseThrow().adminToken()).isNotNull();
        assertThat(audited).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    /** An org-wide {@code app_uninstalled} envelope sent at {@code eventTime}. */
    static JsonObject at(long eventTime) {
        JsonObject e = OAuthFlow.appUninstalled(ORG);
        e.addProperty("event_time", eventTime);
        return e;
    }

    /** The envelope as Slack sends it for a workspace of the org, with one authorization. */
    static JsonObject workspace(JsonObject envelope, boolean enterpriseInstall) {
        envelope.addProperty("team_id", WORKSPACE);
        JsonObject authorization = new JsonObject();
        authorization.addProperty("enterprise_id", ORG);
        authorization.addProperty("team_id", enterpriseInstall ? null : WORKSPACE);
        authorization.addProperty("user_id", OAuthFlow.BOT_USER_ID);
        authorization.addProperty("is_bot", true);
        authorization.addProperty("is_enterprise_install", enterpriseInstall);
        JsonArray authorizations = new JsonArray();
        authorizations.add(authorization);
        envelope.add("authorizations", authorizations);
        return envelope;
    }

    static AppUninstalledPayload uninstalled(JsonObject envelope) {
        return GsonFactory.createSnakeCase().fromJson(envelope, AppUninstalledPayload.class);
    }

    static TokensRevokedPayload revoked(JsonObject envelope, long eventTime) {
        envelope.addProperty("event_time", eventTime);
        return GsonFactory.createSnakeCase().fromJson(envelope, TokensRevokedPayload.class);
    }
}
