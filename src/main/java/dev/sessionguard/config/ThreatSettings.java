package dev.sessionguard.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Threat response: Slack's Audit Logs API is read for anomalies, each one a card in the audit channel. Present only
 * when {@code SLACK_AUDIT_LOGS_TOKEN} is set.
 *
 * @param auditLogsToken  an Org Owner's user token with {@code auditlogs:read}: Slack takes no other for these logs
 * @param auditLogsUrl    the Audit Logs API's base, ending in a slash
 * @param pollInterval    how often the logs are read
 * @param autoReasons     Slack's reasons that sign a person out at once, without a press; empty for none
 * @param autoMaxPerHour  the most people the automatic response signs out in an hour, across the org
 */
public record ThreatSettings(Secret auditLogsToken, String auditLogsUrl, Duration pollInterval,
        Set<String> autoReasons, int autoMaxPerHour) {

    public static final String AUDIT_LOGS_TOKEN = "SLACK_AUDIT_LOGS_TOKEN";
    public static final String AUDIT_LOGS_URL = "SLACK_AUDIT_LOGS_URL";
    public static final String POLL_SECONDS = "SESSION_GUARD_ANOMALY_POLL_SECONDS";
    public static final String AUTO_REASONS = "SESSION_GUARD_AUTO_SIGN_OUT_REASONS";
    public static final String AUTO_MAX_PER_HOUR = "SESSION_GUARD_AUTO_SIGN_OUT_MAX_PER_HOUR";

    public static final String DEFAULT_AUDIT_LOGS_URL = "https://api.slack.com/audit/v1/";

    /** The anomaly reasons Slack documents, in the order the README lists them. */
    public static final List<String> KNOWN_REASONS = List.of("session_fingerprint", "tor", "asn", "ip_address",
            "user_agent", "excessive_downloads", "unexpected_scraping", "unexpected_admin_action");

    public ThreatSettings {
        autoReasons = Set.copyOf(autoReasons);
    }

    static Optional<ThreatSettings> read(Env env) {
        Optional<Secret> token = env.optionalSecret(AUDIT_LOGS_TOKEN, "xoxp-",
                "an Org Owner's user token (xoxp-…) with the auditlogs:read scope");
        if (token.isEmpty()) {
            // Read only when on: a variable the warning calls ignored must not stop the start.
            for (String name : List.of(AUDIT_LOGS_URL, POLL_SECONDS, AUTO_REASONS, AUTO_MAX_PER_HOUR)) {
                env.ignored(name, ": threat response is off until " + AUDIT_LOGS_TOKEN + " is set");
            }
            return Optional.empty();
        }
        String url = env.url(AUDIT_LOGS_URL, DEFAULT_AUDIT_LOGS_URL);
        Duration poll = env.seconds(POLL_SECONDS, 60, 5, 3600);
        int maxPerHour = env.integer(AUTO_MAX_PER_HOUR, 10, 0, 10_000);
        Set<String> reasons = reasons(env);
        return Optional.of(new ThreatSettings(token.get(), url, poll, reasons, maxPerHour));
    }

    /** The comma-separated reasons, each one Slack documents; an unknown one is named in the start-up error. */
    private static Set<String> reasons(Env env) {
        String value = env.value(AUTO_REASONS);
        Set<String> reasons = new LinkedHashSet<>();
        if (value == null) {
            return reasons;
        }
        List<String> unknown = new ArrayList<>();
        for (String entry : value.split(",")) {
            String reason = entry.trim();
            if (reason.isEmpty()) {
                continue;
            }
            if (KNOWN_REASONS.contains(reason)) {
                reasons.add(reason);
            } else {
                // A reason is letters and underscores; anything with digits or odd characters may be a secret
                // pasted into the wrong variable (a token, a signing secret), so it is not echoed.
                unknown.add(reason.matches("[A-Za-z_-]{1,40}") && !reason.startsWith("xox")
                        && !reason.startsWith("xapp") ? reason : "(one that is not shown)");
            }
        }
        if (!unknown.isEmpty()) {
            env.problem(AUTO_REASONS + " names " + (unknown.size() == 1 ? "a reason" : "reasons")
                    + " Slack does not report: " + String.join(", ", unknown) + " (known: "
                    + String.join(", ", KNOWN_REASONS) + ")");
        }
        return reasons;
    }
}
