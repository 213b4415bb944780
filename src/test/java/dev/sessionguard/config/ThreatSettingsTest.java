package dev.sessionguard.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.sessionguard.support.CapturedLogs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Threat response's five variables: off unless the audit logs token is set, then each read and bounded. */
class ThreatSettingsTest {

    // Distinctive fakes, so a leak into a message or toString can be searched for.
    private static final String AUDIT_TOKEN = "xoxp-test-SECRET-auditlogs-91c2";
    private static final String SIGNING = "test-SECRET-signing-5f3a";

    private static Map<String, String> on() {
        Map<String, String> env = SettingsTest.valid();
        env.put(ThreatSettings.AUDIT_LOGS_TOKEN, AUDIT_TOKEN);
        return env;
    }

    private static Map<String, String> onWith(String name, String value) {
        Map<String, String> env = on();
        env.put(name, value);
        return env;
    }

    private static ThreatSettings threat(Map<String, String> env) {
        return Settings.from(env).threat().orElseThrow();
    }

    private static String failure(Map<String, String> env) {
        String message = SettingsTest.failure(env).getMessage();
        assertThat(message).startsWith("Session Guard cannot start. ").doesNotContain(AUDIT_TOKEN, "\n");
        return message;
    }

    @Test
    void threatResponseIsOffWithoutTheAuditLogsToken() {
        assertThat(Settings.from(SettingsTest.valid()).threat()).isEmpty();
        assertThat(Settings.from(onWith(ThreatSettings.AUDIT_LOGS_TOKEN, "   ")).threat()).as("blank is unset").isEmpty();
    }

    @Test
    void withoutTheTokenTheOtherVariablesOnlyWarnEvenWhenMalformed() {
        Map<String, String> env = SettingsTest.valid();
        env.put(ThreatSettings.AUDIT_LOGS_URL, "ftp://audit.example");
        env.put(ThreatSettings.POLL_SECONDS, "4");
        env.put(ThreatSettings.AUTO_REASONS, "tor,not_a_reason");
        env.put(ThreatSettings.AUTO_MAX_PER_HOUR, "-1");

        try (CapturedLogs logs = CapturedLogs.start()) {
            assertThat(Settings.from(env).threat()).isEmpty();

            List<String> warnings = logs.from(Settings.class, Level.WARN).stream()
                    .map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(warnings).hasSize(4).allSatisfy(w -> assertThat(w)
                    .contains("is ignored: threat response is off until SLACK_AUDIT_LOGS_TOKEN is set"));
            assertThat(String.join("\n", warnings)).contains(ThreatSettings.AUDIT_LOGS_URL, ThreatSettings.POLL_SECONDS,
                    ThreatSettings.AUTO_REASONS, ThreatSettings.AUTO_MAX_PER_HOUR).doesNotContain("not_a_reason", "ftp:");
        }
    }

    @Test
    void withoutTheTokenNothingIsSaidOfVariablesThatAreNotSet() {
        Map<String, String> env = SettingsTest.valid();
        env.put(ThreatSettings.POLL_SECONDS, "30");

        try (CapturedLogs logs = CapturedLogs.start()) {
            Settings.from(env);

            assertThat(logs.from(Settings.class, Level.WARN)).extracting(ILoggingEvent::getFormattedMessage)
                    .filteredOn(w -> w.contains("threat response")).singleElement().asString()
                    .startsWith(ThreatSettings.POLL_SECONDS + " is ignored");
        }
    }

