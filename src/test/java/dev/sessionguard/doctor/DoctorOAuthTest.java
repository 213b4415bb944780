package dev.sessionguard.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import dev.sessionguard.config.OAuthSettings;
import dev.sessionguard.config.Secret;
import dev.sessionguard.config.ServerSettings;
import dev.sessionguard.config.Settings;
import dev.sessionguard.oauth.OrgInstallation;
import dev.sessionguard.oauth.StoredTokens;
import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcInstallationService;
import dev.sessionguard.storage.TokenCipher;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.OAuthFlow;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.TestApp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Doctor} in OAuth mode: it checks the install stored in the database, not token variables. */
class DoctorOAuthTest {

    private FakeSlack fake;
    private Map<String, String> env;
    private Database db;

    @BeforeEach
    void start() {
        fake = FakeSlack.start();
        env = TestApp.oauthEnvironment(fake);
        db = Database.open(new Secret(env.get(ServerSettings.DATABASE_URL)));
    }

    @AfterEach
    void stop() {
        db.close();
        fake.close();
    }

    @Test
    void theStoredInstallPassesEveryCheckUsingItsTokens() {
        storeInstall();

        Result r = runDoctor(env);

        assertThat(r.code()).isZero();
        assertThat(r.lines()).containsExactly(
                "ok    installation: the org's bot and admin tokens are stored and open with SESSION_GUARD_ENCRYPTION_KEY",
                "ok    bot token: authenticates as session-guard (U0000BOT1) in Example Workspace (T0000TEAM1)",
                "ok    bot scopes: has commands, chat:write, users:read, groups:read, channels:read, usergroups:read, users:read.email, files:write, files:read",
                "ok    admin token: authenticates as installer (W0000INSTALLER) in Example Org (E0000ORG1)",
                "ok    admin scopes: has admin.users:read, admin.users:write",
                "ok    org-wide install: installed on the Enterprise Grid org E0000ORG1",
                "ok    audit channel: #session-guard-audit (C0000AUDIT) is private and the bot is a member",
                "All 7 checks passed.");
        assertThat(fake.calls()).extracting(RecordedCall::token)
                .containsExactly(OAuthFlow.BOT_TOKEN, OAuthFlow.ADMIN_TOKEN, OAuthFlow.BOT_TOKEN);
        assertNoSecrets(r);
    }

    @Test
    void withNoInstallItFailsSayingWhereToInstallAndChecksNothingElse() {
        Result r = runDoctor(env);

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.lines().get(0)).isEqualTo("FAIL  installation: not installed: no Enterprise Grid org has "
                + "installed Session Guard at /slack/install yet. Fix: as an Org Owner or Org Admin, open "
                + "https://<your host>/slack/install, pick the organization (not a workspace) and Allow (if "
                + "SESSION_GUARD_ENCRYPTION_KEY was changed, that stores the tokens under the new key); then run doctor again");
        assertThat(r.lines().subList(1, 7)).allSatisfy(l -> assertThat(l).startsWith("SKIP  "));
        assertThat(r.lines().get(7)).startsWith("1 of 7 checks failed, 6 skipped");
        assertThat(fake.calls()).isEmpty();
    }

    @Test
    void aRevokedBotTokenIsNamed() {
        storeInstall();
        installs(Settings.from(env)).deleteBotToken("E0000ORG1");

        Result r = runDoctor(env);

        assertThat(r.lines().get(0)).startsWith("FAIL  installation: not installed: the org's bot token was revoked.");
    }

    @Test
    void anotherKeyIsReportedWithoutShowingTokensOrKeys() {
        storeInstall();
        Map<String, String> otherKey = new java.util.HashMap<>(env);
        otherKey.put(OAuthSettings.ENCRYPTION_KEY, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");

        Result r = runDoctor(otherKey);

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.lines().get(0)).startsWith("FAIL  installation: The stored E0000ORG1/")
                .contains("cannot be decrypted with SESSION_GUARD_ENCRYPTION_KEY");
        assertThat(r.output()).doesNotContain("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        assertNoSecrets(r);
    }

    @Test
    void aStoredTokenSlackRefusesPointsToReinstallingNotToAVariable() {
        storeInstall();
        fake.respond("auth.test", c -> OAuthFlow.BOT_TOKEN.equals(c.token())
                ? FakeResponse.error("token_revoked") : fake.defaultAnswer(c));

        Result r = runDoctor(env);

        assertThat(r.line(Doctor.BOT_TOKEN)).startsWith("FAIL  bot token: Slack refused it (token_revoked)")
                .contains("/slack/install").doesNotContain("SLACK_BOT_TOKEN");
    }

    private void storeInstall() {
        installs(Settings.from(env)).save(
                new OrgInstallation("E0000ORG1", "Example Org", OAuthFlow.APP_ID, OAuthFlow.INSTALLER,
                        "admin.users:read,admin.users:write", new Secret(OAuthFlow.ADMIN_TOKEN), "B0000BOT1",
                        OAuthFlow.BOT_USER_ID, "commands,chat:write", new Secret(OAuthFlow.BOT_TOKEN), Instant.now()));
    }

    /** The install store as {@code doctor} opens it (see Main), under the environment's key. */
    private JdbcInstallationService installs(Settings settings) {
        return new JdbcInstallationService(db, TokenCipher.fromBase64(settings.oauth().orElseThrow().encryptionKey()));
    }

    private Result runDoctor(Map<String, String> environment) {
        Settings settings = Settings.from(environment);
        SlackCalls calls = new SlackCalls(1, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(1));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            var tokens = new StoredTokens(installs(settings));
            int code = new Doctor(Slack.getInstance(fake.slackConfig()), settings, tokens, calls).run(out);
            return new Result(code, bytes.toString(StandardCharsets.UTF_8));
        }
    }

    private static void assertNoSecrets(Result r) {
        assertThat(r.output()).doesNotContain(OAuthFlow.BOT_TOKEN).doesNotContain(OAuthFlow.ADMIN_TOKEN)
                .doesNotContain(TestApp.CLIENT_SECRET).doesNotContain(TestApp.ENCRYPTION_KEY);
    }

    private record Result(int code, String output) {
        List<String> lines() {
            return output.lines().toList();
        }

        String line(String check) {
            return lines().stream().filter(l -> l.substring(6).startsWith(check + ":")).findFirst()
                    .orElseThrow(() -> new AssertionError("no line for " + check + " in:\n" + output));
        }
    }
}
