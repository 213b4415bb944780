package dev.sessionguard.audit;

import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import dev.sessionguard.slack.SlackResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers committed audit records to the audit channel, oldest first, until each is posted once.
 * Failures (Slack down, 429, the bot removed from the channel …) are retried with backoff forever:
 * a committed record is never dropped. Rows are claimed with a lease, so several instances sharing
 * one database never post the same record, and a crashed instance's claims are taken over.
 */
public final class AuditOutbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditOutbox.class);
    /** One record a claim: the lease then covers a single post, however slow Slack is. */
    private static final int BATCH = 1;
    /** Longer than one post can take (the HTTP client's timeouts), so a live claim never expires mid-post. */
    static final Duration LEASE = Duration.ofSeconds(60);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final AuditStore store;
    private final AuditPoster poster;
    private final Clock clock;
    private final String claimer = "instance-" + UUID.randomUUID();
    private final ScheduledExecutorService worker;
    private final AtomicBoolean pending = new AtomicBoolean();

    public AuditOutbox(AuditStore store, AuditPoster poster, Clock clock) {
        this.store = store;
        this.poster = poster;
        this.clock = clock;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-outbox");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts polling; records committed by any instance (or before a restart) are picked up. */
    public AuditOutbox start(Duration pollEvery) {
        worker.scheduleWithFixedDelay(this::deliverDueSafely, 0, pollEvery.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Asks for a delivery pass now, e.g. right after a record was committed. */
    public void nudge() {
        if (pending.compareAndSet(false, true)) {
            try {
                worker.execute(() -> {
                    pending.set(false);
                    deliverDueSafely();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pending.set(false); // shutting down: the next start picks the record up
            }
        }
    }

    /** One pass over every due record. Returns how many were delivered. */
    public int deliverDue() {
        int delivered = 0;
        List<AuditStore.Due> batch;
        do {
            batch = store.claimDue(claimer, BATCH, LEASE);
            for (AuditStore.Due due : batch) {
                delivered += deliver(due.stored(), due.attempts()) ? 1 : 0;
            }
        } while (batch.size() == BATCH);
        return delivered;
    }

    private boolean deliver(AuditStore.StoredRecord r, int previousAttempts) {
        SlackResult<ChatPostMessageResponse> posted = poster.post(r);
        if (posted.ok()) {
            store.delivered(r.seq(), claimer, poster.channel(), posted.response().getTs());
            return true;
        }
        Duration wait = posted.retryAfter() > 0 ? Duration.ofSeconds(posted.retryAfter()) : backoff(previousAttempts);
        store.failed(r.seq(), claimer, posted.error(), clock.instant().plus(wait));
        // Loud: until this clears, the audit channel is behind the database.
        log.error("Audit record #{} not yet in the audit channel ({}); retrying in {} s. Record: {}",
                r.seq(), posted.error(), wait.toSeconds(), r.record());
        return false;
    }

    /** 1 s, 2 s, 4 s … up to 5 minutes. */
    static Duration backoff(int previousAttempts) {
        return Duration.ofSeconds(Math.min(MAX_BACKOFF.toSeconds(), 1L << Math.min(previousAttempts, 20)));
    }

    private void deliverDueSafely() {
        try {
            deliverDue();
        } catch (RuntimeException e) {
            log.error("Audit outbox pass failed ({}); will retry", e.getMessage());
        }
    }

    /** One last delivery pass and stop: used on graceful shutdown. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deliverDueSafely();
    }
}
