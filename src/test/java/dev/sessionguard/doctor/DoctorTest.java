package dev.sessionguard.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.Slack;
import dev.sessionguard.config.GuardSettings;
import dev.sessionguard.config.Settings;
import dev.sessionguard.people.Person;
import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcPeople;
import dev.sessionguard.support.FakeResponse;
import dev.sessionguard.support.FakeSlack;
import dev.sessionguard.support.MutableClock;
import dev.sessionguard.support.RecordedCall;
import dev.sessionguard.support.TestApp;
import dev.sessionguard.support.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Doctor} against the loopback fake Slack: a healthy install, then each check failing on its own. */
class DoctorTest {

    /** What doctor prints for an install where every check passes (the fake's defaults). */
    static final List<String> HEALTHY_REPORT = List.of(
            "ok    bot token: authenticates as session-guard (U0000BOT1) in Example Workspace (T0000TEAM1)",
            "ok    bot scopes: has commands, chat:write, users:read, groups:read, channels:read, usergroups:read, users:read.email, files:write, files:read",
            "ok    admin token: authenticates as installer (W0000INSTALLER) in Example Org (E0000ORG1)",
            "ok    admin scopes: has admin.users:read, admin.users:write",
            "ok    org-wide install: installed on the Enterprise Grid org E0000ORG1",
            "ok    audit channel: #session-guard-audit (C0000AUDIT) is private and the bot is a member",
            "All 6 checks passed.");

    private FakeSlack fake;

