package dev.sessionguard.audit;

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
        FAILED
    }
}
