package dev.sessionguard.access;

import dev.sessionguard.text.Mrkdwn;

/**
 * Whether someone may use Session Guard right now, and for a refusal whether it made it into the audit trail.
 *
 * @param code     short stable code for the audit trail, e.g. {@code not_org_admin}
 * @param reason   plain words for the person refused
 * @param recorded for a refusal: whether the audit trail has it (the admin is told "recorded" only then)
 */
public record GateDecision(boolean allowed, String code, String reason, boolean recorded) {

    public GateDecision(boolean allowed, String code, String reason) {
        this(allowed, code, reason, false);
    }

    /** Allowed: for an actor no gate applies to, such as an automatic response. */
    public static final GateDecision ALLOWED = new GateDecision(true, "allowed", "");


    public static GateDecision refuse(String code, String reason) {
        return new GateDecision(false, code, reason);
    }

    /** This decision, once the refusal was (or could not be) written to the audit trail. */
    public GateDecision recorded(boolean stored) {
        return new GateDecision(allowed, code, reason, stored);
    }

    /**
     * What the refused person reads: the reason, what was not done, and whether the refusal is in the audit trail.
     *
     * @param nothingDone e.g. "Nothing was changed."
     */
    public String refusalText(String nothingDone) {
        return ":no_entry: " + Mrkdwn.escape(reason) + "\n" + nothingDone + " " + (recorded
                ? "This refusal was recorded in the audit trail."
                : "This refusal could not be written to the audit trail; Session Guard's log has it.");
    }
}
