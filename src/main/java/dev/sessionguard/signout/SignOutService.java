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
import java.util.function.Consumer;

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

    /**
     * How a sign-out is filed in the audit trail: its action, and the record whose message it updates in the audit
     * channel (null: a message of its own).
     *
     * @param detail        the records' detail, e.g. the card they belong to; null for none
     * @param beforeClosing told every outcome just before the closing record is committed, so what the closing
     *                      record's message is drawn from (an anomaly's card) already says how it went
     */
    public record Filing(String action, Long ref, String detail, Consumer<List<TargetResult>> beforeClosing) {
        public static final Filing RESET = new Filing(AuditRecord.SESSION_RESET, null, null, results -> { });
    }

    /** The admin gate, checked now, then {@link #signOut} counted against the invoker's per-admin limit. */
    public Report reset(Actor actor, List<String> userIds, ResetScope scope, String reason) {
        GateDecision decision = gate.check(actor.userId(), actor.requestOrgId());
        if (!decision.allowed()) {
            boolean recorded = recordRefusal(actor, userIds, scope, reason, "at submission", decision);
            return new Report(decision.recorded(recorded), scope, List.of(), recorded);
        }
        return signOut(actor.userId(), userIds, scope, reason, Filing.RESET, userIds.size());
    }

    /**
     * Signs people out without an admin gate of its own: for callers that checked their actor themselves, with
     * their own words for a refusal (an anomaly card's presser, a workflow's runner), and for an actor that is no
     * person (the automatic response to Slack's anomalies, whose authority is its settings). Written ahead like every
     * sign-out, skipping protected accounts and those Slack can't reset.
     *
     * @param counted how many sign-outs count against {@code actorId}'s per-minute limit (0: the caller limits)
     */
    public Report signOut(String actorId, List<String> userIds, ResetScope scope, String reason, Filing filing,
            int counted) {
        AuditRecord shape = new AuditRecord(clock.instant(), actorId, filing.action(), AuditRecord.Outcome.IN_PROGRESS,
                scope.label(), reason, filing.detail(), List.of(), filing.ref());
        AuditedAction.Result done = AuditedAction.run(audit, AuditedAction.intent(shape, userIds), counted,
                userIds.stream().map(List::of).toList(),
                one -> List.of(resetOne(one.get(0), scope)),
                results -> {
                    filing.beforeClosing().accept(results);
                    return new AuditRecord(clock.instant(), actorId, filing.action(), AuditRecord.Outcome.of(results),
                            scope.label(), reason, filing.detail(), results);
                });
        if (done.kind() != AuditedAction.Kind.DONE) {
            return new Report(GateDecision.refuse(done.code(), done.words()).recorded(done.recorded()), scope,
                    List.of(), done.recorded());
        }
        return new Report(GateDecision.ALLOWED, scope, done.results(), done.recorded());
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
