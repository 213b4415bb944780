package dev.sessionguard.policy;

import dev.sessionguard.slackapi.SessionDuration;
import dev.sessionguard.slackapi.CurrentPolicy;
import com.slack.api.methods.response.admin.users.AdminUsersSessionGetSettingsResponse;
import dev.sessionguard.audit.AuditLog;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.AuditedAction;
import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.audit.TargetResult.Status;
import dev.sessionguard.access.Actor;
import dev.sessionguard.edge.AfterAck;
import dev.sessionguard.safety.PeopleCap;
import dev.sessionguard.safety.ProtectedUsers;
import dev.sessionguard.access.AdminGate;
import dev.sessionguard.access.GateDecision;
import dev.sessionguard.access.Refusals;
import dev.sessionguard.slackapi.SessionAdminApi;
import dev.sessionguard.slackapi.SlackErrors;
import dev.sessionguard.slackapi.SlackResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads, sets and clears people's session policy with the admin token. Checks the invoker again before
 * any change and records each change with the old and new values. Never changes a protected account's policy,
 * nor anyone's when a request names more people than {@code SESSION_GUARD_MAX_USERS}. Knows nothing of Bolt.
 */
public class PolicyService {

    private final AdminGate gate;
    private final SessionAdminApi sessions;
    private final AuditLog audit;
    private final Refusals refusals;
    private final Clock clock;
    private final ProtectedUsers protectedUsers;
    private final PeopleCap cap;

    public PolicyService(AdminGate gate, SessionAdminApi sessions, AuditLog audit, Clock clock,
            ProtectedUsers protectedUsers, int maxUsers) {
        this.gate = gate;
        this.sessions = sessions;
        this.audit = audit;
        this.refusals = new Refusals(audit, clock);
        this.clock = clock;
        this.protectedUsers = protectedUsers;
        this.cap = new PeopleCap(maxUsers);
    }

    /** The current policies, or the refusal. */
    public record Reading(GateDecision gate, List<CurrentPolicy> policies) {
        public boolean refused() {
            return !gate.allowed();
        }
    }

    /**
     * What came of a change: a refusal, or one result per person.
     *
     * @param gate     allowed, or the refusal: by the admin gate, {@link PeopleCap#CODE} for too many people, the
     *                 per-admin limit, or an audit trail that can't be written
     * @param recorded whether the outcome (or the refusal) is in the audit trail
     */
    public record Report(GateDecision gate, String newValues, List<TargetResult> results, boolean recorded) {
        public boolean refused() {
            return !gate.allowed();
        }
    }

    /**
     * Checks the invoker, then reads; a refusal is audited. Nothing is read for more people than one change may
     * take: the form says so instead.
     */
    public Reading get(Actor actor, List<String> userIds) {
        // Only to fill in the form (a recent "allowed" may stand); the change checks afresh at submission.
        GateDecision decision = gate.checkToOpen(actor.userId(), actor.requestOrgId());
        if (!decision.allowed()) {
            boolean recorded = recordRefusal(actor, AuditRecord.POLICY_OPEN, userIds, "when opening the session policy form",
                    decision);
            return new Reading(decision.recorded(recorded), List.of());
        }
        return new Reading(decision, cap.allows(distinct(userIds).size()) ? read(userIds) : List.of());
    }

    private List<CurrentPolicy> read(List<String> userIds) {
        return sessions.policies(distinct(userIds));
    }

    /** {@code admin.users.session.setSettings}, up to 1,000 people a call. */
    public Report set(Actor actor, List<String> userIds, SessionDuration duration, boolean closeOnQuit) {
        String newQuit = closeOnQuit ? "on" : "off";
        return change(actor, userIds, AuditRecord.POLICY_SET, duration.words(), newQuit,
                batch -> sessions.setSettings(batch, duration.seconds(), closeOnQuit));
    }

    /** {@code admin.users.session.clearSettings}: the org's default applies again. */
    public Report clear(Actor actor, List<String> userIds) {
        return change(actor, userIds, AuditRecord.POLICY_CLEAR, "org default", "org default", sessions::clearSettings);
    }

