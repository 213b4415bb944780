package dev.sessionguard.audit;

import java.time.Instant;
import java.util.List;

/**
 * One thing an admin tried with Session Guard, and what came of it. Slack's own audit log names
 * only the token's owner, so this is the only record of which admin really acted.
 *
 * @param actorId the Slack user who invoked Session Guard
 * @param action  what they tried, e.g. {@link #SESSION_RESET}
 * @param scope   the sessions concerned, in words ("All sessions"), or null
 * @param reason  the reason as typed, cleaned of controls where it entered ({@code UserText.clean});
 *                escaped wherever it is rendered
 * @param detail  plain words on the outcome, e.g. why a refusal happened
 * @param targets each person acted on, with their own outcome
 * @param ref     for the record that closes a write-ahead action: the seq of its "in progress" record; else null
 */
public record AuditRecord(
        Instant at,
        String actorId,
        String action,
        Outcome outcome,
        String scope,
        String reason,
        String detail,
        List<TargetResult> targets,
        Long ref) {

    public static final String SESSION_RESET = "session.reset";
    /** One session signed out from the session console. */
    public static final String SESSION_INVALIDATE = "session.invalidate";
    /** A session policy set; {@code detail} and each target's words hold the old and new values. */
    public static final String POLICY_SET = "policy.set";
    /** A session policy cleared, so the org default applies again. */
    public static final String POLICY_CLEAR = "policy.clear";
    /** Someone was refused the session console (opening it, or a read-only button in it). */
    public static final String CONSOLE_OPEN = "console.open";
    /** Someone was refused the session policy form. */
    public static final String POLICY_OPEN = "policy.open";
    /** An org install through /slack/install: stored, or refused (workspace install, no admin scopes …). */
    public static final String APP_INSTALL = "app.install";
    /** Slack reported tokens revoked; the stored ones were deleted. The actor is {@link #SLACK}. */
    public static final String APP_TOKENS_REVOKED = "app.tokens_revoked";
    /** Slack reported the app uninstalled from the org; its install was deleted. The actor is {@link #SLACK}. */
    public static final String APP_UNINSTALLED = "app.uninstalled";
    /**
     * Universal Logout: the identity provider asked for someone to be signed out of every session. The actor is
     * {@link #IDP_PREFIX} and the issuer; the reason holds the ID ({@code jti}) of the token it sent.
     */
    public static final String IDP_SESSION_RESET = "idp.session.reset";
    /** How an identity provider is named as the actor: {@code idp:<issuer>}. */
    public static final String IDP_PREFIX = "idp:";
    /** The actor of what Slack itself reports, when it does not say who did it: Slackbot's user ID. */
    public static final String SLACK = "USLACKBOT";

    public AuditRecord {
        targets = List.copyOf(targets);
    }

    /** A record that stands alone (not the close of an earlier one). */
    public AuditRecord(Instant at, String actorId, String action, Outcome outcome, String scope, String reason,
            String detail, List<TargetResult> targets) {
        this(at, actorId, action, outcome, scope, reason, detail, targets, null);
    }

    /**
     * A refusal: nothing was sent to Slack, and each person named reads {@code targetWords}. The one way every
     * feature writes a refusal.
     */
    public static AuditRecord refusal(Instant at, String actorId, String action, String scope, String reason,
            String detail, List<String> userIds, String targetWords) {
        return new AuditRecord(at, actorId, action, Outcome.REFUSED, scope, reason, detail, userIds.stream()
                .map(id -> new TargetResult(id, TargetResult.Status.NOT_ATTEMPTED, null, targetWords)).toList());
    }

    /** This record with the seq of the "in progress" record it closes. */
    public AuditRecord closing(long beginSeq) {
        return new AuditRecord(at, actorId, action, outcome, scope, reason, detail, targets, beginSeq);
    }

    public enum Outcome {
        SUCCEEDED("Succeeded"),
        PARTLY_FAILED("Partly failed"),
        FAILED("Failed"),
        REFUSED("Refused"),
        /** Written ahead of a destructive action: it has started and not finished. */
        IN_PROGRESS("In progress");

        private final String words;

        Outcome(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }

        /** Succeeded only when every target succeeded; nothing attempted or all failed is a failure. */
        public static Outcome of(List<TargetResult> targets) {
            long done = targets.stream().filter(t -> t.status() == TargetResult.Status.DONE).count();
            if (done == targets.size() && done > 0) {
                return SUCCEEDED;
            }
            return done == 0 ? FAILED : PARTLY_FAILED;
        }
    }
}
