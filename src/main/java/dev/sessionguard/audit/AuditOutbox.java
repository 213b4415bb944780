package dev.sessionguard.audit;

import dev.sessionguard.audit.ChannelView.Drawn;
import dev.sessionguard.audit.ChannelView.Placement;
import dev.sessionguard.slackapi.SlackResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
    /** A closing record waits this long at a time for its "in progress" message to be posted. */
    private static final Duration WAIT_FOR_BEGIN = Duration.ofSeconds(1);
    /** Errors that mean ref's message is not there to update or reply under. */
    private static final Set<String> GONE_MESSAGE = Set.of("message_not_found", "cant_update_message",
            "edit_window_closed", "channel_not_found", "thread_not_found");
    /** Errors that mean Slack can't show a message as it was drawn. */
    private static final Set<String> MALFORMED = Set.of("invalid_blocks", "invalid_blocks_format", "msg_too_long");
    /** Records the database refused that may wait for their direct post; beyond this they are in the log only. */
    static final int MAX_UNSTORED_WAITING = 1000;

    private final AuditStore store;
    private final AuditPoster poster;
    private final Clock clock;
    private final String claimer = "instance-" + UUID.randomUUID();
    private final ScheduledExecutorService worker;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicInteger unstoredWaiting = new AtomicInteger();
    /** No pass runs before this: a record is waiting out Slack's Retry-After or its backoff. */
    private volatile Instant pausedUntil = Instant.MIN;

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

    /**
     * Starts polling; records committed by any instance (or before a restart) are picked up. Actions that an
     * instance began and never closed (it died) are closed once their heartbeat is older than
     * {@link #ABANDONED_AFTER}, checked at start and every minute.
     */
    public AuditOutbox start(Duration pollEvery) {
        worker.scheduleWithFixedDelay(this::closeAbandonedSafely, 0, 60, TimeUnit.SECONDS);
        worker.scheduleWithFixedDelay(this::deliverDueSafely, 0, pollEvery.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * How long an open action may go without a landed outcome before it counts as abandoned: longer than one
     * person's sign-out can take with Slack's retries and Retry-After waits.
     */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(10);

    /** Closes the actions abandoned by a dead instance, with their outcomes so far. Returns how many. */
    public int closeAbandoned() {
        Instant now = clock.instant();
        int closed = store.closeStale(now.minus(ABANDONED_AFTER),
                (begun, landed) -> AuditedAction.interrupted(begun.record(), landed, now));
        if (closed > 0) {
            log.warn("Closed {} audited action(s) that a stopped instance left unfinished", closed);
            deliverDueSafely();
        }
        return closed;
    }

    private void closeAbandonedSafely() {
        try {
            closeAbandoned();
        } catch (RuntimeException e) {
            log.error("Closing abandoned audited actions failed ({}); will retry", e.getMessage());
        }
    }

    /**
     * A record the database could not take, posted directly to the audit channel on the outbox's thread: the
     * caller may be a request thread that must not wait on Slack. It has no place in the chain and is not retried;
     * the caller has logged it whole.
     */
    public void postUnstored(AuditRecord record) {
        if (unstoredWaiting.incrementAndGet() > MAX_UNSTORED_WAITING) {
            unstoredWaiting.decrementAndGet();
            log.error("AUDIT RECORD NOT POSTED either ({} others wait to be posted): {}", MAX_UNSTORED_WAITING, record);
            return;
        }
        try {
            worker.execute(() -> {
                unstoredWaiting.decrementAndGet();
                SlackResult<?> posted = poster.postUnstored(record);
                if (!posted.ok()) {
                    log.error("AUDIT RECORD NOT POSTED either ({}): {}", posted.error(), record);
                }
            });
        } catch (RejectedExecutionException e) {
            unstoredWaiting.decrementAndGet();
            log.error("AUDIT RECORD NOT POSTED either (shutting down): {}", record);
        }
    }

    /** Asks for a delivery pass now, e.g. right after a record was committed. */
    public void nudge() {
        if (pending.compareAndSet(false, true)) {
            try {
                worker.execute(() -> {
                    pending.set(false);
                    deliverDueSafely();
                });
            } catch (RejectedExecutionException e) {
                pending.set(false); // shutting down: the next start picks the record up
            }
        }
    }

    /**
     * One pass over every due record, oldest first. The pass stops at the first record that can't be delivered,
     * and no pass runs again until that record is due (Slack's Retry-After, or the backoff): later records never
     * overtake it, so the channel reads in the chain's order. Returns how many were delivered.
     */
    public int deliverDue() {
        if (clock.instant().isBefore(pausedUntil)) {
            return 0;
        }
        int delivered = 0;
        List<AuditStore.Due> batch;
        do {
            batch = store.claimDue(claimer, BATCH, LEASE);
            for (AuditStore.Due due : batch) {
                Instant retryAt = deliver(due.stored(), due.attempts());
                if (retryAt != null) {
                    pausedUntil = retryAt;
                    return delivered;
                }
                delivered++;
            }
        } while (batch.size() == BATCH);
        return delivered;
    }

    /** Null when delivered; else when to try again. */
    private Instant deliver(AuditStore.StoredRecord r, int previousAttempts) {
        Optional<Drawn> viewed = poster.viewed(r);
        Drawn drawn = viewed.orElseGet(() -> AuditPoster.standard(r));
        Long ref = r.record().ref();
        Placement placement = ref == null ? Placement.NEW_MESSAGE : drawn.placement();
        AuditStore.Delivered where = null;
        if (placement != Placement.NEW_MESSAGE) {
            // In place of ref's message (an action's "in progress"), or under it: once that is in the channel.
            Optional<AuditStore.Delivered> found = store.delivery(ref);
            if (found.isEmpty()) {
                return fail(r, "waiting for record #" + ref + " to reach the channel", WAIT_FOR_BEGIN);
            }
            where = found.get();
        }
        AuditPoster.Sent sent = poster.send(drawn, placement, where);
        if (!sent.ok() && viewed.isPresent() && MALFORMED.contains(sent.result().error())) {
            // Retried as drawn, a feature's bad message would hold back the whole channel for good.
            log.warn("Slack refused the drawn message of audit record #{} ({}); it is shown the default way",
                    r.seq(), sent.result().error());
            drawn = AuditPoster.standard(r);
            sent = poster.send(drawn, placement, where);
        }
        if (!sent.ok() && where != null && GONE_MESSAGE.contains(sent.result().error())) {
            // Ref's message was deleted or can't be edited: this record gets a message of its own.
            sent = poster.send(drawn, Placement.NEW_MESSAGE, where);
        }
        if (!sent.ok()) {
            return fail(r, sent.result(), previousAttempts);
        }
        store.delivered(r.seq(), claimer, sent.channel(), sent.messageTs());
        return null;
    }

    private Instant fail(AuditStore.StoredRecord r, SlackResult<?> result, int previousAttempts) {
        Duration wait = result.retryAfter() > 0 ? Duration.ofSeconds(result.retryAfter()) : backoff(previousAttempts);
        return fail(r, result.error(), wait);
    }

    private Instant fail(AuditStore.StoredRecord r, String error, Duration wait) {
        Instant retryAt = clock.instant().plus(wait);
        store.failed(r.seq(), claimer, error, retryAt);
        // Loud: until this clears, the audit channel is behind the database.
        log.error("Audit record #{} not yet in the audit channel ({}); retrying in {} s. Record: {}",
                r.seq(), error, wait.toSeconds(), r.record());
        return retryAt;
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

    /** How many records still wait to be posted to the audit channel. */
    public long backlog() {
        return store.backlog();
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