    private Report change(Actor actor, List<String> userIds, String action, String newDuration, String newQuit,
            Function<List<String>, SlackResult<?>> call) {
        List<String> people = distinct(userIds);
        if (people.isEmpty()) {
            throw new IllegalArgumentException("no people to change the session policy of");
        }
        String newValues = "duration " + newDuration + "; close-on-quit " + newQuit;
        GateDecision decision = gate.check(actor.userId(), actor.requestOrgId());
        if (!decision.allowed()) {
            boolean recorded = recordRefusal(actor, action, people, "at submission", decision);
            return new Report(decision.recorded(recorded), newValues, List.of(), recorded);
        }
        // The form refuses this already; checked again here, as the change runs, for any other way in.
        if (!cap.allows(people.size())) {
            GateDecision tooMany = new GateDecision(false, PeopleCap.CODE, "Session Guard changes the session policy of at "
                    + "most " + cap.max() + " people at a time (SESSION_GUARD_MAX_USERS); you chose " + people.size() + ".");
            boolean recorded = recordRefusal(actor, action, people, "at submission", tooMany);
            return new Report(tooMany.recorded(recorded), newValues, List.of(), recorded);
        }
        // A protected account among others is left out and the others are changed, as a reset leaves out the
        // Primary Owner: the admin chose those others on purpose, and refusing the whole change would only send
        // them back to the form to remove someone whose policy can never change here anyway. The result and the
        // audit record name each one left out, and why.
        List<String> changing = people.stream().filter(id -> !protectedUsers.isProtected(id)).toList();
        // Read first: the audit trail must say what the policy was before.
        Map<String, CurrentPolicy> before = new HashMap<>();
        read(changing).forEach(p -> before.put(p.userId(), p));

        List<String> distinctChanges = changing.stream()
                .map(id -> oldToNew(before.get(id), newDuration, newQuit)).distinct().toList();
        String detail = distinctChanges.isEmpty() ? "Nothing changed: every person chosen is protected."
                : distinctChanges.size() == 1 ? distinctChanges.get(0)
                : "New values: " + newValues + ". The old values differ; each person's are listed.";
        AuditRecord shape = new AuditRecord(clock.instant(), actor.userId(), action, AuditRecord.Outcome.IN_PROGRESS,
                null, null, detail, List.of());
        // A policy change signs nobody out, so it does not count against the per-admin sign-out limit.
        AuditedAction.Result done = AuditedAction.run(audit, AuditedAction.intent(shape, people), 0, batches(people),
                batch -> changeBatch(batch, call, before, newDuration, newQuit),
                results -> new AuditRecord(clock.instant(), actor.userId(), action, AuditRecord.Outcome.of(results),
                        null, null, detail, results));
        if (done.kind() != AuditedAction.Kind.DONE) {
            return new Report(GateDecision.refuse(done.code(), done.words()).recorded(done.recorded()), newValues,
                    List.of(), done.recorded());
        }
        return new Report(decision, newValues, done.results(), done.recorded());
    }

    /** One batch: protected people are left out of the call and marked not changed. */
    private List<TargetResult> changeBatch(List<String> batch, Function<List<String>, SlackResult<?>> call,
            Map<String, CurrentPolicy> before, String newDuration, String newQuit) {
        List<String> changing = batch.stream().filter(id -> !protectedUsers.isProtected(id)).toList();
        SlackResult<?> r = changing.isEmpty() ? null : call.apply(changing);
        List<TargetResult> results = new ArrayList<>();
        for (String id : batch) {
            String oldToNew = oldToNew(before.get(id), newDuration, newQuit);
            if (protectedUsers.isProtected(id)) {
                results.add(ProtectedUsers.policyNotChanged(id));
            } else if (r.ok()) {
                results.add(new TargetResult(id, Status.DONE, null, oldToNew));
            } else {
                String words = SlackErrors.describe(r.error());
                if (r.transientSeen() && !SlackErrors.isTransient(r.error())) {
                    words += " An earlier attempt hit a temporary Slack error and may have partly worked.";
                }
                results.add(new TargetResult(id, Status.FAILED, r.error(), "Not changed (" + oldToNew + "): " + words));
            }
        }
        return results;
    }

    /** A change refused because Session Guard was too busy to run it: audited like any refusal. */
    public GateDecision recordBusy(Actor actor, boolean clear, List<String> userIds) {
        GateDecision busy = AfterAck.busy();
        return busy.recorded(recordRefusal(actor, clear ? AuditRecord.POLICY_CLEAR : AuditRecord.POLICY_SET, userIds,
                "at submission", busy));
    }

    private boolean recordRefusal(Actor actor, String action, List<String> userIds, String when, GateDecision decision) {
        String words = PeopleCap.CODE.equals(decision.code()) ? "Not attempted: too many people in one change"
                : AfterAck.busy().code().equals(decision.code()) ? "Not attempted: Session Guard was busy"
                : "Not attempted: the invoker was refused";
        return refusals.record(actor, action, null, null, when, decision, distinct(userIds), words);
    }

    /** "duration 8 h → 30 d; close-on-quit off → on" */
    static String oldToNew(CurrentPolicy old, String newDuration, String newQuit) {
        String oldDuration = old == null ? "unknown" : old.durationWords();
        String oldQuit = old == null ? "unknown" : old.closeOnQuitWords();
        return "duration " + oldDuration + " → " + newDuration + "; close-on-quit " + oldQuit + " → " + newQuit;
    }

    private static List<String> distinct(List<String> ids) {
        return List.copyOf(new LinkedHashSet<>(ids));
    }

    private static List<List<String>> batches(List<String> ids) {
        return SessionAdminApi.settingsBatches(ids);
    }
}
