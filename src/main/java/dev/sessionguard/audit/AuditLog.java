package dev.sessionguard.audit;

import java.util.List;

/**
 * Where every attempt is recorded. The seam for the durable store: today records go straight to the
 * audit channel; a store that commits first and delivers through an outbox slots in here.
 */
public interface AuditLog {

    /** Records the attempt. Never throws: a failure to record must not hide the result from the admin. */
    void record(AuditRecord record);

    /** The latest records, newest first, e.g. for the App Home. */
    List<AuditRecord> recent(int limit);
}
