package dev.sessionguard.console;

import com.slack.api.methods.response.admin.users.AdminUsersSessionListResponse;
import dev.sessionguard.access.Actor;
import dev.sessionguard.access.AdminGate;
import dev.sessionguard.access.GateDecision;
import dev.sessionguard.access.Refusals;
import dev.sessionguard.audit.AuditLog;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.AuditedAction;
import dev.sessionguard.audit.TargetResult.Status;
import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.edge.AfterAck;
import dev.sessionguard.safety.ProtectedUsers;
import dev.sessionguard.slackapi.CurrentPolicy;
import dev.sessionguard.slackapi.Directory;
import dev.sessionguard.slackapi.SessionAdminApi;
import dev.sessionguard.slackapi.SlackErrors;
import dev.sessionguard.slackapi.SlackResult;
import dev.sessionguard.slackapi.SlackUser;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session console's domain: one person's active sessions across their workspaces and the org,
 * and signing out one of them. Checks the invoker on every call; refusals are audited. No Bolt types.
 * Each listing is remembered for the admin it was shown to, and a sign-out is done only for a session that was:
 * a button's value comes back as the client sends it, so it proves nothing by itself.
 */
public class ConsoleService {

    /** Slack's answer for a person without sessions: an error code that means an empty list. */
    public static final String NO_ACTIVE_SESSIONS = "no_active_sessions";
    /** A guard against a cursor that never ends: 50 pages of 1,000 sessions per workspace. */
    static final int MAX_PAGES = 50;
    /** Kinds of {@link ShownItems}: a listed session ({@link ConsoleModal.Target#encode()}), a person's console. */
    static final String SHOWN_SESSION = "console.session";
    static final String SHOWN_PERSON = "console.person";
    /**
     * How long a listing may still be acted on. Slack gives an open modal no expiry, and an admin may leave the
     * console open through a meeting; each refresh or page turn remembers it again. Past half a working day the
     * listing is stale anyway (sessions come and go), and a press then asks for a fresh look instead.
     */
    static final Duration SHOWN_FOR = Duration.ofHours(4);
    static final String NOT_LISTED = "the session was not listed to this admin";

    private static final Logger log = LoggerFactory.getLogger(ConsoleService.class);
    private static final Set<String> ALREADY_GONE = Set.of("session_not_found", "session_expired");

    private final AdminGate gate;
    private final Directory directory;
    private final SessionAdminApi sessions;
    private final AuditLog audit;
    private final Refusals refusals;
    private final ShownItems shown;
    private final Clock clock;
    private final ProtectedUsers protectedUsers;

    public ConsoleService(AdminGate gate, Directory directory, SessionAdminApi sessions,
            AuditLog audit, ShownItems shown, Clock clock, ProtectedUsers protectedUsers) {
        this.gate = gate;
        this.directory = directory;
        this.sessions = sessions;
        this.audit = audit;
        this.refusals = new Refusals(audit, clock);
        this.shown = shown;
        this.clock = clock;
        this.protectedUsers = protectedUsers;
    }

    /**
     * One person's sessions, or the refusal.
     *
     * @param problems plain words (not escaped) on what could not be read; the listing may be partial
     * @param policy   their session policy, or null when refused
     */
    public record Listing(GateDecision gate, String userId, List<ActiveSession> sessions, List<String> problems,
            CurrentPolicy policy) {
        public Listing {
            sessions = List.copyOf(sessions);
            problems = List.copyOf(problems);
        }

        public boolean refused() {
            return !gate.allowed();
        }
    }

    /**
     * What came of signing out one session.
     *
     * @param listed   false when the session was not one the console listed to this admin: nothing was done
     * @param recorded whether the outcome (or the refusal) is in the audit trail
     */
    public record Invalidation(GateDecision gate, boolean listed, TargetResult result, boolean recorded) {
        public boolean refused() {
            return !gate.allowed();
        }
    }

    /**
     * Checks the invoker; a refusal is audited.
     *
     * @param when   for the audit trail, e.g. "when opening the session console"
     * @param userId the person the console is about, or null
     */
    public GateDecision admit(Actor actor, String when, String userId) {
        return audited(gate.check(actor.userId(), actor.requestOrgId()), actor, when, userId);
    }

    /**
     * As {@link #admit}, for opening the person picker only: it shows nothing and changes nothing, so a recent
     * "allowed" may stand. Every listing and button checks afresh.
     */
    public GateDecision admitToOpen(Actor actor, String when) {
        return audited(gate.checkToOpen(actor.userId(), actor.requestOrgId()), actor, when, null);
    }

    private GateDecision audited(GateDecision decision, Actor actor, String when, String userId) {
        if (!decision.allowed()) {
            return decision.recorded(refusals.record(actor, AuditRecord.CONSOLE_OPEN, null, null, when, decision,
                    userId == null ? List.of() : List.of(userId), "Not shown: the invoker was refused"));
        }
        return decision;
    }

