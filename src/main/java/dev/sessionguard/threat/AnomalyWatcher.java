package dev.sessionguard.threat;

import dev.sessionguard.slackapi.AuditLogEntry;
import dev.sessionguard.slackapi.AuditLogs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Slack's audit logs every poll interval, on a thread of its own, one instance at a time (a lease in the
 * database). Each read asks for everything since the watermark, less an overlap for entries Slack logs late,
 * page by page (newest first), then files the entries oldest first, each once ({@link ThreatService#file}), and
 * only then moves the watermark. A read that fails moves nothing, so the next one catches up: after an outage,
 * a restart or a 429, no entry is missed and none is filed twice.
 */
public final class AnomalyWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AnomalyWatcher.class);

    /** One page of the logs; Slack allows up to 9,999. */
    static final int PAGE = 200;
    /** Entries Slack logs a little late are still read: each read reaches this far behind the watermark. */
    static final Duration OVERLAP = Duration.ofMinutes(5);
    /** The very first read reaches this far back. */
    static final Duration FIRST_LOOK_BACK = Duration.ofHours(24);
    /** Filed entry ids are kept this long behind the watermark, far past the overlap. */
    static final Duration KEEP_FILED = Duration.ofDays(2);
    /** Tries of one page within a read, for 429s and Slack's 5xx, before the read gives up until the next. */
    static final int TRIES = 4;
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    /** The logs, one page at a time: {@link AuditLogs#page} with the session actions. */
    @FunctionalInterface
    public interface Feed {
        AuditLogs.Page page(long oldest, String cursor, int limit);
    }

    private final Feed feed;
    private final AnomalyStore store;
    private final ThreatService service;
    private final String instance;
    private final Duration interval;
    private final Clock clock;
    private final Object wake = new Object();
    private volatile boolean stopping;
    private Thread thread;

    public AnomalyWatcher(Feed feed, AnomalyStore store, ThreatService service, String instance, Duration interval,
            Clock clock) {
        this.feed = feed;
        this.store = store;
        this.service = service;
        this.instance = instance;
        this.interval = interval;
        this.clock = clock;
    }

    /** The lease a reading instance holds, renewed at each page: long enough for a slow read. */
    Duration lease() {
        return interval.multipliedBy(2).plus(Duration.ofSeconds(30));
    }

    /** Reads now, then every interval (or later, when Slack asked to wait). */
    public AnomalyWatcher start() {
        thread = new Thread(() -> {
            Duration next = Duration.ZERO;
            while (!stopping) {
                try {
                    if (!sleep(next)) {
                        break;
                    }
                    next = read();
                } catch (InterruptedException e) {
                    break;
                } catch (RuntimeException e) {
                    log.error("Reading Slack's audit logs failed ({}); trying again in {} s",
                            e.getClass().getSimpleName(), interval.toSeconds(), e);
                    next = interval;
                }
            }
        }, "anomaly-watcher");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /**
     * One read: the lease, every page since the watermark, the entries filed oldest first, the watermark moved, the
     * automatic response run.
     *
     * @return how long until the next read
     */
    Duration read() throws InterruptedException {
        Instant now = clock.instant();
        if (!store.lease(instance, now.plus(lease()))) {
            return interval; // another instance reads
        }
        OptionalLong watermark = store.watermark();
        long oldest = watermark.isPresent() ? watermark.getAsLong() - OVERLAP.toSeconds()
                : now.minus(FIRST_LOOK_BACK).getEpochSecond();
        List<AuditLogEntry> entries = new ArrayList<>();
        String cursor = null;
        do {
            AuditLogs.Page page = page(oldest, cursor);
            if (!page.ok()) {
                // The next read catches up from the watermark, at the usual time or when Slack says.
                Duration asked = Duration.ofSeconds(page.failure().retryAfter());
                return asked.compareTo(interval) > 0 ? asked : interval;
            }
            entries.addAll(page.entries());
            cursor = page.nextCursor();
            store.lease(instance, clock.instant().plus(lease()));
        } while (cursor != null && !cursor.isEmpty() && !stopping);
        if (stopping) {
            return interval;
        }
        entries.sort(Comparator.comparing(AuditLogEntry::at).thenComparing(AuditLogEntry::id));
        int filed = 0;
        for (AuditLogEntry e : entries) {
            if (service.file(e)) {
                filed++;
            }
        }
        // The newest entry read; after a first read that found none, where it began, so the next starts there.
        long reached = entries.stream().mapToLong(e -> e.at().getEpochSecond()).max()
                .orElse(watermark.isPresent() ? watermark.getAsLong() : oldest);
        store.advance(reached);
        if (filed > 0) {
            log.info("Filed {} new audit log entr{} of {} read", filed, filed == 1 ? "y" : "ies", entries.size());
        }
        service.respondAutomatically();
        store.forgetEntriesBefore(Instant.ofEpochSecond(Math.max(reached, watermark.orElse(reached)))
                .minus(KEEP_FILED));
        return interval;
    }

    /** One page, tried again within this read after a 429 (its Retry-After) or a 5xx (a backoff). */
    private AuditLogs.Page page(long oldest, String cursor) throws InterruptedException {
        AuditLogs.Page page = feed.page(oldest, cursor, PAGE);
        for (int attempt = 1; attempt < TRIES && !page.ok() && !stopping; attempt++) {
            AuditLogs.Failure failure = page.failure();
            if (!failure.rateLimited() && !failure.transientError()) {
                break;
            }
            Duration wait = waitAfter(failure, attempt);
            log.warn("Slack's audit logs answered {}; trying the page again in {} s", failure.error(),
                    wait.toSeconds());
            store.lease(instance, clock.instant().plus(wait).plus(lease()));
            if (!sleep(wait)) {
                break;
            }
            page = feed.page(oldest, cursor, PAGE);
        }
        if (!page.ok()) {
            log.error("Slack's audit logs answered {}; no anomaly is lost, the next read catches up from the "
                    + "watermark", page.failure().error());
        }
        return page;
    }

    /** Slack's Retry-After when it gave one, else 1 s, 2 s, 4 s … up to 5 minutes; a refusal waits a poll. */
    private Duration waitAfter(AuditLogs.Failure failure, int attempt) {
        if (failure.retryAfter() > 0) {
            return Duration.ofSeconds(failure.retryAfter());
        }
        if (failure.rateLimited() || failure.transientError()) {
            Duration backoff = Duration.ofSeconds(1L << Math.min(Math.max(attempt - 1, 0), 20));
            return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
        }
        return interval; // refused (a revoked token, a missing scope): said in the log every interval
    }

    private boolean sleep(Duration d) throws InterruptedException {
        if (d.isZero() || d.isNegative()) {
            return !stopping;
        }
        synchronized (wake) {
            long until = System.nanoTime() + d.toNanos();
            long left;
            while (!stopping && (left = until - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(wake, left);
            }
        }
        return !stopping;
    }

    /** Stops between pages and lets the lease go for another instance. */
    @Override
    public void close() {
        stopping = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            store.release(instance);
        } catch (RuntimeException e) {
            log.warn("Could not let the audit logs lease go ({}); another instance takes it when it ends",
                    e.getClass().getSimpleName());
        }
    }
}
