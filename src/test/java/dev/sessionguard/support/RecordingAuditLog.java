package dev.sessionguard.support;

import dev.sessionguard.audit.AuditLog;
import dev.sessionguard.audit.AuditRecord;
import dev.sessionguard.audit.TargetResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;

/**
 * An audit log in memory, for unit tests of services: keeps every record, begun intent, landed outcome and
 * closing record in order. {@link #failWrites} makes every write fail, as a database that can't be written would.
 */
public final class RecordingAuditLog implements AuditLog {

    public final List<AuditRecord> records = Collections.synchronizedList(new ArrayList<>());
    public final List<AuditRecord> intents = Collections.synchronizedList(new ArrayList<>());
    public final List<List<TargetResult>> landings = Collections.synchronizedList(new ArrayList<>());
    public final List<AuditRecord> closings = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean failWrites;

    public RecordingAuditLog failWrites() {
        failWrites = true;
        return this;
    }

    @Override
    public OptionalLong append(AuditRecord record) {
        if (failWrites) {
            return OptionalLong.empty();
        }
        synchronized (records) {
            records.add(record);
            return OptionalLong.of(records.size());
        }
    }

    @Override
    public Start begin(AuditRecord intent, int signOuts) {
        if (failWrites) {
            return new Unavailable();
        }
        intents.add(intent);
        return new Started(new Action() {
            @Override
            public boolean landed(List<TargetResult> soFar) {
                return !failWrites && landings.add(List.copyOf(soFar));
            }

            @Override
            public boolean finish(AuditRecord closing) {
                return !failWrites && closings.add(closing);
            }
        });
    }

    @Override
    public List<AuditRecord> recent(int limit) {
        return List.of();
    }

    /** The one closing record written so far. */
    public AuditRecord closing() {
        if (closings.size() != 1) {
            throw new AssertionError("expected one closing record, got " + closings);
        }
        return closings.get(0);
    }
}
