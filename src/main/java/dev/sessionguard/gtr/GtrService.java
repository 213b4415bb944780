package dev.sessionguard.gtr;

import dev.sessionguard.audit.AuditLog;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.AuditedAction;
import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.audit.TargetResult.Status;
import dev.sessionguard.safety.NotResettable;
import dev.sessionguard.safety.ProtectedUsers;
import dev.sessionguard.slackapi.Directory;
import dev.sessionguard.text.Mrkdwn;
import dev.sessionguard.signout.ResetScope;
import dev.sessionguard.slackapi.SessionAdminApi;
import dev.sessionguard.slackapi.SlackErrors;
import dev.sessionguard.slackapi.SlackResult;
import dev.sessionguard.slackapi.SlackUser;
import dev.sessionguard.text.UserText;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Universal Logout, once the request is authenticated: reads whom the identity provider named, finds them in Slack,
 * leaves alone whoever the interactive reset would ({@link ProtectedUsers}, {@link NotResettable}), and signs the
 * rest out of every session with the admin token, by the same write-ahead rule ({@link AuditedAction}). Every request
 * that gets here is an audit record whose actor is {@code idp:<issuer>} and whose reason holds the token's jti.
 * There is no admin gate: the IdP is the authority. Knows nothing of servlets.
 */
public final class GtrService {

    /** What to answer the IdP. {@code retryAfter} is in seconds, 0 for none; {@code error} null for 204. */
    public record Answer(int status, String error, long retryAfter) {

        static Answer signedOut() {
            return new Answer(204, null, 0);
        }

        static Answer of(int status, String error) {
            return new Answer(status, error, 0);
        }

        static Answer unavailable(String error, long retryAfter) {
            return new Answer(503, error, Math.max(1, retryAfter));
        }
    }

    /** When Slack or the audit trail gives no better hint. */
    static final long DEFAULT_RETRY_AFTER = 30;

    private final String issuer;
    private final String actor;
    private final Directory directory;
    private final SessionAdminApi sessions;
    private final AuditLog audit;
    private final Clock clock;
    private final ProtectedUsers protectedUsers;

    public GtrService(String issuer, Directory directory, SessionAdminApi sessions, AuditLog audit, Clock clock,
            ProtectedUsers protectedUsers) {
        this.issuer = issuer;
        this.actor = AuditRecord.IDP_PREFIX + issuer;
        this.directory = directory;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
        this.protectedUsers = protectedUsers;
    }

    /**
     * @param jti  the ID of the request's token, already checked and claimed
     * @param body the request body, read only now that the request is authenticated
     */
    public Answer revoke(String jti, String body) {
        String reason = "Universal Logout request; token ID (jti): " + UserText.clean(jti);
        GtrRequest.Parsed parsed = GtrRequest.parse(body);
        if (parsed instanceof GtrRequest.Malformed m) {
            return refuse(reason, List.of(), "Refused: the request was malformed (" + m.why() + ")", null,
                    Answer.of(400, "bad_request"));
        }
        GtrRequest.Subject subject = ((GtrRequest.Ok) parsed).subject();
        String named = subject instanceof GtrRequest.Email e ? e.email() : ((GtrRequest.IssSub) subject).sub();
        if (subject instanceof GtrRequest.IssSub s && !issuer.equals(s.iss())) {
            return refuse(reason, List.of(named), "Refused: the subject's iss is not the configured issuer",
                    "Not attempted: the subject's iss is not the configured issuer", Answer.of(400, "bad_request"));
        }
        // Before anything is asked of Slack: a protected account is never signed out, whoever it is now.
        if (protectedUsers.isProtected(named)) {
            return notAttempted(reason, ProtectedUsers.notSignedOut(named), Answer.of(422, "not_resettable"));
        }
        if (subject instanceof GtrRequest.IssSub && !Mrkdwn.isUserId(named)) {
            return refuse(reason, List.of(named), "Refused: the subject's sub is not a Slack user ID",
                    "Not attempted: no Slack user has this ID", Answer.of(404, "no_such_user"));
        }
        Directory.Lookup lookup = subject instanceof GtrRequest.Email e ? directory.lookupByEmail(e.email())
                : directory.lookup(named);
        if (lookup.user().isEmpty()) {
            return lookupFailed(reason, named, lookup);
        }
        SlackUser target = lookup.user().get();
        if (protectedUsers.isProtected(target.id())) {
            return notAttempted(reason, ProtectedUsers.notSignedOut(target.id()), Answer.of(422, "not_resettable"));
        }
        Optional<NotResettable> skip = NotResettable.why(target);
        if (skip.isPresent()) {
            TargetResult result = new TargetResult(target.id(), Status.NOT_ATTEMPTED, skip.get().code(),
                    "Not attempted: " + skip.get().words());
            // A deactivated account has no sessions: to the IdP, there is no such person to sign out.
            return notAttempted(reason, result, skip.get() == NotResettable.DEACTIVATED
                    ? Answer.of(404, "no_such_user") : Answer.of(422, "not_resettable"));
        }
        return signOut(reason, target.id());
    }

