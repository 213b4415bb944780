package dev.sessionguard.bulk;

import dev.sessionguard.audit.AuditStore;
import java.util.Optional;

/**
 * Where a bulk job's one message is in the audit channel: the message its request record was delivered as, which
 * every later record of the job updates in place. Its buttons act on the job only when pressed there.
 */
@FunctionalInterface
public interface JobMessages {

    /** @return the channel and ts of record {@code requestSeq}'s message; empty until the outbox has delivered it */
    Optional<AuditStore.Delivered> find(long requestSeq);
}
