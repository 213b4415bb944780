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
        env.put(Settings.SIGNING_SECRET, SIGNING);
        env.put(Settings.BOT_TOKEN, BOT);
        env.put(Settings.ADMIN_TOKEN, ADMIN);
        env.put(Settings.AUDIT_CHANNEL, "C0123ABCD");
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

        assertThat(s.signingSecret().reveal()).isEqualTo(SIGNING);
        assertThat(s.botToken().reveal()).isEqualTo(BOT);
        assertThat(s.adminToken().reveal()).isEqualTo(ADMIN);
        assertThat(s.auditChannel()).isEqualTo("C0123ABCD");
        assertThat(s.adminGroup()).isEmpty();
        assertThat(s.maxUsers()).isEqualTo(50);
        assertThat(s.protectedUsers()).isEmpty();
        assertThat(s.maxResetsPerMinute()).isEqualTo(20);
        assertThat(s.port()).isEqualTo(3000);
        assertThat(s.slackApiUrl()).isEqualTo("https://slack.com/api/");
    }

    @Test
    void protectedUsersAreCommaSeparatedUserIdsWithSpacesAllowedAroundTheCommas() {
        Settings s = Settings.from(with(Settings.PROTECTED_USERS, " W0123ABCD ,U0456EFGH,  W0123ABCD "));

        assertThat(s.protectedUsers()).containsExactly("W0123ABCD", "U0456EFGH");
    }

    @Test
    void theLanesAndTheAdminCacheHaveDefaultsSizedForTwoCoresAndMayBeSet() {
        assertThat(Settings.from(valid()).lanes()).isEqualTo(new Settings.Lanes(8, 64, 16, 256));
        assertThat(Settings.from(valid()).adminCache()).isEqualTo(java.time.Duration.ofSeconds(30));

        Map<String, String> env = valid();
        env.put(Settings.FAST_THREADS, "4");
        env.put(Settings.FAST_QUEUE, "16");
        env.put(Settings.SLOW_THREADS, "32");
        env.put(Settings.SLOW_QUEUE, "1000");
        env.put(Settings.ADMIN_CACHE_SECONDS, "0");
        Settings settings = Settings.from(env);
        assertThat(settings.lanes()).isEqualTo(new Settings.Lanes(4, 16, 32, 1000));
        assertThat(settings.adminCache()).isZero();
    }

    @Test
    void theDirectoryIsSyncedDailyUnlessToldOtherwise() {
        assertThat(Settings.from(with(Settings.DIRECTORY_SYNC_HOURS, " ")).directorySync()).hasHours(24);
        assertThat(Settings.from(with(Settings.DIRECTORY_SYNC_HOURS, "6")).directorySync()).hasHours(6);
    }

    @Test
    void maxResetsPerMinuteOverridesItsDefault() {
        assertThat(Settings.from(with(Settings.MAX_RESETS_PER_MINUTE, " 5 ")).maxResetsPerMinute()).isEqualTo(5);
    }

    @Test
    void everyProtectedUserEntryThatIsNotAUserIdIsNamedInTheOneErrorLine() {
        ConfigException e = failure(with(Settings.PROTECTED_USERS, "W0999GOOD, @bob ,u0456efgh,,W1, alice smith"));

        assertThat(e.getMessage()).startsWith("Session Guard cannot start. ")
                .contains("SESSION_GUARD_PROTECTED_USERS must be Slack user IDs such as W0123ABCD, separated by commas;"
                        + " not user IDs: @bob, u0456efgh, (entry 4, empty), W1, (entry 6, not shown).")
                .doesNotContain("W0999GOOD");
    }

    @Test
    void optionalValuesOverrideTheDefaultsAndSurroundingSpaceIsTrimmed() {
        Map<String, String> env = valid();
        env.put(Settings.ADMIN_GROUP, " S0123ABCD ");
        env.put(Settings.MAX_USERS, "1000");
        env.put(Settings.PORT, "0");
        env.put(Settings.API_URL, "http://127.0.0.1:8089/api/");
        env.put(Settings.BOT_TOKEN, "  " + BOT + "\n");

        Settings s = Settings.from(env);

        assertThat(s.adminGroup()).isEqualTo(Optional.of("S0123ABCD"));
        assertThat(s.maxUsers()).isEqualTo(1000);
        assertThat(s.port()).isZero();
        assertThat(s.slackApiUrl()).isEqualTo("http://127.0.0.1:8089/api/");
        assertThat(s.botToken().reveal()).isEqualTo(BOT);
    }

    @Test
    void apiUrlWithoutTrailingSlashGetsOne() {
        Settings s = Settings.from(with(Settings.API_URL, "http://127.0.0.1:8089/api"));

        assertThat(s.slackApiUrl()).isEqualTo("http://127.0.0.1:8089/api/");
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
        env.put(Settings.BOT_TOKEN, "   ");
        env.put(Settings.AUDIT_CHANNEL, "");

        ConfigException e = failure(env);

        assertThat(e.getMessage())
                .contains("Missing required environment variables: SLACK_BOT_TOKEN, SESSION_GUARD_AUDIT_CHANNEL")
                .doesNotContain("SLACK_SIGNING_SECRET", "SLACK_ADMIN_TOKEN");
    }

    static Stream<Arguments> malformedValues() {
        return Stream.of(
                Arguments.of(Settings.BOT_TOKEN, ADMIN, "SLACK_BOT_TOKEN must be a bot token"),
                Arguments.of(Settings.ADMIN_TOKEN, BOT,
                        "SLACK_ADMIN_TOKEN must be an org-level user token"),
                Arguments.of(Settings.PORT, "abc", "PORT must be a whole number from 0 to 65535"),
                Arguments.of(Settings.PORT, "-1", "PORT must be a whole number from 0 to 65535"),
                Arguments.of(Settings.PORT, "65536", "PORT must be a whole number from 0 to 65535"),
                Arguments.of(Settings.AUDIT_CHANNEL, "general", "SESSION_GUARD_AUDIT_CHANNEL must be a channel ID"),
                Arguments.of(Settings.AUDIT_CHANNEL, "#security", "SESSION_GUARD_AUDIT_CHANNEL must be a channel ID"),
                Arguments.of(Settings.MAX_USERS, "0", "SESSION_GUARD_MAX_USERS must be a whole number from 1 to 1000"),
                Arguments.of(Settings.MAX_USERS, "1001", "SESSION_GUARD_MAX_USERS must be a whole number from 1 to 1000"),
                Arguments.of(Settings.ADMIN_GROUP, "security-team", "SESSION_GUARD_ADMIN_GROUP must be a user group ID"),
                Arguments.of(Settings.PROTECTED_USERS, "alice", "SESSION_GUARD_PROTECTED_USERS must be Slack user IDs"),
                Arguments.of(Settings.PROTECTED_USERS, "W0123ABCD W0456EFGH",
                        "SESSION_GUARD_PROTECTED_USERS must be Slack user IDs"),
                Arguments.of(Settings.MAX_RESETS_PER_MINUTE, "0",
                        "SESSION_GUARD_MAX_RESETS_PER_MINUTE must be a whole number of 1 or more"),
                Arguments.of(Settings.MAX_RESETS_PER_MINUTE, "-5",
                        "SESSION_GUARD_MAX_RESETS_PER_MINUTE must be a whole number of 1 or more"),
                Arguments.of(Settings.MAX_RESETS_PER_MINUTE, "twenty",
                        "SESSION_GUARD_MAX_RESETS_PER_MINUTE must be a whole number of 1 or more"),
                Arguments.of(Settings.MAX_RESETS_PER_MINUTE, "99999999999",
                        "SESSION_GUARD_MAX_RESETS_PER_MINUTE must be a whole number of 1 or more"),
                Arguments.of(Settings.FAST_THREADS, "0", "SESSION_GUARD_FAST_THREADS must be a whole number from 1 to 256"),
                Arguments.of(Settings.SLOW_QUEUE, "lots", "SESSION_GUARD_SLOW_QUEUE must be a whole number from 1 to 100000"),
                Arguments.of(Settings.ADMIN_CACHE_SECONDS, "-1",
                        "SESSION_GUARD_ADMIN_CACHE_SECONDS must be a whole number from 0 to 300"),
                Arguments.of(Settings.DIRECTORY_SYNC_HOURS, "0",
                        "SESSION_GUARD_DIRECTORY_SYNC_HOURS must be a whole number from 1 to 168"),
                Arguments.of(Settings.DIRECTORY_SYNC_HOURS, "169",
                        "SESSION_GUARD_DIRECTORY_SYNC_HOURS must be a whole number from 1 to 168"),
                Arguments.of(Settings.API_URL, "ftp://slack.example/api", "SLACK_API_URL must be an http(s) URL"));
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
        env.put(Settings.BOT_TOKEN, "not-a-token");
        env.put(Settings.PORT, "abc");
        env.put(Settings.MAX_USERS, "0");
        env.put(Settings.PROTECTED_USERS, "@alice");
        env.put(Settings.MAX_RESETS_PER_MINUTE, "0");
        env.remove(Settings.SIGNING_SECRET);

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
        env.put(Settings.BOT_TOKEN, ADMIN);
        env.put(Settings.ADMIN_TOKEN, BOT);
        env.put(Settings.AUDIT_CHANNEL, SIGNING);
        env.put(Settings.PORT, BOT);
        env.put(Settings.PROTECTED_USERS, "W0123ABCD, " + ADMIN + ", " + SIGNING);

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