    /**
     * Checks the invoker, then lists the person's sessions in each of their workspaces and at the org level,
     * following every page, without duplicates.
     */
    public Listing sessions(Actor actor, String userId, String when) {
        GateDecision decision = admit(actor, when, userId);
        if (!decision.allowed()) {
            return new Listing(decision, userId, List.of(), List.of(), null);
        }
        List<String> problems = new ArrayList<>();
        Map<Long, ActiveSession> found = new LinkedHashMap<>();
        for (String team : teamsOf(userId, actor, problems)) {
            listTeam(userId, team, found, problems);
        }
        CurrentPolicy policy = sessions.policies(List.of(userId)).get(0);
        Listing listing = new Listing(decision, userId, new ArrayList<>(found.values()), problems, policy);
        // Every session listed, not only the first page: turning a page lists again and remembers again anyway.
        shown.remember(actor.userId(), SHOWN_SESSION, listing.sessions().stream()
                .map(x -> new ConsoleModal.Target(x.userId(), x.teamId(), x.sessionId()).encode()).toList(), SHOWN_FOR);
        shown.remember(actor.userId(), SHOWN_PERSON, List.of(userId), SHOWN_FOR);
        return listing;
    }

    /** Whether this admin was shown the console of {@code userId} lately: its other buttons act for no one else. */
    public boolean consoleWasShown(Actor actor, String userId) {
        return shown.wasShown(actor.userId(), SHOWN_PERSON, userId);
    }

    /** A sign-out of one session refused because Session Guard was too busy to run it: audited like any refusal. */
    public GateDecision recordBusy(Actor actor, String userId, String teamId, long sessionId) {
        String which = "Session " + sessionId + (teamId == null || teamId.isBlank() ? "" : " in " + teamId);
        GateDecision busy = AfterAck.busy();
        return busy.recorded(refusals.record(actor, AuditRecord.SESSION_INVALIDATE, which, null,
                "at sign-out of one session", busy, List.of(userId), "Not attempted: Session Guard was busy"));
    }

    /**
     * Checks the invoker again, then signs out one session, unless the account is protected. "Already gone" is not
     * a failure.
     */
    public Invalidation invalidate(Actor actor, String userId, String teamId, long sessionId) {
        String which = "Session " + sessionId + (teamId == null || teamId.isBlank() ? "" : " in " + teamId);
        GateDecision decision = gate.check(actor.userId(), actor.requestOrgId());
        if (!decision.allowed()) {
            AuditRecord refusal = refusals.refusal(actor, AuditRecord.SESSION_INVALIDATE, which, null,
                    "at sign-out of one session", decision, List.of(userId), "Not attempted: the invoker was refused");
            boolean recorded = audit.record(refusal);
            return new Invalidation(decision.recorded(recorded), true, refusal.targets().get(0), recorded);
        }
        // Checked here, as the sign-out runs, against what this admin was shown: not the button's word for it.
        if (!shown.wasShown(actor.userId(), SHOWN_SESSION, new ConsoleModal.Target(userId, teamId, sessionId).encode())) {
            log.warn("Refused a sign-out of session {} of {} by {}: {}", sessionId, userId, actor.userId(), NOT_LISTED);
            AuditRecord refusal = AuditRecord.refusal(clock.instant(), actor.userId(), AuditRecord.SESSION_INVALIDATE,
                    which, null, "Refused at sign-out of one session: " + NOT_LISTED + " (the button did not match the "
                            + "console)", List.of(userId), "Not attempted: " + NOT_LISTED);
            boolean recorded = audit.record(refusal);
            return new Invalidation(decision, false, refusal.targets().get(0), recorded);
        }
        if (protectedUsers.isProtected(userId)) {
            TargetResult target = ProtectedUsers.notSignedOut(userId);
            boolean recorded = audit.record(new AuditRecord(clock.instant(), actor.userId(),
                    AuditRecord.SESSION_INVALIDATE, AuditRecord.Outcome.REFUSED, which, null,
                    "Refused at sign-out of one session: the account is protected", List.of(target)));
            return new Invalidation(decision, true, target, recorded);
        }
        AuditRecord shape = new AuditRecord(clock.instant(), actor.userId(), AuditRecord.SESSION_INVALIDATE,
                AuditRecord.Outcome.IN_PROGRESS, which, null, null, List.of());
        AuditedAction.Result done = AuditedAction.run(audit, AuditedAction.intent(shape, List.of(userId)), 1,
                List.of(List.of(userId)), one -> List.of(signOut(userId, teamId, sessionId)),
                results -> new AuditRecord(clock.instant(), actor.userId(), AuditRecord.SESSION_INVALIDATE,
                        AuditRecord.Outcome.of(results), which, null, null, results));
        if (done.kind() != AuditedAction.Kind.DONE) {
            return new Invalidation(GateDecision.refuse(done.code(), done.words()).recorded(done.recorded()), true,
                    new TargetResult(userId, Status.NOT_ATTEMPTED, null, done.words()), done.recorded());
        }
        return new Invalidation(decision, true, done.results().get(0), done.recorded());
    }

