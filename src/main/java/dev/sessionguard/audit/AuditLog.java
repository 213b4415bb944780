package dev.sessionguard.audit;

import java.util.List;
import java.util.OptionalLong;

/**
 * Where every attempt is recorded. Destructive actions write ahead ({@link #begin}): nothing is sent to Slack
 * until an "in progress" record is committed, and nothing at all is done when it can't be.
 */
public interface AuditLog {

    /**
     * Records a whole attempt that changed nothing in Slack (a refusal, an install report). Never throws.
     *
     * @return whether it was stored in the audit trail; when not, it was logged whole and posted directly
     */
    default boolean record(AuditRecord record) {
        return append(record).isPresent();
    }

    /**
     * {@link #record}, answering with the stored record's seq, so later records can name it as their {@code ref}
     * (a bulk job's records all update the message of its request). Never throws.
     *
     * @return the seq, or empty when it was not stored (it was then logged whole and posted directly)
     */
    OptionalLong append(AuditRecord record);

    /**
     * Commits {@code intent} (outcome {@link AuditRecord.Outcome#IN_PROGRESS}, each target pending) before a
     * destructive action, unless the actor is past the per-admin limit. Never throws.
     *
     * @param signOuts how many people the action may sign out, counted against the actor's per-minute limit
     *                 (0 for a policy change)
     */
    Start begin(AuditRecord intent, int signOuts);

    /** The latest records, newest first, e.g. for the App Home. */
    List<AuditRecord> recent(int limit);

    /** What {@link #begin} came to. */
    sealed interface Start permits Started, OverLimit, Unavailable {
    }

    /** The intent is committed: go ahead, and tell {@code action} each outcome as it lands. */
    record Started(Action action) implements Start {
    }

    /** Nothing was written or done: the actor signed out {@code recent} people in the last minute. */
    record OverLimit(int recent, int limit) implements Start {
    }

    /** Nothing was done: the audit trail could not be written. */
    record Unavailable() implements Start {
    }

    /** A begun action. */
    interface Action {

        /**
         * Saves the outcomes that have landed so far (all of them, in order).
         *
         * @return false when the audit trail could not take them: the caller must send nothing more
         */
        boolean landed(List<TargetResult> soFar);

        /**
         * Commits the closing record, which the audit channel shows in place of the "in progress" one.
         *
         * @return whether it was stored; when not, it was logged whole and posted directly
         */
        boolean finish(AuditRecord closing);
    }
}
