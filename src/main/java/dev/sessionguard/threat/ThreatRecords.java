package dev.sessionguard.threat;

import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.AuditRecord.Outcome;
import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.slackapi.AuditLogEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audit records of threat response. Every one that belongs to a card names it in its {@code detail} ("Anomaly
 * card 7K3M…: …") and refers to the card's first record, so the audit channel shows one card per person and 15
 * minutes, redrawn in place ({@link AnomalyCardView}).
 */
public final class ThreatRecords {

    /** Slack logged an anomaly: a new card, or one more on the person's card. The actor is Slack. */
    public static final String DETECTED = "anomaly.detected";
    /** Slack's own anomaly event response ended the person's sessions. The actor is Slack. */
    public static final String SLACK_RESET = "anomaly.slack_reset";
    /** Sign out everywhere, pressed on a card: written ahead, like every sign-out. */
    public static final String SIGN_OUT = "anomaly.sign_out";
    /** The automatic response's sign-out: written ahead; the actor is {@link #AUTO_ACTOR}. */
    public static final String AUTO_SIGN_OUT = "anomaly.auto_sign_out";
    /** The automatic response held back (the hourly limit, a protected account, the primary owner …). */
    public static final String AUTO_HELD = "anomaly.auto_held";
    public static final String DISMISS = "anomaly.dismiss";
    /** A press that was refused (not an admin, an ended card …): a message of its own, the card unchanged. */
    public static final String REFUSED = "anomaly.refused";
    /** Who acts when Session Guard signs someone out by itself. */
    public static final String AUTO_ACTOR = "auto:anomaly-response";

    private static final String CARD = "Anomaly card ";
    private static final Pattern CARD_ID = Pattern.compile("^" + CARD + "([0-9A-Z]{12})\\b");

    private ThreatRecords() {
    }

    /** The card a record is about, from its detail; empty for a refusal and for other features' records. */
    public static Optional<String> cardId(AuditRecord r) {
        if (!r.action().startsWith("anomaly.") || r.detail() == null) {
            return Optional.empty();
        }
        Matcher m = CARD_ID.matcher(r.detail());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    static String head(String cardId) {
        return CARD + cardId + ": ";
    }

    /** The card's reference for a record about it: its own first record, or none for the first. */
    private static Long ref(AnomalyCard card, boolean newCard) {
        return newCard ? null : card.seq();
    }

    static AuditRecord detected(Instant at, AnomalyCard card, AuditLogEntry e, boolean newCard) {
        return new AuditRecord(at, AuditRecord.SLACK, DETECTED, Outcome.SUCCEEDED, null, null, head(card.id())
                + "Slack logged an anomaly for <@" + e.userId() + "> (entry " + e.id() + ", reasons: "
                + AnomalyReasons.names(e.reasons()) + "; IP address " + orNone(e.ipAddress()) + "; location "
                + orNone(e.location()) + "; client " + orNone(e.userAgent()) + "; session " + orNone(e.sessionId())
                + ")" + (newCard ? "." : "; anomaly " + card.count() + " on this card."), List.of(),
                ref(card, newCard));
    }

    static AuditRecord slackReset(Instant at, AnomalyCard card, AuditLogEntry e, boolean newCard) {
        return new AuditRecord(at, AuditRecord.SLACK, SLACK_RESET, Outcome.SUCCEEDED, null, null, head(card.id())
                + "Slack's anomaly event response ended <@" + e.userId() + ">'s sessions (entry " + e.id() + ").",
                List.of(), ref(card, newCard));
    }

    static AuditRecord held(Instant at, AnomalyCard card, String why) {
        return new AuditRecord(at, AUTO_ACTOR, AUTO_HELD, Outcome.REFUSED, null, autoReason(card),
                head(card.id()) + "not signed out automatically: " + why, List.of(new TargetResult(card.userId(),
                        TargetResult.Status.NOT_ATTEMPTED, null, "Not attempted: " + why)), card.seq());
    }

    static AuditRecord dismissed(Instant at, AnomalyCard card, String by) {
        return new AuditRecord(at, by, DISMISS, Outcome.SUCCEEDED, null, null,
                head(card.id()) + "dismissed; nobody was signed out.", List.of(), card.seq());
    }

    /** The reason an automatic sign-out is recorded with: the anomaly and the reason it acted on. */
    static String autoReason(AnomalyCard card) {
        return "Automatic response to Slack's anomaly " + card.latest().entryId() + " (reason: "
                + AnomalyReasons.safeName(card.autoReason()) + ", " + AnomalyReasons.words(card.autoReason()) + ")";
    }

    /** The reason a pressed sign-out is recorded with. */
    static String pressedReason(AnomalyCard card) {
        return "Sign out everywhere, pressed on anomaly card " + card.id() + " (Slack's anomaly "
                + card.latest().entryId() + ", reasons: " + AnomalyReasons.names(card.reasons()) + ")";
    }

    /** The detail a sign-out's records carry, so they find their card. */
    static String signOutDetail(AnomalyCard card) {
        return head(card.id()) + "sign-out of <@" + card.userId() + ">.";
    }

    private static String orNone(String value) {
        return value == null || value.isBlank() ? "not reported" : value;
    }
}