    /** {@code admin.users.session.invalidate}, and its outcome in words. "Already gone" is not a failure. */
    private TargetResult signOut(String userId, String teamId, long sessionId) {
        SlackResult<?> r = sessions.invalidate(userId, teamId, sessionId);
        TargetResult result;
        if (r.ok()) {
            result = new TargetResult(userId, Status.DONE, null, "Signed out of session " + sessionId);
        } else if (ALREADY_GONE.contains(r.error()) && r.transientSeen()) {
            // An earlier attempt timed out or failed midway: it most likely signed the session out itself.
            result = new TargetResult(userId, Status.DONE, null, "Session " + sessionId
                    + " is gone (" + r.error() + " after a retry): most likely signed out by the first attempt");
        } else if (ALREADY_GONE.contains(r.error())) {
            result = new TargetResult(userId, Status.DONE, null,
                    "Session " + sessionId + " was already gone (" + r.error() + "); nothing to sign out");
        } else {
            String words = SlackErrors.describe(r.error());
            if (r.transientSeen() && !SlackErrors.isTransient(r.error())) {
                words += " An earlier attempt hit a temporary Slack error and may have partly worked.";
            }
            result = new TargetResult(userId, Status.FAILED, r.error(), words);
        }
        return result;
    }

    /** Slack lists sessions per workspace: each of the person's workspaces, then the org itself. */
    private List<String> teamsOf(String userId, Actor actor, List<String> problems) {
        Set<String> teams = new LinkedHashSet<>();
        Directory.Lookup lookup = directory.lookup(userId);
        String org = actor.requestOrgId();
        if (lookup.user().isPresent()) {
            SlackUser person = lookup.user().get();
            teams.addAll(person.teams());
            if (person.enterpriseId() != null && !person.enterpriseId().isBlank()) {
                org = person.enterpriseId();
            }
        } else {
            problems.add("Could not read this person's workspaces, so only org-level sessions are listed: "
                    + SlackErrors.describe(lookup.error()));
        }
        if (org != null && !org.isBlank()) {
            teams.add(org);
        }
        return new ArrayList<>(teams);
    }

    private void listTeam(String userId, String team, Map<Long, ActiveSession> found, List<String> problems) {
        String cursor = null;
        Set<String> cursors = new HashSet<>();
        for (int page = 0; page < MAX_PAGES; page++) {
            SlackResult<AdminUsersSessionListResponse> r = sessions.list(userId, team, cursor);
            if (!r.ok()) {
                if (!NO_ACTIVE_SESSIONS.equals(r.error())) {
                    problems.add("Sessions in " + team + " could not be listed" + (page > 0 ? " in full" : "") + ": "
                            + SlackErrors.describe(r.error()));
                }
                return;
            }
            if (r.response().getActiveSessions() != null) {
                for (var s : r.response().getActiveSessions()) {
                    ActiveSession session = toSession(s, userId, team, problems);
                    if (session != null) {
                        found.putIfAbsent(session.sessionId(), session);
                    }
                }
            }
            String next = r.response().getResponseMetadata() == null ? null
                    : r.response().getResponseMetadata().getNextCursor();
            if (next == null || next.isBlank()) {
                return;
            }
            if (!cursors.add(next)) {
                problems.add("Slack repeated a page of sessions in " + team + "; the list may be incomplete.");
                return;
            }
            cursor = next;
        }
        problems.add("Stopped after " + MAX_PAGES + " pages of sessions in " + team + "; the list is incomplete.");
    }

    private static ActiveSession toSession(AdminUsersSessionListResponse.ActiveSession s, String userId, String team,
            List<String> problems) {
        long id;
        try {
            id = Long.parseLong(s.getSessionId() == null ? "" : s.getSessionId().strip());
        } catch (NumberFormatException e) {
            log.warn("Unreadable session id from admin.users.session.list: {}", s.getSessionId());
            problems.add("Slack listed a session without a readable ID; it is not shown.");
            return null;
        }
        var c = s.getCreated();
        var r = s.getRecent();
        DeviceInfo created = c == null ? new DeviceInfo(null, null, null, null, null)
                : new DeviceInfo(c.getDeviceHardware(), c.getOs(), c.getOsVersion(), c.getSlackClientVersion(), c.getIp());
        DeviceInfo recent = r == null ? null
                : new DeviceInfo(r.getDeviceHardware(), r.getOs(), r.getOsVersion(), r.getSlackClientVersion(), r.getIp());
        String teamId = s.getTeamId() == null || s.getTeamId().isBlank() ? team : s.getTeamId();
        return new ActiveSession(s.getUserId() == null || s.getUserId().isBlank() ? userId : s.getUserId(), teamId, id,
                created, recent);
    }
}
