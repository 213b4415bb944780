package dev.sessionguard.audit;

import dev.sessionguard.slackapi.SlackErrors;
import dev.sessionguard.slackapi.SlackResult;

/**
 * What happened to one person.
 *
 * @param errorCode Slack's error code when Slack refused, or our own code when not attempted; null when done
 * @param words     what an admin reads, e.g. "Signed out of all sessions" or why it was not attempted
 */
public record TargetResult(String userId, Status status, String errorCode, String words) {

    public enum Status {
        /** Slack confirmed the change. */
        DONE,
        /** Not sent to Slack, because it could not succeed (primary owner, bot, deactivated …). */
        NOT_ATTEMPTED,
        /** Sent to Slack, and Slack did not confirm it. */
        FAILED,
        /** Written ahead: about to be sent to Slack; until its outcome lands, it may already have happened. */
        PENDING,
        /** Session Guard stopped (a crash) while this was being sent: it may or may not have happened. */
        UNKNOWN
    }

    /** What the "in progress" record says of each person before anything is sent. */
    public static TargetResult pending(String userId) {
        return new TargetResult(userId, Status.PENDING, null, "In progress: may be signed out or changed by now");
    }

    /**
     * One person's outcome of a call Slack answered: done in {@code doneWords}, or failed in Slack's words, warning
     * that an earlier attempt lost to a temporary error may have partly worked.
     */
    public static TargetResult of(String userId, SlackResult<?> r, String doneWords) {
        if (r.ok()) {
            return new TargetResult(userId, Status.DONE, null, doneWords);
        }
        String words = SlackErrors.describe(r.error());
        if (r.transientSeen() && !SlackErrors.isTransient(r.error())) {
            words += " An earlier attempt hit a temporary Slack error and may have partly worked.";
        }
        return new TargetResult(userId, Status.FAILED, r.error(), words);
    }
}
