package dev.sessionguard.audit;

import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: commit first, post second. A record reaches the audit channel through the outbox, so Slack
 * being down, a restart or a crash never loses it. Destructive actions are written ahead and refused when the
 * store can't take the write, as HashiCorp Vault refuses a request it cannot audit.
 */
public final class DurableAuditLog implements AuditLog {

    private static final Logger log = LoggerFactory.getLogger(DurableAuditLog.class);

    private final AuditStore store;
    private final AuditOutbox outbox;
    private final int maxSignOutsPerMinute;

    public DurableAuditLog(AuditStore store, AuditOutbox outbox, int maxSignOutsPerMinute) {
        this.store = store;
        this.outbox = outbox;
        this.maxSignOutsPerMinute = maxSignOutsPerMinute;
    }

    @Override
    public OptionalLong append(AuditRecord record) {
        AuditStore.StoredRecord stored;
        try {
            stored = store.append(record);
        } catch (RuntimeException e) {
            notStored(e, record);
            return OptionalLong.empty();
        }
        log.info("audit #{} {} {}", stored.seq(), record.action(), record.outcome());
        outbox.nudge();
        return OptionalLong.of(stored.seq());
    }

    @Override
    public Start begin(AuditRecord intent, int signOuts) {
        AuditStore.Begun begun;
        try {
            begun = store.begin(intent, signOuts, maxSignOutsPerMinute);
        } catch (RuntimeException e) {
            // Nothing destructive happens without its record: the caller does nothing and says so.
            log.error("The audit trail can't be written ({}); refused {} by {} on {} people, nothing was done",
                    e.getMessage(), intent.action(), intent.actorId(), intent.targets().size());
            notStored(e, AuditedAction.refusal(intent, AuditedAction.UNAVAILABLE));
            return new Unavailable();
        }
        if (begun instanceof AuditStore.Begun.OverLimit over) {
            return new OverLimit(over.recent(), over.limit());
        }
        AuditStore.StoredRecord stored = ((AuditStore.Begun.Started) begun).record();
        log.info("audit #{} {} {}", stored.seq(), intent.action(), intent.outcome());
        outbox.nudge();
        return new Started(new StoredAction(stored.seq()));
    }

    /**
     * Newest first, one line per action: an action's records (its "in progress" record and every record that refers
     * to it, such as a bulk job's progress) show as the newest of them.
     */
    @Override
    public List<AuditRecord> recent(int limit) {
        List<AuditStore.StoredRecord> stored = store.recent(limit * 4);
        Set<Long> shown = new HashSet<>();
        return stored.stream()
                .filter(r -> shown.add(r.record().ref() != null ? r.record().ref() : r.seq()))
                .limit(limit).map(AuditStore.StoredRecord::record).toList();
    }

    /**
     * The database is down: the record must still exist somewhere. Logged whole here, and posted directly by the
     * outbox's thread: the caller may be a request thread, which never waits on Slack.
     */
    private void notStored(RuntimeException e, AuditRecord record) {
        log.error("AUDIT RECORD NOT STORED ({}): {}", e.getMessage(), record);
        outbox.postUnstored(record);
    }

    private final class StoredAction implements Action {
        private final long beginSeq;

        StoredAction(long beginSeq) {
            this.beginSeq = beginSeq;
        }

        @Override
        public boolean landed(List<TargetResult> soFar) {
            try {
                store.landed(beginSeq, soFar);
                return true;
            } catch (RuntimeException e) {
                log.error("The audit trail can't be written ({}); action #{} stops here", e.getMessage(), beginSeq);
                return false;
            }
        }

        @Override
        public boolean finish(AuditRecord closing) {
            AuditStore.StoredRecord stored;
            try {
                stored = store.finish(beginSeq, closing);
            } catch (RuntimeException e) {
                notStored(e, closing.closing(beginSeq));
                return false;
            }
            log.info("audit #{} {} {} (closes #{})", stored.seq(), closing.action(), closing.outcome(), beginSeq);
            outbox.nudge();
            return true;
        }
    }
}