    @BeforeEach
    void startFake() {
        fake = FakeSlack.start();
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    @Test
    void aProperlyInstalledAppPassesEveryCheckWithReadOnlyCalls() {
        Result r = runDoctor();

        assertThat(r.code()).isZero();
        assertThat(r.lines()).containsExactlyElementsOf(HEALTHY_REPORT);
        assertNoSecrets(r);
        assertThat(fake.calls()).extracting(RecordedCall::method)
                .containsExactly("auth.test", "auth.test", "conversations.info");
        assertThat(fake.calls()).extracting(RecordedCall::token)
                .containsExactly(TestApp.BOT_TOKEN, TestApp.ADMIN_TOKEN, TestApp.BOT_TOKEN);
        assertThat(fake.calls("conversations.info").get(0).param("channel")).isEqualTo(TestApp.AUDIT_CHANNEL);
    }

    @Test
    void theDirectorysStateIsReportedWithoutCountingAsACheck() {
        Database db = Database.open(TestDatabases.freshSqlite());
        try {
            MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
            JdbcPeople people = new JdbcPeople(db, clock);
            people.upsertPage(List.of(new Person("W1", null, false, false, false, false, false, null, List.of(), 1),
                    new Person("W2", null, false, false, false, false, false, null, List.of(), 1)), clock.millis());

            assertThat(Doctor.directoryState(people)).isEqualTo("2 people, no full sync has finished yet: bulk "
                    + "previews ask Slack about each person (about 100 a minute) until one has");
            assertThat(people.acquireLease("a", Duration.ofMinutes(1))).isTrue();
            people.finishFullSync("a", clock.millis(), clock.instant());
            assertThat(Doctor.directoryState(people))
                    .isEqualTo("2 people, last full sync finished 2026-03-01T10:00:00Z");

            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Settings settings = Settings.from(TestApp.environment(fake));
            int code = new Doctor(Slack.getInstance(fake.slackConfig()), settings,
                    SlackCalls.withDefaults()).directory(people).run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
            assertThat(code).isZero();
            assertThat(lines).contains("info  user directory: 2 people, last full sync finished 2026-03-01T10:00:00Z")
                    .endsWith("All 6 checks passed.");
        } finally {
            db.close();
        }
    }

    @Test
    void aRejectedBotTokenFailsAndSkipsWhatNeedsIt() {
        answerAuthTest(TestApp.BOT_TOKEN, usual -> FakeResponse.error("invalid_auth"));

        Result r = runDoctor();

        assertOnlyFailure(r, Doctor.BOT_TOKEN);
        assertThat(r.line(Doctor.BOT_TOKEN)).contains("invalid_auth", "Slack did not accept the token", "SLACK_BOT_TOKEN");
        assertThat(r.line(Doctor.BOT_SCOPES)).startsWith("SKIP  bot scopes:");
        assertThat(r.line(Doctor.AUDIT_CHANNEL)).startsWith("SKIP  audit channel:");
        assertThat(r.line(Doctor.ADMIN_SCOPES)).startsWith("ok    ");
        assertThat(fake.calls("conversations.info")).isEmpty();
    }

    @Test
    void aBotTokenWithoutChatWriteNamesTheMissingScope() {
        answerAuthTest(TestApp.BOT_TOKEN,
                usual -> usual.withHeader("X-OAuth-Scopes", "commands,users:read,groups:read,channels:read,"
                        + "usergroups:read,users:read.email,files:write,files:read"));

        Result r = runDoctor();

        assertOnlyFailure(r, Doctor.BOT_SCOPES);
        assertThat(r.line(Doctor.BOT_SCOPES)).contains("missing chat:write.").contains("reinstall")
                .doesNotContain("users:read");
    }

    @Test
    void anInstallFromBeforeIncidentModeNamesTheScopesItLacks() {
        answerAuthTest(TestApp.BOT_TOKEN,
                usual -> usual.withHeader("X-OAuth-Scopes", "commands,chat:write,users:read,groups:read"));

        Result r = runDoctor(Map.of(GuardSettings.ADMIN_GROUP, "S0000ADMINS"));

        assertOnlyFailure(r, Doctor.BOT_SCOPES);
        assertThat(r.line(Doctor.BOT_SCOPES))
                .contains("missing channels:read, usergroups:read, users:read.email, files:write, files:read.");
    }

    @Test
    void aRevokedAdminTokenFailsAndSkipsWhatNeedsIt() {
        answerAuthTest(TestApp.ADMIN_TOKEN, usual -> FakeResponse.error("token_revoked"));

        Result r = runDoctor();

        assertOnlyFailure(r, Doctor.ADMIN_TOKEN);
        assertThat(r.line(Doctor.ADMIN_TOKEN)).contains("token_revoked", "revoked", "SLACK_ADMIN_TOKEN");
        assertThat(r.line(Doctor.ADMIN_SCOPES)).startsWith("SKIP  admin scopes:");
        assertThat(r.line(Doctor.ORG_INSTALL)).startsWith("SKIP  org-wide install:");
        assertThat(r.line(Doctor.AUDIT_CHANNEL)).startsWith("ok    ");
    }

    @Test
    void anAdminTokenWithoutWriteScopeNamesIt() {
        answerAuthTest(TestApp.ADMIN_TOKEN, usual -> usual.withHeader("X-OAuth-Scopes", "admin.users:read"));

        Result r = runDoctor();

        assertOnlyFailure(r, Doctor.ADMIN_SCOPES);
        assertThat(r.line(Doctor.ADMIN_SCOPES)).contains("missing admin.users:write.")
                .doesNotContain("admin.users:read");
    }

    @Test
    void anAdminTokenFromAWorkspaceInstallIsNotOrgWide() {
        answerAuthTest(TestApp.ADMIN_TOKEN, usual -> withJson(usual, json -> {
            json.addProperty("is_enterprise_install", false);
            json.addProperty("team_id", "T0000TEAM1");
        }));

        Result r = runDoctor();

        assertOnlyFailure(r, Doctor.ORG_INSTALL);
        assertThat(r.line(Doctor.ORG_INSTALL)).contains("one workspace (T0000TEAM1)", "Install to Organization",
                "Org Owner or Org Admin");
    }

    @Test
    void anAuditChannelTheBotCannotSeeIsNotFound() {
        fake.respond("conversations.info", c -> FakeResponse.error("channel_not_found"));

        Result r = runDoctor();

        assertOnlyFailure(r, Doctor.AUDIT_CHANNEL);
        assertThat(r.line(Doctor.AUDIT_CHANNEL)).contains("C0000AUDIT", "SESSION_GUARD_AUDIT_CHANNEL",
                "/invite @session-guard");
    }

    @Test
    void aPublicAuditChannelFails() {
        fake.respond("conversations.info", c -> channel(false, true));

        Result r = runDoctor();

        assertOnlyFailure(r, Doctor.AUDIT_CHANNEL);
        assertThat(r.line(Doctor.AUDIT_CHANNEL)).contains("not private", "use a private channel")
                .doesNotContain("not a member");
    }

    @Test
    void anAuditChannelWithoutTheBotFails() {
        fake.respond("conversations.info", c -> channel(true, false));

        Result r = runDoctor();

        assertOnlyFailure(r, Doctor.AUDIT_CHANNEL);
        assertThat(r.line(Doctor.AUDIT_CHANNEL)).contains("the bot is not a member", "/invite @session-guard")
                .doesNotContain("not private");
    }

    /** {@code auth.test} with {@code token} gets the fake's usual answer changed; other tokens get it unchanged. */
    private void answerAuthTest(String token, UnaryOperator<FakeResponse> change) {
        fake.respond("auth.test",
                c -> token.equals(c.token()) ? change.apply(fake.defaultAnswer(c)) : fake.defaultAnswer(c));
    }

    private Result runDoctor() {
        return runDoctor(Map.of());
    }

    private Result runDoctor(Map<String, String> extraEnv) {
        return run(fake, extraEnv);
    }

    /** Doctor against {@code fake}, with the test app's environment and {@code extraEnv}; retries kept short. */
    static Result run(FakeSlack fake, Map<String, String> extraEnv) {
        Map<String, String> env = TestApp.environment(fake);
        env.putAll(extraEnv);
        Settings settings = Settings.from(env);
        SlackCalls calls = new SlackCalls(1, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(1));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            int code = new Doctor(Slack.getInstance(fake.slackConfig()), settings, calls).run(out);
            return new Result(code, bytes.toString(StandardCharsets.UTF_8));
        }
    }

