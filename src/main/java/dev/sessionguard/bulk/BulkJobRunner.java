package dev.sessionguard.bulk;

import dev.sessionguard.audit.TargetResult;
import dev.sessionguard.signout.ResetScope;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs approved bulk jobs from the store, one at a time, on whichever instance claims them: each chunk's
 * outcomes are checkpointed before the next chunk is sent, so a job whose instance dies is taken over once its
 * claim lapses and resumes at the first chunk not stored, skipping none and sending no stored chunk again.
 * While a job runs its claim is renewed every third of the lease, so only a dead instance loses it.
 * No Bolt types: the Slack side is the {@link BulkEngine}, the audit side the {@link Hooks}.
 */
public final class BulkJobRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BulkJobRunner.class);

    /** What the runner tells the rest of the app; all run on the runner's thread. */
    public interface Hooks {

        /**
         * Before anything of this run is sent: check the job may still run and write its record ahead.
         *
         * @return null to go on; else why not, and nothing is sent ({@link Stop})
         */
        Stop starting(BulkJob job);

        /** Chunk {@code chunk} is checkpointed with these outcomes. */
        void chunkSettled(BulkJob job, int chunk, List<TargetResult> outcomes);

        /**
         * The run ended; {@code job} is as stored now (its final state, unless interrupted). A run that
         * {@link #starting} stopped ends with the stop code {@link BulkJobRunner#NOT_STARTED}, one whose scope this build does not
         * know with {@link BulkJobRunner#UNKNOWN_SCOPE}.
         */
        void ended(BulkJob job, BulkEngine.Report report);

        Hooks NONE = new Hooks() {
            @Override
            public Stop starting(BulkJob job) {
                return null;
            }

            @Override
            public void chunkSettled(BulkJob job, int chunk, List<TargetResult> outcomes) {
            }

            @Override
            public void ended(BulkJob job, BulkEngine.Report report) {
            }
        };
    }

    /**
     * Why a run did not start. {@code fail}: the requester did not pass the admin check, and the job ends FAILED
     * with the check's {@code code} and {@code words} stored as its {@link BulkJob.Halt}; else the claim is let go
     * and the job is tried again later (the audit trail can't be written).
     */
    public record Stop(boolean fail, String code, String words) {

        /** The requester did not pass the admin check: the job ends FAILED, and says why. */
        public static Stop requester(String code, String words) {
            return new Stop(true, code, words);
        }

        /** Not now: the claim is let go and the job is tried again shortly. */
        public static Stop later(String words) {
            return new Stop(false, null, words);
        }
    }

    /** The stop code of a run that {@link Hooks#starting} stopped. */
    public static final String NOT_STARTED = "not_started";
    /** The stop code of a run refused because the job's stored scope is not one this build knows. */
    public static final String UNKNOWN_SCOPE = "unknown_scope";

    private final BulkJobStore store;
    private final BulkEngine engine;
    private final String claimer;
    private final Duration lease;
    private final Hooks hooks;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bulk-job-heartbeat");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param claimer this instance's name in the store's claims
     * @param lease   how long a claim holds without renewal: how soon another instance takes over a dead one's job
     */
    public BulkJobRunner(BulkJobStore store, BulkEngine engine, String claimer, Duration lease, Hooks hooks) {
        this.store = store;
        this.engine = engine;
        this.claimer = claimer;
        this.lease = lease;
        this.hooks = hooks;
    }

    public BulkJobRunner(BulkJobStore store, BulkEngine engine, String claimer, Duration lease) {
        this(store, engine, claimer, lease, Hooks.NONE);
    }

    /** Claims the oldest runnable job, if any, and runs it until it ends or stops. */
    public Optional<BulkEngine.Report> runOne() {
        Optional<BulkJob> claimed = store.claim(claimer, lease);
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        BulkJob job = claimed.get();
        if (job.scope() == null) {
            // Stored by a newer build or by hand: sending under a guessed scope could end the wrong sessions.
            log.warn("Bulk job {} not run: its stored scope is not one this build knows", job.id());
            return Optional.of(refuse(job, new BulkJob.Halt(BulkJob.Halt.Cause.SCOPE, null, null), UNKNOWN_SCOPE));
        }
        Stop stop = hooks.starting(job);
        if (stop != null) {
            if (stop.fail()) {
                return Optional.of(refuse(job,
                        new BulkJob.Halt(BulkJob.Halt.Cause.REQUESTER, stop.code(), stop.words()), NOT_STARTED));
            }
            log.warn("Bulk job {} not started: {}", job.id(), stop.words());
            letGo(job);
            return Optional.empty();
        }
        long every = Math.max(1, lease.toMillis() / 3);
        ScheduledFuture<?> renewing = heartbeat.scheduleAtFixedRate(() -> renew(job), every, every, TimeUnit.MILLISECONDS);
        try {
            return Optional.of(run(job));
        } finally {
            renewing.cancel(false);
        }
    }

    /** Ends the job FAILED before anything of this run is sent, and says so with {@code stopCode}. */
    private BulkEngine.Report refuse(BulkJob job, BulkJob.Halt halt, String stopCode) {
        store.finish(job.id(), claimer, BulkJob.State.FAILED, halt);
        BulkEngine.Report none = new BulkEngine.Report(BulkEngine.Ending.HALTED, job.chunks(), job.nextChunk(),
                job.nextChunk(), stopCode, List.of(), List.of());
        hooks.ended(store.find(job.id()).orElse(job), none);
        return none;
    }

    private BulkEngine.Report run(BulkJob job) {
        ResetScope scope = job.scope();
        List<String> targets = store.targets(job.id());
        log.info("Running bulk job {} from chunk {} of {}", job.id(), job.nextChunk(), job.chunks());
        BulkEngine.Report report = engine.run(targets, scope, job.nextChunk(), (chunk, outcomes) -> {
            BulkJobStore.Change stored = store.checkpoint(job.id(), chunk, outcomes, claimer);
            if (stored instanceof BulkJobStore.Change.Refused refused) {
                // Another instance holds the job now, or it was stored already: stop sending at once.
                throw new LostJobException(job.id(), refused.why().name());
            }
            hooks.chunkSettled(((BulkJobStore.Change.Made) stored).job(), chunk, outcomes);
        }, () -> store.find(job.id()).map(j -> j.state() == BulkJob.State.CANCELLED).orElse(true));
        switch (report.ending()) {
            case FINISHED -> store.finish(job.id(), claimer, BulkJob.State.DONE);
            case HALTED -> store.finish(job.id(), claimer, BulkJob.State.FAILED,
                    new BulkJob.Halt(BulkJob.Halt.Cause.SLACK, report.stopCode(), null));
            case CANCELLED -> store.finish(job.id(), claimer, BulkJob.State.DONE); // stays CANCELLED; frees the claim
            case INTERRUPTED -> {
                // Shutting down: let the claim go, so the next start (here or elsewhere) resumes from the stored chunk.
                log.info("Bulk job {} stopped at chunk {} for a shutdown", job.id(), report.nextChunk());
                letGo(job);
            }
        }
        hooks.ended(store.find(job.id()).orElse(job), report);
        return report;
    }

    private void renew(BulkJob job) {
        try {
            store.renew(job.id(), claimer, lease);
        } catch (RuntimeException e) {
            log.warn("Could not renew the claim of bulk job {} ({})", job.id(), e.getClass().getSimpleName());
        }
    }

    /** A claim that ended a moment ago: claims lapse strictly before "now". */
    private static final Duration LAPSED = Duration.ofMillis(-1);

    /** The claim lapses now: any instance may take the job over at once. */
    private void letGo(BulkJob job) {
        try {
            store.renew(job.id(), claimer, LAPSED);
        } catch (RuntimeException e) {
            log.warn("Could not release bulk job {} ({}); it is taken over when the claim lapses", job.id(),
                    e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
    }

    /** The job can't be checkpointed by this instance any more. */
    public static final class LostJobException extends IllegalStateException {
        LostJobException(String jobId, String why) {
            super("bulk job " + jobId + " can no longer be checkpointed here (" + why + ")");
        }
    }
}