    @Test
    void theTokenTurnsItOnWithTheDefaults() {
        ThreatSettings threat = threat(on());

        assertThat(threat.auditLogsToken().reveal()).isEqualTo(AUDIT_TOKEN);
        assertThat(threat.auditLogsUrl()).isEqualTo("https://api.slack.com/audit/v1/");
        assertThat(threat.pollInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(threat.autoReasons()).as("no automatic response unless asked for").isEmpty();
        assertThat(threat.autoMaxPerHour()).isEqualTo(10);
    }

    @Test
    void theTokenNeverShowsInToString() {
        assertThat(threat(on()).toString()).doesNotContain(AUDIT_TOKEN).contains("[redacted]");
        assertThat(Settings.from(on()).toString()).doesNotContain(AUDIT_TOKEN);
    }

    @Test
    void theUrlCanBeSetAndGetsItsTrailingSlash() {
        assertThat(threat(onWith(ThreatSettings.AUDIT_LOGS_URL, "http://127.0.0.1:8089/audit/v1")).auditLogsUrl())
                .isEqualTo("http://127.0.0.1:8089/audit/v1/");
        assertThat(failure(onWith(ThreatSettings.AUDIT_LOGS_URL, "ftp://audit.example/")))
                .contains(ThreatSettings.AUDIT_LOGS_URL + " must be an http(s) URL");
    }

    @ParameterizedTest(name = "{0} s is taken")
    @ValueSource(ints = {5, 6, 3599, 3600})
    void pollSecondsWithinFiveToAnHourAreTaken(int seconds) {
        assertThat(threat(onWith(ThreatSettings.POLL_SECONDS, " " + seconds + " ")).pollInterval())
                .isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"4", "3601", "0", "-60", "1m", "60.5"})
    void pollSecondsOutsideFiveToAnHourStopTheStart(String value) {
        assertThat(failure(onWith(ThreatSettings.POLL_SECONDS, value)))
                .contains("SESSION_GUARD_ANOMALY_POLL_SECONDS must be a whole number from 5 to 3600");
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"xoxb-test-SECRET-bot-7d1e", "xoxe-test-SECRET-x", "test-SECRET-signing-5f3a", "XOXP-1"})
    void aTokenThatIsNotAUserTokenIsRefusedAndNeverEchoed(String token) {
        String message = failure(onWith(ThreatSettings.AUDIT_LOGS_TOKEN, token));

        assertThat(message).contains("SLACK_AUDIT_LOGS_TOKEN must be an Org Owner's user token (xoxp-…)")
                .doesNotContain(token);
    }

    @Test
    void reasonsAreCommaSeparatedWithSpacesEmptyEntriesAndRepeatsAllowed() {
        ThreatSettings threat = threat(onWith(ThreatSettings.AUTO_REASONS,
                " session_fingerprint , ,tor,,session_fingerprint,\tunexpected_admin_action ,"));

        assertThat(threat.autoReasons()).containsExactlyInAnyOrder("session_fingerprint", "tor",
                "unexpected_admin_action");
    }

    @Test
    void everyReasonSlackDocumentsIsTaken() {
        ThreatSettings threat = threat(onWith(ThreatSettings.AUTO_REASONS, String.join(",", ThreatSettings.KNOWN_REASONS)));

        assertThat(threat.autoReasons()).containsExactlyInAnyOrderElementsOf(ThreatSettings.KNOWN_REASONS).hasSize(8);
    }

    @Test
    void onlyCommasAndSpacesMeanNoReasons() {
        assertThat(threat(onWith(ThreatSettings.AUTO_REASONS, " , ,, ")).autoReasons()).isEmpty();
    }

    @Test
    void theReasonsCannotBeChangedAfterReading() {
        ThreatSettings threat = threat(onWith(ThreatSettings.AUTO_REASONS, "tor"));

        assertThat(threat.autoReasons()).isUnmodifiable();
    }

    @Test
    void anUnknownReasonStopsTheStartNamingItAndTheVariable() {
        String message = failure(onWith(ThreatSettings.AUTO_REASONS, "tor, session_fingerprnt"));

        assertThat(message).contains("SESSION_GUARD_AUTO_SIGN_OUT_REASONS names a reason Slack does not report: "
                + "session_fingerprnt (known: session_fingerprint, tor, asn, ");
    }

    @Test
    void severalUnknownReasonsAreEachNamed() {
        String message = failure(onWith(ThreatSettings.AUTO_REASONS, "TOR,tor,ip-address,impossible_travel"));

        assertThat(message).contains(ThreatSettings.AUTO_REASONS + " names reasons Slack does not report: "
                + "TOR, ip-address, impossible_travel (known:");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"<!channel>", "<@W0000ADMIN>", "tor`x", "tor\u202eexploit", "tor\u001b[31m", "a b"})
    void anOddReasonIsNotEchoed(String odd) {
        String message = failure(onWith(ThreatSettings.AUTO_REASONS, "tor," + odd));

        assertThat(message).contains(ThreatSettings.AUTO_REASONS, "(one that is not shown)")
                .doesNotContain(odd, "<", "`", "\u202e", "\u001b");
    }

    @Test
    void aVeryLongReasonIsNotEchoed() {
        String longReason = "x".repeat(200);

        String message = failure(onWith(ThreatSettings.AUTO_REASONS, longReason));

        assertThat(message).contains(ThreatSettings.AUTO_REASONS, "(one that is not shown)").doesNotContain("x".repeat(41));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {AUDIT_TOKEN, "xoxb-1234-5678-abcd", SIGNING, "8f14e45fceea167a5a36dedd4bea2543"})
    void aSecretPastedIntoTheReasonsIsNotEchoed(String secret) {
        String message = failure(onWith(ThreatSettings.AUTO_REASONS, "tor, " + secret));

        assertThat(message).contains(ThreatSettings.AUTO_REASONS, "(one that is not shown)").doesNotContain(secret);
    }

    @ParameterizedTest(name = "{0} is taken")
    @ValueSource(ints = {0, 1, 10, 10_000})
    void theHourlyLimitIsAWholeNumberUpToTenThousand(int max) {
        assertThat(threat(onWith(ThreatSettings.AUTO_MAX_PER_HOUR, Integer.toString(max))).autoMaxPerHour())
                .isEqualTo(max);
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"-1", "10001", "ten", "2147483648"})
    void anHourlyLimitOutOfBoundsStopsTheStart(String value) {
        assertThat(failure(onWith(ThreatSettings.AUTO_MAX_PER_HOUR, value)))
                .contains("SESSION_GUARD_AUTO_SIGN_OUT_MAX_PER_HOUR must be a whole number from 0 to 10000");
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        Map<String, String> env = on();
        env.put(ThreatSettings.AUDIT_LOGS_TOKEN, "xoxb-test-SECRET-bot-7d1e");
        env.put(ThreatSettings.POLL_SECONDS, "1");
        env.put(ThreatSettings.AUTO_REASONS, "teleport");
        env.put(ThreatSettings.AUTO_MAX_PER_HOUR, "lots");

        assertThat(failure(env)).contains(ThreatSettings.AUDIT_LOGS_TOKEN + " must be",
                ThreatSettings.POLL_SECONDS + " must be", ThreatSettings.AUTO_REASONS + " names a reason",
                ThreatSettings.AUTO_MAX_PER_HOUR + " must be");
    }

    @CsvSource({"SLACK_AUDIT_LOGS_TOKEN", "SLACK_AUDIT_LOGS_URL", "SESSION_GUARD_ANOMALY_POLL_SECONDS",
            "SESSION_GUARD_AUTO_SIGN_OUT_REASONS", "SESSION_GUARD_AUTO_SIGN_OUT_MAX_PER_HOUR"})
    @ParameterizedTest(name = "{0}")
    void everyVariableIsListedAmongTheAppsVariables(String name) {
        assertThat(Settings.variables()).containsOnlyOnce(name);
    }

    @Test
    void theAreaListsExactlyItsFiveVariables() {
        assertThat(Env.variables(ThreatSettings.class)).containsExactlyInAnyOrder(ThreatSettings.AUDIT_LOGS_TOKEN,
                ThreatSettings.AUDIT_LOGS_URL, ThreatSettings.POLL_SECONDS, ThreatSettings.AUTO_REASONS,
                ThreatSettings.AUTO_MAX_PER_HOUR);
    }
}