    /** Exit code 1, six check lines and a summary, exactly one FAIL (for {@code check}) and it says how to fix it. */
    private static void assertOnlyFailure(Result r, String check) {
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.lines()).hasSize(7);
        assertThat(r.lines()).filteredOn(l -> l.startsWith("FAIL")).containsExactly(r.line(check));
        assertThat(r.line(check)).startsWith("FAIL  " + check + ": ").contains(". Fix: ");
        assertThat(r.lines().get(6)).startsWith("1 of 6 checks failed").endsWith("run doctor again.");
        assertNoSecrets(r);
    }

    private static void assertNoSecrets(Result r) {
        assertThat(r.output()).doesNotContain(TestApp.BOT_TOKEN).doesNotContain(TestApp.ADMIN_TOKEN)
                .doesNotContain(TestApp.SIGNING_SECRET);
    }

    private static FakeResponse channel(boolean isPrivate, boolean isMember) {
        JsonObject channel = new JsonObject();
        channel.addProperty("id", TestApp.AUDIT_CHANNEL);
        channel.addProperty("name", "session-guard-audit");
        channel.addProperty("is_channel", true);
        channel.addProperty("is_private", isPrivate);
        channel.addProperty("is_archived", false);
        channel.addProperty("is_member", isMember);
        JsonObject json = new JsonObject();
        json.add("channel", channel);
        return FakeResponse.ok(json);
    }

    /** The same answer, headers kept, with its JSON body edited. */
    private static FakeResponse withJson(FakeResponse original, Consumer<JsonObject> edit) {
        JsonObject json = JsonParser.parseString(original.body()).getAsJsonObject();
        edit.accept(json);
        FakeResponse edited = FakeResponse.ok(json);
        for (Map.Entry<String, String> h : original.headers().entrySet()) {
            edited = edited.withHeader(h.getKey(), h.getValue());
        }
        return edited;
    }

    record Result(int code, String output) {
        List<String> lines() {
            return output.lines().toList();
        }

        /** The line of one check. */
        String line(String check) {
            return lines().stream().filter(l -> l.substring(6).startsWith(check + ": ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no line for " + check + " in:\n" + output));
        }
    }
}
