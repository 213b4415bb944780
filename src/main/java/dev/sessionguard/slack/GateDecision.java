package dev.sessionguard.slack;

/**
 * Whether someone may use Session Guard right now.
 *
 * @param code   short stable code for the audit trail, e.g. {@code not_org_admin}
 * @param reason plain words for the person refused
 */
public record GateDecision(boolean allowed, String code, String reason) {

    static GateDecision allow() {
        return new GateDecision(true, "allowed", "");
    }

    static GateDecision refuse(String code, String reason) {
        return new GateDecision(false, code, reason);
    }
}
