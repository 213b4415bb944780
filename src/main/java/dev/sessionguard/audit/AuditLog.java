package dev.sessionguard.audit;

/**
 * Where every attempt is recorded. The seam for the durable store: today records go straight to the
 * audit channel; a store that commits first and delivers through an outbox slots in here.
 */
public interface AuditLog {

    /** Records the attempt. Never throws: a failure to record must not hide the result from the admin. */
    void record(AuditRecord record);
}
