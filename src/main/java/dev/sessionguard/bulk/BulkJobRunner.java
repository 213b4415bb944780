package dev.sessionguard.bulk;

import dev.sessionguard.slack.ResetScope;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs approved bulk jobs from the store, one at a time, on whichever instance claims them: each chunk's
 * outcomes are checkpointed before the next chunk is sent, so a job whose instance dies is taken over once its
 * claim lapses and resumes at the first chunk not stored, skipping none and sending no stored chunk again.
 * No Bolt types: the Slack side is the {@link BulkEngine}.
 */
public final class BulkJobRunner {

    private static final Logger log = LoggerFactory.getLogger(BulkJobRunner.class);

    private final BulkJobStore store;
    private final BulkEngine engine;
    private final String claimer;
    private final Duration lease;

    /**
     * @param claimer this instance's name in the store's claims
     * @param lease   how long a claim holds without a checkpoint: longer than one chunk can take at Tier 2
     */
    public BulkJobRunner(BulkJobStore store, BulkEngine engine, String claimer, Duration lease) {
        this.store = store;
        this.engine = engine;
        this.claimer = claimer;
        this.lease = lease;
    }

    /** Claims the oldest runnable job, if any, and runs it until it ends or stops. */
    public Optional<BulkEngine.Report> runOne() {
        Optional<BulkJob> claimed = store.claim(claimer, lease);
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        BulkJob job = claimed.get();
        ResetScope scope = ResetScope.valueOf(job.scope());
        List<String> targets = store.targets(job.id());
        log.info("Running bulk job {} from chunk {} of {}", job.id(), job.nextChunk(), job.chunks());
        BulkEngine.Report report = engine.run(targets, scope, job.nextChunk(), (chunk, outcomes) -> {
            BulkJobStore.Change stored = store.checkpoint(job.id(), chunk, outcomes, claimer);
            if (stored instanceof BulkJobStore.Change.Refused refused) {
                // Another instance holds the job now, or it was stored already: stop sending at once.
                throw new LostJobException(job.id(), refused.why().name());
            }
        }, () -> store.find(job.id()).map(j -> j.state() == BulkJob.State.CANCELLED).orElse(true));
        switch (report.ending()) {
            case FINISHED -> store.finish(job.id(), claimer, BulkJob.State.DONE);
            case HALTED -> store.finish(job.id(), claimer, BulkJob.State.FAILED);
            case CANCELLED -> store.finish(job.id(), claimer, BulkJob.State.DONE); // stays CANCELLED; frees the claim
            // Shutting down: keep the claim; it lapses and the next instance resumes from the stored chunk.
            case INTERRUPTED -> log.info("Bulk job {} stopped at chunk {} for a shutdown", job.id(), report.nextChunk());
        }
        return Optional.of(report);
    }

    /** The job can't be checkpointed by this instance any more. */
    public static final class LostJobException extends IllegalStateException {
        LostJobException(String jobId, String why) {
            super("bulk job " + jobId + " can no longer be checkpointed here (" + why + ")");
        }
    }
}
