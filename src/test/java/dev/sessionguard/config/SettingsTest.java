package dev.sessionguard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SettingsTest {

    // Distinctive fakes, so a leak into a message or toString can be searched for.
    private static final String SIGNING = "test-SECRET-signing-5f3a";
    private static final String BOT = "xoxb-test-SECRET-bot";
    private static final String ADMIN = "xoxp-test-SECRET-admin";
    private static final List<String> SECRETS = List.of(SIGNING, BOT, ADMIN);

    /** The four variables token mode over HTTP needs; a fresh map to add to. */
    static Map<String, String> valid() {
        Map<String, String> env = new HashMap<>();
        env.put(SlackSettings.SIGNING_SECRET, SIGNING);
        env.put(SlackSettings.BOT_TOKEN, BOT);
        env.put(SlackSettings.ADMIN_TOKEN, ADMIN);
        env.put(GuardSettings.AUDIT_CHANNEL, "C0123ABCD");
        return env;
    }

    private static Map<String, String> with(String name, String value) {
        Map<String, String> env = valid();
        env.put(name, value);
        return env;
    }

    static ConfigException failure(Map<String, String> env) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> Settings.from(env));
        assertThat(e).as("Settings.from should have refused %s", env.keySet()).isNotNull();
        return e;
    }

    @Test
    void allRequiredPresentGivesTheirValuesAndTheDefaults() {
        Settings s = Settings.from(valid());

        assertThat(s.slack().signingSecret().reveal()).isEqualTo(SIGNING);
        assertThat(s.slack().botToken().reveal()).isEqualTo(BOT);
        assertThat(s.slack().adminToken().reveal()).isEqualTo(ADMIN);
        assertThat(s.guard().auditChannel()).isEqualTo("C0123ABCD");
        assertThat(s.guard().adminGroup()).isEmpty();
        assertThat(s.guard().maxUsers()).isEqualTo(50);
        assertThat(s.guard().protectedUsers()).isEmpty();
        assertThat(s.guard().maxResetsPerMinute()).isEqualTo(20);
        assertThat(s.server().port()).isEqualTo(3000);
        assertThat(s.slack().apiUrl()).isEqualTo("https://slack.com/api/");
    }

    @Test
    void protectedUsersAreCommaSeparatedUserIdsWithSpacesAllowedAroundTheCommas() {
        Settings s = Settings.from(with(GuardSettings.PROTECTED_USERS, " W0123ABCD ,U0456EFGH,  W0123ABCD "));

        assertThat(s.guard().protectedUsers()).containsExactly("W0123ABCD", "U0456EFGH");
    }

    @Test
    void theLanesAndTheAdminCacheHaveDefaultsSizedForTwoCoresAndMayBeSet() {
        assertThat(Settings.from(valid()).server().lanes()).isEqualTo(new ServerSettings.Lanes(8, 64, 16, 256));
        assertThat(Settings.from(valid()).guard().adminCache()).isEqualTo(java.time.Duration.ofSeconds(30));

        Map<String, String> env = valid();
        env.put(ServerSettings.FAST_THREADS, "4");
        env.put(ServerSettings.FAST_QUEUE, "16");
        env.put(ServerSettings.SLOW_THREADS, "32");
        env.put(ServerSettings.SLOW_QUEUE, "1000");
        env.put(GuardSettings.ADMIN_CACHE_SECONDS, "0");
        Settings settings = Settings.from(env);
        assertThat(settings.server().lanes()).isEqualTo(new ServerSettings.Lanes(4, 16, 32, 1000));
        assertThat(settings.guard().adminCache()).isZero();
    }

    @Test
    void theDirectoryIsSyncedDailyUnlessToldOtherwise() {
        assertThat(Settings.from(with(IncidentSettings.DIRECTORY_SYNC_HOURS, " ")).incident().directorySync()).hasHours(24);
        assertThat(Settings.from(with(IncidentSettings.DIRECTORY_SYNC_HOURS, "6")).incident().directorySync()).hasHours(6);
    }

    @Test
    void maxResetsPerMinuteOverridesItsDefault() {
        assertThat(Settings.from(with(GuardSettings.MAX_RESETS_PER_MINUTE, " 5 ")).guard().maxResetsPerMinute()).isEqualTo(5);
    }

    @Test
    void everyProtectedUserEntryThatIsNotAUserIdIsNamedInTheOneErrorLine() {
        ConfigException e = failure(with(GuardSettings.PROTECTED_USERS, "W0999GOOD, @bob ,u0456efgh,,W1, alice smith"));

        assertThat(e.getMessage()).startsWith("Session Guard cannot start. ")
                .contains("SESSION_GUARD_PROTECTED_USERS must be Slack user IDs such as W0123ABCD, separated by commas;"
                        + " not user IDs: @bob, u0456efgh, (entry 4, empty), W1, (entry 6, not shown).")
                .doesNotContain("W0999GOOD");
    }

    @Test
    void optionalValuesOverrideTheDefaultsAndSurroundingSpaceIsTrimmed() {
        Map<String, String> env = valid();
        env.put(GuardSettings.ADMIN_GROUP, " S0123ABCD ");
        env.put(GuardSettings.MAX_USERS, "1000");
        env.put(ServerSettings.PORT, "0");
        env.put(SlackSettings.API_URL, "http://127.0.0.1:8089/api/");
        env.put(SlackSettings.BOT_TOKEN, "  " + BOT + "\n");

        Settings s = Settings.from(env);

        assertThat(s.guard().adminGroup()).isEqualTo(Optional.of("S0123ABCD"));
        assertThat(s.guard().maxUsers()).isEqualTo(1000);
        assertThat(s.server().port()).isZero();
        assertThat(s.slack().apiUrl()).isEqualTo("http://127.0.0.1:8089/api/");
        assertThat(s.slack().botToken().reveal()).isEqualTo(BOT);
    }

    @Test
    void apiUrlWithoutTrailingSlashGetsOne() {
        Settings s = Settings.from(with(SlackSettings.API_URL, "http://127.0.0.1:8089/api"));

        assertThat(s.slack().apiUrl()).isEqualTo("http://127.0.0.1:8089/api/");
    }

    @Test
    void missingRequiredVariablesAreAllNamedInOneException() {
        ConfigException e = failure(Map.of());

        assertThat(e.getMessage()).contains(
                "Missing required environment variables: ",
                "SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "SLACK_ADMIN_TOKEN", "SESSION_GUARD_AUDIT_CHANNEL");
    }

    @Test
    void blankValuesCountAsMissing() {
        Map<String, String> env = valid();
        env.put(SlackSettings.BOT_TOKEN, "   ");
        env.put(GuardSettings.AUDIT_CHANNEL, "");

        ConfigException e = failure(env);

        assertThat(e.getMessage())
                .contains("Missing required environment variables: SLACK_BOT_TOKEN, SESSION_GUARD_AUDIT_CHANNEL")
                .doesNotContain("SLACK_SIGNING_SECRET", "SLACK_ADMIN_TOKEN");
    }

    static Stream<Arguments> malformedValues() {
        return Stream.of(
                Arguments.of(SlackSettings.BOT_TOKEN, ADMIN, "SLACK_BOT_TOKEN must be a bot token"),
                Arguments.of(SlackSettings.ADMIN_TOKEN, BOT,
                        "SLACK_ADMIN_TOKEN must be an org-level user token"),
                Arguments.of(ServerSettings.PORT, "abc", "PORT must be a whole number from 0 to 65535"),
                Arguments.of(ServerSettings.PORT, "-1", "PORT must be a whole number from 0 to 65535"),
                Arguments.of(ServerSettings.PORT, "65536", "PORT must be a whole number from 0 to 65535"),
                Arguments.of(GuardSettings.AUDIT_CHANNEL, "general", "SESSION_GUARD_AUDIT_CHANNEL must be a channel ID"),
                Arguments.of(GuardSettings.AUDIT_CHANNEL, "#security", "SESSION_GUARD_AUDIT_CHANNEL must be a channel ID"),
                Arguments.of(GuardSettings.MAX_USERS, "0", "SESSION_GUARD_MAX_USERS must be a whole number from 1 to 1000"),
                Arguments.of(GuardSettings.MAX_USERS, "1001", "SESSION_GUARD_MAX_USERS must be a whole number from 1 to 1000"),
                Arguments.of(GuardSettings.ADMIN_GROUP, "security-team", "SESSION_GUARD_ADMIN_GROUP must be a user group ID"),
                Arguments.of(GuardSettings.PROTECTED_USERS, "alice", "SESSION_GUARD_PROTECTED_USERS must be Slack user IDs"),
                Arguments.of(GuardSettings.PROTECTED_USERS, "W0123ABCD W0456EFGH",
                        "SESSION_GUARD_PROTECTED_USERS must be Slack user IDs"),
                Arguments.of(GuardSettings.MAX_RESETS_PER_MINUTE, "0",
                        "SESSION_GUARD_MAX_RESETS_PER_MINUTE must be a whole number of 1 or more"),
                Arguments.of(GuardSettings.MAX_RESETS_PER_MINUTE, "-5",
                        "SESSION_GUARD_MAX_RESETS_PER_MINUTE must be a whole number of 1 or more"),
                Arguments.of(GuardSettings.MAX_RESETS_PER_MINUTE, "twenty",
                        "SESSION_GUARD_MAX_RESETS_PER_MINUTE must be a whole number of 1 or more"),
                Arguments.of(GuardSettings.MAX_RESETS_PER_MINUTE, "99999999999",
                        "SESSION_GUARD_MAX_RESETS_PER_MINUTE must be a whole number of 1 or more"),
                Arguments.of(ServerSettings.FAST_THREADS, "0", "SESSION_GUARD_FAST_THREADS must be a whole number from 1 to 256"),
                Arguments.of(ServerSettings.SLOW_QUEUE, "lots", "SESSION_GUARD_SLOW_QUEUE must be a whole number from 1 to 100000"),
                Arguments.of(GuardSettings.ADMIN_CACHE_SECONDS, "-1",
                        "SESSION_GUARD_ADMIN_CACHE_SECONDS must be a whole number from 0 to 300"),
                Arguments.of(IncidentSettings.DIRECTORY_SYNC_HOURS, "0",
                        "SESSION_GUARD_DIRECTORY_SYNC_HOURS must be a whole number from 1 to 168"),
                Arguments.of(IncidentSettings.DIRECTORY_SYNC_HOURS, "169",
                        "SESSION_GUARD_DIRECTORY_SYNC_HOURS must be a whole number from 1 to 168"),
                Arguments.of(SlackSettings.API_URL, "ftp://slack.example/api", "SLACK_API_URL must be an http(s) URL"));
    }

    @ParameterizedTest(name = "{0}={1} is refused")
    @MethodSource("malformedValues")
    void malformedValueIsNamedWithWhatWasExpected(String name, String value, String expected) {
        ConfigException e = failure(with(name, value));

        assertThat(e.getMessage()).startsWith("Session Guard cannot start. ").contains(expected);
        SECRETS.forEach(secret -> assertThat(e.getMessage()).doesNotContain(secret));
    }

    @Test
    void everyMalformedValueIsReportedAtOnce() {
        Map<String, String> env = valid();
        env.put(SlackSettings.BOT_TOKEN, "not-a-token");
        env.put(ServerSettings.PORT, "abc");
        env.put(GuardSettings.MAX_USERS, "0");
        env.put(GuardSettings.PROTECTED_USERS, "@alice");
        env.put(GuardSettings.MAX_RESETS_PER_MINUTE, "0");
        env.remove(SlackSettings.SIGNING_SECRET);

        ConfigException e = failure(env);

        assertThat(e.getMessage()).contains(
                "Missing required environment variable: SLACK_SIGNING_SECRET",
                "SLACK_BOT_TOKEN must be", "PORT must be", "SESSION_GUARD_MAX_USERS must be",
                "SESSION_GUARD_PROTECTED_USERS must be", "SESSION_GUARD_MAX_RESETS_PER_MINUTE must be");
    }

    @Test
    void exceptionMessageNeverContainsSecretValues() {
        // Secrets pasted into the wrong variables: the classic way one ends up in a log.
        Map<String, String> env = valid();
        env.put(SlackSettings.BOT_TOKEN, ADMIN);
        env.put(SlackSettings.ADMIN_TOKEN, BOT);
        env.put(GuardSettings.AUDIT_CHANNEL, SIGNING);
        env.put(ServerSettings.PORT, BOT);
        env.put(GuardSettings.PROTECTED_USERS, "W0123ABCD, " + ADMIN + ", " + SIGNING);

        ConfigException e = failure(env);

        assertThat(e.getMessage()).contains("SLACK_BOT_TOKEN", "SLACK_ADMIN_TOKEN", "SESSION_GUARD_AUDIT_CHANNEL", "PORT",
                "SESSION_GUARD_PROTECTED_USERS");
        SECRETS.forEach(secret -> assertThat(e.toString()).doesNotContain(secret));
    }

    @Test
    void toStringRedactsEverySecret() {
        String text = Settings.from(valid()).toString();

        SECRETS.forEach(secret -> assertThat(text).doesNotContain(secret));
        assertThat(text).contains("[redacted]", "C0123ABCD");
    }

    @Test
    void configExceptionCarriesNoStackTrace() {
        ConfigException e = failure(Map.of());

        assertThat(e.getStackTrace()).isEmpty();
        assertThat(e.getCause()).isNull();
    }

    @Test
    void secretShowsItselfOnlyWhenRevealed() {
        Secret s = new Secret(BOT);

        assertThat(s.reveal()).isEqualTo(BOT);
        assertThat(s).hasToString("[redacted]");
    }
}
