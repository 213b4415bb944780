package dev.sessionguard.bulk;

import dev.sessionguard.audit.TargetResult;
import java.util.List;

/** Where a bulk run records that a chunk is settled, so a restart resumes after it. */
@FunctionalInterface
public interface Checkpoint {

    /**
     * Chunk {@code chunkIndex} is settled: every person in it has an outcome and it is never sent again by a run
     * resumed from {@code chunkIndex + 1}. Called once per chunk, in order, before the next chunk is sent.
     * If this throws, the run stops and the exception reaches the caller: nothing more is sent while the record
     * can't be kept (the chunk is then sent again on resume, which is harmless: a reset is idempotent).
     *
     * @param outcomes one per person of the chunk, in the chunk's order
     */
    void settled(int chunkIndex, List<TargetResult> outcomes);
}
