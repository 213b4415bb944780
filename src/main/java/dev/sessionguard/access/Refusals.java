package dev.sessionguard.access;

import dev.sessionguard.audit.AuditLog;
import dev.sessionguard.audit.AuditRecord;
import java.time.Clock;
import java.util.List;

/**
 * The one way a refusal goes into the audit trail: who was refused, what they asked for, when ("at submission",
 * "when opening the form"), the decision's code and words, and the people nothing was done to. Every feature's
 * service records its refusals here, so they read alike in the audit channel.
 */
public final class Refusals {

    private final AuditLog audit;
    private final Clock clock;

    public Refusals(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    /** The record of a refusal, for callers that show its targets too. */
    public AuditRecord refusal(Actor actor, String action, String scope, String reason, String when,
            GateDecision decision, List<String> people, String targetWords) {
        return AuditRecord.refusal(clock.instant(), actor.userId(), action, scope, reason,
                "Refused " + when + " (" + decision.code() + "): " + decision.reason(), people, targetWords);
    }

    /** @return whether the refusal is in the audit trail */
    public boolean record(Actor actor, String action, String scope, String reason, String when, GateDecision decision,
            List<String> people, String targetWords) {
        return audit.record(refusal(actor, action, scope, reason, when, decision, people, targetWords));
    }
}
