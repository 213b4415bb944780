package dev.sessionguard.signout;

import dev.sessionguard.audit.AuditLog;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.AuditedAction;
import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.audit.TargetResult.Status;
import dev.sessionguard.safety.NotResettable;
import dev.sessionguard.safety.ProtectedUsers;
import dev.sessionguard.access.Actor;
import dev.sessionguard.access.AdminGate;
import dev.sessionguard.slackapi.Directory;
import dev.sessionguard.access.GateDecision;
import dev.sessionguard.access.Refusals;
import dev.sessionguard.slackapi.SessionAdminApi;
import dev.sessionguard.slackapi.SlackErrors;
import dev.sessionguard.slackapi.SlackUser;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Signs people out: checks the invoker again, skips protected accounts and those Slack can't reset, resets the rest with
 * the admin token, and records the whole attempt. Knows nothing of Bolt; the Slack edge renders the outcome.
 */
public class SignOutService {

    /** The longest reason a form takes for a sign-out, whoever asks for it (the reset form, a bulk job). */
    public static final int REASON_MAX = 3000;

    private final AdminGate gate;
    private final Directory directory;
    private final SessionAdminApi sessions;
    private final AuditLog audit;
    private final Clock clock;
    private final ProtectedUsers protectedUsers;
    private final Refusals refusals;

    public SignOutService(AdminGate gate, Directory directory, SessionAdminApi sessions, AuditLog audit, Clock clock,
            ProtectedUsers protectedUsers) {
        this.gate = gate;
        this.directory = directory;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
        this.protectedUsers = protectedUsers;
        this.refusals = new Refusals(audit, clock);
    }

    /**
     * What came of a reset: a refusal (by the gate, the per-admin limit, or an audit trail that can't be written),
     * or one result per person.
     *
     * @param recorded whether the outcome (or the refusal) is in the audit trail
     */
    public record Report(GateDecision gate, ResetScope scope, List<TargetResult> results, boolean recorded) {
        public boolean refused() {
            return !gate.allowed();
        }
    }

    public Report reset(Actor actor, List<String> userIds, ResetScope scope, String reason) {
        GateDecision decision = gate.check(actor.userId(), actor.requestOrgId());
        if (!decision.allowed()) {
            boolean recorded = recordRefusal(actor, userIds, scope, reason, "at submission", decision);
            return new Report(decision.recorded(recorded), scope, List.of(), recorded);
        }
        AuditRecord shape = new AuditRecord(clock.instant(), actor.userId(), AuditRecord.SESSION_RESET,
                AuditRecord.Outcome.IN_PROGRESS, scope.label(), reason, null, List.of());
        AuditedAction.Result done = AuditedAction.run(audit, AuditedAction.intent(shape, userIds), userIds.size(),
                userIds.stream().map(List::of).toList(),
                one -> List.of(resetOne(one.get(0), scope)),
                results -> new AuditRecord(clock.instant(), actor.userId(), AuditRecord.SESSION_RESET,
                        AuditRecord.Outcome.of(results), scope.label(), reason, null, results));
        if (done.kind() != AuditedAction.Kind.DONE) {
            return new Report(GateDecision.refuse(done.code(), done.words()).recorded(done.recorded()), scope,
                    List.of(), done.recorded());
        }
        return new Report(decision, scope, done.results(), done.recorded());
    }

    /**
     * Records a refusal that happened before anything was attempted, e.g. when the form was opened.
     *
     * @return whether it is in the audit trail
     */
    public boolean recordRefusal(Actor actor, List<String> userIds, ResetScope scope, String reason, String when,
            GateDecision decision) {
        return refusals.record(actor, AuditRecord.SESSION_RESET, scope == null ? null : scope.label(), reason, when,
                decision, userIds, "Not attempted: the invoker was refused");
    }

    private TargetResult resetOne(String userId, ResetScope scope) {
        // Before anything is asked of Slack: whoever the account is now, it is never signed out.
        if (protectedUsers.isProtected(userId)) {
            return ProtectedUsers.notSignedOut(userId);
        }
        Directory.Lookup lookup = directory.lookup(userId);
        if (lookup.user().isEmpty()) {
            return new TargetResult(userId, Status.NOT_ATTEMPTED, lookup.error(),
                    "Not attempted: " + SlackErrors.describe(lookup.error()));
        }
        SlackUser target = lookup.user().get();
        var skip = NotResettable.why(target);
        if (skip.isPresent()) {
            return new TargetResult(userId, Status.NOT_ATTEMPTED, null, "Not attempted: " + skip.get().words());
        }
        return TargetResult.of(userId, sessions.reset(userId, scope.webOnly(), scope.mobileOnly()), scope.doneWords());
    }
}
