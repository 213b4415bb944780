package dev.sessionguard.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where audit records live first: every record is committed here, chained to the one before,
 * before anything is posted to Slack. Delivery to the audit channel goes through the outbox rows.
 */
public interface AuditStore {

    /** Commits the record and its outbox row in one transaction, as the next link of the chain. */
    StoredRecord append(AuditRecord record);

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
