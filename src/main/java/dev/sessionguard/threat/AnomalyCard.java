package dev.sessionguard.threat;

import java.time.Instant;
import java.util.List;

/**
 * One person's anomalies within {@link ThreatService#GROUPING} of the first: one card in the audit channel, redrawn
 * in place as more arrive and as people act on it.
 *
 * @param id       short and stable, made from the first entry's id (so two instances filing it agree)
 * @param seq      the audit record that posted the card: every later record of the card refers to it
 * @param count    how many of Slack's anomaly entries it holds
 * @param reasons  Slack's reasons, each once, in the order first seen
 * @param latest   the newest sighting: where, from what client
 * @param slackReset when Slack's own anomaly event response ended the person's sessions, or null
 * @param handled  what ended the card (a sign-out Slack confirmed, a dismissal), or null while it is open
 * @param note     the latest attempt that did not end it (a sign-out Slack refused, the automatic response held
 *                 back and why), or null
 * @param autoReason the reason the automatic response is to act on, while it has not yet; null when it needn't
 */
public record AnomalyCard(String id, String userId, Instant firstAt, Instant lastAt, int count, List<String> reasons,
        Sighting latest, long seq, Instant slackReset, Handled handled, String note, String autoReason) {

    public AnomalyCard {
        reasons = List.copyOf(reasons);
    }

    /**
     * Where and how the person's session was seen, as Slack logged it: every string but the entry id is chosen by
     * the client, so it is hostile text, escaped where it is drawn.
     */
    public record Sighting(String entryId, Instant at, String ipAddress, String userAgent, String location,
            String sessionId, String previousIpAddress, String previousUserAgent) {
    }

    /** What ended the card. */
    public record Handled(Kind kind, String by, Instant at, String words) {
    }

    public enum Kind {
        /** A person pressed Sign out everywhere and Slack confirmed it. */
        SIGNED_OUT,
        /** The automatic response signed the person out and Slack confirmed it. */
        AUTO_SIGNED_OUT,
        /** A person dismissed the card. */
        DISMISSED
    }

    public boolean open() {
        return handled == null;
    }
}
