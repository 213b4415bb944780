package dev.sessionguard.bulk;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background side of incident mode on one instance: every {@code poll} (and at once when woken) it runs
 * runnable jobs one after another until none is left, on one thread, so an instance runs one job at a time and
 * several instances share the work through the store's claims. Requests nobody approved in time expire apart,
 * on {@link BulkExpiry}'s thread, so a job running for minutes never holds an expiry back.
 */
public final class BulkJobs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BulkJobs.class);

    private final BulkJobRunner runner;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bulk-jobs");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean woken = new AtomicBoolean();

    public BulkJobs(BulkJobRunner runner) {
        this.runner = runner;
    }

    public BulkJobs start(Duration poll) {
        worker.scheduleWithFixedDelay(this::passSafely, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Run a pass now, e.g. right after a job was approved. */
    public void wake() {
        if (woken.compareAndSet(false, true)) {
            try {
                worker.execute(() -> {
                    woken.set(false);
                    passSafely();
                });
            } catch (RejectedExecutionException e) {
                woken.set(false); // shutting down: the next start picks the job up
            }
        }
    }

    private void passSafely() {
        try {
            while (!Thread.currentThread().isInterrupted() && runner.runOne().isPresent()) {
                // next job
            }
        } catch (RuntimeException e) {
            // The job's claim lapses or was let go; the next pass (here or on another instance) resumes it.
            log.error("Bulk job pass failed ({}); will retry", e.getClass().getSimpleName(), e);
        }
    }

    /** Stops between chunks (the running job's claim is let go, so the next start resumes it at once). */
    @Override
    public void close() {
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("A bulk job was still sending at shutdown; its claim lapses and it resumes on the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runner.close();
    }
}
