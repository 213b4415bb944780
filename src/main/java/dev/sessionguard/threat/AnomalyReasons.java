package dev.sessionguard.threat;

import dev.sessionguard.config.ThreatSettings;
import java.util.List;
import java.util.Map;

/** Slack's anomaly reasons in plain words, for the cards and the audit trail. */
public final class AnomalyReasons {

    private static final Map<String, String> WORDS = Map.of(
            "session_fingerprint", "the session cookie was used from a new device",
            "tor", "the session was used over Tor",
            "asn", "the session was used from a new network (ASN)",
            "ip_address", "the session was used from a new IP address",
            "user_agent", "the session was used from an unexpected client (user agent)",
            "excessive_downloads", "unusually many files were downloaded",
            "unexpected_scraping", "unusually many messages or files were read (scraping)",
            "unexpected_admin_action", "an admin action out of the ordinary was taken");

    private AnomalyReasons() {
    }

    /** Whether Slack documents {@code reason}; only those are shown by name and counted by name. */
    public static boolean known(String reason) {
        return ThreatSettings.KNOWN_REASONS.contains(reason);
    }

    /** One reason in words; one Slack has not documented is named, made safe to show. */
    public static String words(String reason) {
        if (reason == null) {
            return "Slack gave no reason";
        }
        String words = WORDS.get(reason);
        return words != null ? words : "Slack reported a reason Session Guard does not know: " + safeName(reason);
    }

    /** A reason as a short code, for the audit trail and the metrics: a documented one, or a cleaned name. */
    public static String safeName(String reason) {
        if (reason == null) {
            return "unknown";
        }
        String name = reason.replaceAll("[^A-Za-z0-9_]", "");
        return name.isEmpty() ? "unknown" : name.substring(0, Math.min(40, name.length()));
    }

    /** The reasons as codes, comma-separated. */
    public static String names(List<String> reasons) {
        return String.join(", ", reasons.stream().map(AnomalyReasons::safeName).toList());
    }
}
