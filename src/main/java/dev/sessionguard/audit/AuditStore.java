package dev.sessionguard.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Where audit records live first: every record is committed here, chained to the one before,
 * before anything is posted to Slack. Delivery to the audit channel goes through the outbox rows.
 */
public interface AuditStore {

    /** Commits the record and its outbox row in one transaction, as the next link of the chain. */
    StoredRecord append(AuditRecord record);

    /**
     * Write-ahead: commits {@code intent} (an "in progress" record) and an open action row in one transaction,
     * unless {@code actorId}'s sign-outs in the last minute plus {@code signOuts} would pass {@code maxPerMinute}.
     * The check and the commit are one step under the chain's lock, so instances can't both spend the same budget.
     */
    Begun begin(AuditRecord intent, int signOuts, int maxPerMinute);

    /** Saves the outcomes that have landed so far for the action begun at {@code beginSeq}; also its heartbeat. */
    void landed(long beginSeq, List<TargetResult> soFar);

    /** Commits {@code closing} (whose {@code ref} is {@code beginSeq}) and marks the action finished. */
    StoredRecord finish(long beginSeq, AuditRecord closing);

    /**
     * Closes every action still open whose heartbeat is older than {@code staleBefore} (its instance died):
     * {@code closer} makes the closing record from the "in progress" record and what had landed. Each action is
     * closed once, whichever instance runs this. Returns how many were closed.
     */
    int closeStale(Instant staleBefore, BiFunction<StoredRecord, List<TargetResult>, AuditRecord> closer);

    /** The outcome of {@link #begin}. */
    sealed interface Begun permits Begun.Started, Begun.OverLimit {
        /** The "in progress" record is committed. */
        record Started(StoredRecord record) implements Begun {
        }

        /** Nothing was written: the actor signed out {@code recent} people in the last minute. */
        record OverLimit(int recent, int limit) implements Begun {
        }
    }

    /** Where the message of a delivered record is, e.g. to update it in place; empty when not delivered yet. */
    Optional<Delivered> delivery(long seq);

    /** A record's message in the audit channel. */
    record Delivered(String channel, String messageTs) {
    }

    /** Newest first. */
    List<StoredRecord> recent(int limit);

    /** Records with {@code at >= since}, oldest first. */
    void export(Instant since, Consumer<StoredRecord> sink);

    /** Checks every link of the chain. */
    Verification verify();

    /**
     * Claims undelivered records that are due, oldest first, for {@code lease}: no other claimer gets
     * them until the lease runs out or they are released by {@link #delivered} or {@link #failed}.
     */
    List<Due> claimDue(String claimer, int limit, Duration lease);

    void delivered(long seq, String claimer, String channel, String messageTs);

    void failed(long seq, String claimer, String error, Instant nextAttempt);

    /** Records not yet delivered to the audit channel. */
    long backlog();

    /** A record and its place in the chain. */
    record StoredRecord(long seq, String prevHash, String hash, AuditRecord record) {
    }

    /** A claimed record and how many delivery attempts it has had. */
    record Due(StoredRecord stored, int attempts) {
    }

    /** @param brokenAt the first record that does not check out, or -1 when the chain is whole */
    record Verification(long records, long brokenAt, String problem, String headHash) {
        public boolean intact() {
            return brokenAt < 0;
        }
    }
}
