package dev.sessionguard.audit;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: commit first, post second. A record reaches the audit channel through the outbox,
 * so Slack being down, a restart or a crash never loses it.
 */
public final class DurableAuditLog implements AuditLog {

    private static final Logger log = LoggerFactory.getLogger(DurableAuditLog.class);

    private final AuditStore store;
    private final AuditOutbox outbox;
    private final AuditPoster poster;

    public DurableAuditLog(AuditStore store, AuditOutbox outbox, AuditPoster poster) {
        this.store = store;
        this.outbox = outbox;
        this.poster = poster;
    }

    @Override
    public void record(AuditRecord record) {
        AuditStore.StoredRecord stored;
        try {
            stored = store.append(record);
        } catch (RuntimeException e) {
            // The database is down: the record must still exist somewhere. Log it whole and post it directly.
            log.error("AUDIT RECORD NOT STORED ({}): {}", e.getMessage(), record);
            var posted = poster.postUnstored(record);
            if (!posted.ok()) {
                log.error("AUDIT RECORD NOT POSTED either ({}): {}", posted.error(), record);
            }
            return;
        }
        // Not the record: the reason and detail are people's words, and the audit trail already holds them.
        log.info("audit #{} {} {}", stored.seq(), record.action(), record.outcome());
        outbox.nudge();
    }

    @Override
    public List<AuditRecord> recent(int limit) {
        return store.recent(limit).stream().map(AuditStore.StoredRecord::record).toList();
    }
}