    private Answer signOut(String reason, String userId) {
        ResetScope scope = ResetScope.ALL;
        AtomicReference<SlackResult<?>> slack = new AtomicReference<>();
        AuditRecord shape = new AuditRecord(clock.instant(), actor, AuditRecord.IDP_SESSION_RESET,
                AuditRecord.Outcome.IN_PROGRESS, scope.label(), reason, null, List.of());
        // 0 sign-outs against the per-admin limit: the IdP is no admin; its own limit is GtrRateLimit.
        AuditedAction.Result done = AuditedAction.run(audit, AuditedAction.intent(shape, List.of(userId)), 0,
                List.of(List.of(userId)), one -> {
                    SlackResult<?> r = sessions.reset(userId, false, false);
                    slack.set(r);
                    return List.of(TargetResult.of(userId, r, scope.doneWords()));
                },
                results -> new AuditRecord(clock.instant(), actor, AuditRecord.IDP_SESSION_RESET,
                        AuditRecord.Outcome.of(results), scope.label(), reason, detail(slack.get()), results));
        if (done.kind() != AuditedAction.Kind.DONE) {
            return Answer.unavailable("audit_unavailable", DEFAULT_RETRY_AFTER);
        }
        SlackResult<?> r = slack.get();
        if (r == null) {
            return Answer.unavailable("unavailable", DEFAULT_RETRY_AFTER); // stopping, or an unexpected error
        }
        if (r.ok()) {
            return Answer.signedOut();
        }
        return failed(r.error(), r.retryAfter());
    }

    /** Slack's error on the reset, as the IdP should read it. */
    private static Answer failed(String error, long retryAfter) {
        if (SlackErrors.RATELIMITED.equals(error)) {
            return Answer.unavailable("slack_rate_limited", retryAfter > 0 ? retryAfter : DEFAULT_RETRY_AFTER);
        }
        if (SlackErrors.isTransient(error) || SlackErrors.INTERRUPTED.equals(error) || "unexpected_error".equals(error)
                || SlackErrors.NOT_INSTALLED.equals(error) || error.startsWith("http_")) {
            return Answer.unavailable("slack_unavailable", DEFAULT_RETRY_AFTER);
        }
        if ("user_not_found".equals(error) || "users_not_found".equals(error) || "invalid_user_id".equals(error)) {
            return Answer.of(404, "no_such_user");
        }
        return Answer.of(422, "slack_refused");
    }

    private Answer lookupFailed(String reason, String named, Directory.Lookup lookup) {
        String error = lookup.error();
        Answer answer = failed(error, lookup.retryAfter());
        if (answer.status() == 422) {
            // The lookup itself was refused (a missing scope, a revoked token): nobody was judged, so try again later.
            answer = Answer.unavailable("slack_refused_lookup", DEFAULT_RETRY_AFTER);
        }
        String words = answer.status() == 404 ? "Not attempted: Slack found nobody by this name in the org"
                : "Not attempted: Slack could not say who this is. " + SlackErrors.describe(error);
        return refuse(reason, List.of(named), "Refused: the person could not be found (" + error + ")",
                words + " (" + error + ")", answer);
    }

    private Answer notAttempted(String reason, TargetResult result, Answer answer) {
        audit.record(new AuditRecord(clock.instant(), actor, AuditRecord.IDP_SESSION_RESET, AuditRecord.Outcome.REFUSED,
                ResetScope.ALL.label(), reason, "Not signed out: " + result.words().replaceFirst("^Not attempted: ", ""),
                List.of(result)));
        return answer;
    }

    private Answer refuse(String reason, List<String> named, String detail, String targetWords, Answer answer) {
        audit.record(AuditRecord.refusal(clock.instant(), actor, AuditRecord.IDP_SESSION_RESET, ResetScope.ALL.label(),
                reason, detail, named, targetWords == null ? "Not attempted" : targetWords));
        return answer;
    }

    private static String detail(SlackResult<?> r) {
        if (r == null) {
            return "Not sent to Slack";
        }
        return r.ok() ? "Slack confirmed the sign-out; answered the identity provider 204"
                : "Slack did not sign them out (" + r.error() + ")";
    }
}
