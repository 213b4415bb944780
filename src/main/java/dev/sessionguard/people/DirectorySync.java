package dev.sessionguard.people;

import com.slack.api.model.User;
import dev.sessionguard.slackapi.SlackErrors;
import dev.sessionguard.slackapi.SlackResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the directory from Slack with list calls only: {@code auth.teams.list}, then {@code users.list} for each
 * workspace, 1,000 people a page. {@code users.list} is Tier 2 (about 20 calls a minute) per workspace, and each
 * workspace has its own budget, so the workspaces are listed side by side, each at most {@link Timing#calls} calls in
 * any {@link Timing#window}; a 429 is waited out as Slack says.
 *
 * <p>Runs on a daemon thread of its own, never on a request thread or an after-ack lane: a first sync soon after
 * start when none has ever finished, then one every {@link Timing#interval} after the last finished one. Only the
 * instance holding the lease syncs. Only a complete sync removes anyone (those it did not see); a failed or partial
 * one leaves everything in place and is tried again later, backing off.
 */
public final class DirectorySync implements AutoCloseable {

    /** Slack's {@code users.list} page: it returns at most 1,000 people a call. */
    static final int PAGE = 1000;
    /** Back-to-back 429s on one call before the sync gives up until its next attempt. */
    private static final int MAX_RATE_LIMITED = 10;
    /** Retries of a transient error (timeouts, {@code internal_error}) on one call. */
    private static final int MAX_TRANSIENT = 3;

    private static final Logger log = LoggerFactory.getLogger(DirectorySync.class);

    /**
     * @param firstDelay how soon after start the first sync begins (when one is due), so start-up has the cores
     * @param interval   a full sync this long after the last finished one ({@code SESSION_GUARD_DIRECTORY_SYNC_HOURS})
     * @param calls      at most this many list calls to one workspace in any {@code window}: Slack counts its tiers
     *                   per minute, so the first pages of a sync go at once and only a large directory is paced
     * @param lease      how long the sync lease holds unrenewed: how soon another instance takes over a dead one's
     * @param retry      the wait after a first failure, doubled after each further one up to {@code maxRetry}
     */
    public record Timing(Duration firstDelay, Duration interval, int calls, Duration window, Duration lease,
            Duration retry, Duration maxRetry) {

        /**
         * Slack's Tier 2: about 20 calls a minute. The window is a second longer than Slack's: a call reaches Slack a
         * little after it starts here, and the 21st must not arrive inside the minute of the first.
         */
        public static Timing slackTier2(Duration interval) {
            return new Timing(Duration.ofSeconds(5), interval, 20, Duration.ofSeconds(61), Duration.ofMinutes(2),
                    Duration.ofMinutes(1), Duration.ofHours(1));
        }
    }

    /** How the sync waits between calls; a test's own lets it check the pacing without waiting. */
    public interface Waits {
        void sleep(Duration d) throws InterruptedException;

        long nanoTime();

        Waits REAL = new Waits() {
            @Override
            public void sleep(Duration d) throws InterruptedException {
                Thread.sleep(d.toMillis());
            }

            @Override
            public long nanoTime() {
                return System.nanoTime();
            }
        };
    }

    /** What one attempt came to. */
    public enum Outcome { SYNCED, LEASE_HELD, FAILED }

    /**
     * The figures of the last complete sync, for the log and the benchmark.
     *
     * @param calls       list calls made, 429s included
     * @param rateLimited calls Slack answered 429
     */
    public record Run(long people, int workspaces, int calls, int rateLimited, long removed, Duration took) {
    }

    private final PeopleStore store;
    private final UserLists slack;
    private final String holder;
    private final Timing timing;
    private final Clock clock;
    private final Waits waits;
    private final Object signal = new Object();
    private volatile boolean closed;
    private volatile boolean woken;
    private volatile Run lastRun;
    private Thread thread;

    public DirectorySync(PeopleStore store, UserLists slack, String holder, Timing timing, Clock clock, Waits waits) {
        this.store = store;
        this.slack = slack;
        this.holder = holder;
        this.timing = timing;
        this.clock = clock;
        this.waits = waits;
    }

    /** Starts the background thread; returns at once. */
    public synchronized DirectorySync start() {
        if (thread == null) {
            thread = new Thread(this::loop, "directory-sync");
            thread.setDaemon(true);
            thread.start();
        }
        return this;
    }

    /** Asks for a sync now (e.g. the org was just installed), if one is due or the last attempt failed. */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** The last complete sync's figures; null before one finished on this instance. */
    public Run lastRun() {
        return lastRun;
    }

    private void loop() {
        Instant earliest = clock.instant().plus(timing.firstDelay());
        Instant retryAt = null;
        int failures = 0;
        while (!closed) {
            try {
                Instant due = retryAt != null ? retryAt : store.lastFullSync().map(t -> t.plus(timing.interval()))
                        .orElse(Instant.MIN);
                if (due.isBefore(earliest)) {
                    due = earliest;
                }
                if (!waitUntil(due, retryAt != null)) {
                    continue; // woken or closed: look again
                }
                Outcome outcome = syncNow();
                if (outcome == Outcome.SYNCED) {
                    failures = 0;
                    retryAt = null;
                } else if (outcome == Outcome.LEASE_HELD) {
                    // Another instance syncs: look again once its lease could have lapsed, or after it finished.
                    retryAt = clock.instant().plus(timing.lease());
                } else {
                    failures++;
                    retryAt = clock.instant().plus(backoff(failures));
                    log.warn("The user directory sync failed ({} in a row); it is tried again at {}. Nobody was "
                            + "removed from the directory", failures, retryAt);
                }
            } catch (RuntimeException e) {
                failures++;
                retryAt = clock.instant().plus(backoff(failures));
                log.warn("The user directory sync could not run ({}); it is tried again at {}",
                        e.getClass().getSimpleName(), retryAt);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Duration backoff(int failures) {
        Duration d = timing.retry().multipliedBy(1L << Math.min(20, failures - 1));
        return d.compareTo(timing.maxRetry()) > 0 ? timing.maxRetry() : d;
    }

    /**
     * Waits for {@code due} on the wall clock, in steps of at most a minute so a clock change is noticed.
     *
     * @param wakeable whether {@link #wake} cuts the wait short (a retry after a failure: an install may fix it)
     * @return true when {@code due} came, false when woken or closed
     */
    private boolean waitUntil(Instant due, boolean wakeable) throws InterruptedException {
        synchronized (signal) {
            while (!closed) {
                if (woken) {
                    woken = false;
                    if (wakeable) {
                        return false;
                    }
                }
                long ms = Duration.between(clock.instant(), due).toMillis();
                if (ms <= 0) {
                    return true;
                }
                signal.wait(Math.min(ms, 60_000));
            }
            return false;
        }
    }

    /** One full sync under the lease, on the calling thread. */
    public Outcome syncNow() {
        if (!store.acquireLease(holder, timing.lease())) {
            log.debug("Another instance is syncing the user directory");
            return Outcome.LEASE_HELD;
        }
        try {
            return new Attempt().run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.info("The user directory sync was stopped before it finished; nobody was removed");
            return Outcome.FAILED;
        } finally {
            try {
                store.releaseLease(holder);
            } catch (RuntimeException e) {
                log.warn("Could not give up the directory sync lease ({}); it lapses in {}",
                        e.getClass().getSimpleName(), timing.lease());
            }
        }
    }

    /** One sync's state: where each workspace's listing is, and when each may be called again. */
    private final class Attempt {
        private final long startMs = clock.millis();
        private final long startNanos = waits.nanoTime();
        private long renewedNanos = startNanos;
        private int calls;
        private int rateLimited;
        private long people;

        Outcome run() throws InterruptedException {
            List<String> teams = teams();
            if (teams == null) {
                return Outcome.FAILED;
            }
            if (teams.isEmpty()) {
                log.warn("auth.teams.list named no workspace: the app is in none yet, so the directory stays as it is");
                return Outcome.FAILED;
            }
            Map<String, String> cursors = new LinkedHashMap<>();
            Map<String, Window> windows = new HashMap<>();
            teams.forEach(t -> {
                cursors.put(t, "");
                windows.put(t, new Window());
            });
            // Round robin by each workspace's next allowed call: every workspace has its own Tier 2 budget.
            while (!cursors.isEmpty()) {
                String team = cursors.keySet().stream()
                        .min(Comparator.comparingLong(t -> windows.get(t).readyAt())).orElseThrow();
                Window window = windows.get(team);
                window.await();
                if (!keepLease()) {
                    return Outcome.FAILED;
                }
                String cursor = cursors.get(team);
                SlackResult<UserLists.Page<User>> r = call("users.list",
                        () -> slack.users(team, cursor, PAGE), window);
                if (!r.ok()) {
                    log.warn("users.list for workspace {} failed with {}: the directory sync stops here, and nobody "
                            + "is removed", team, r.error());
                    return Outcome.FAILED;
                }
                List<Person> page = new ArrayList<>(r.response().items().size());
                r.response().items().forEach(u -> page.add(SlackPerson.of(u, team)));
                store.upsertPage(page, startMs);
                people += page.size();
                if (r.response().last()) {
                    cursors.remove(team);
                } else {
                    cursors.put(team, r.response().nextCursor());
                }
            }
            if (people == 0) {
                log.warn("users.list listed nobody in {} workspace(s): treated as a failure, nobody is removed",
                        teams.size());
                return Outcome.FAILED;
            }
            long removed = store.finishFullSync(holder, startMs, clock.instant());
            if (removed < 0) {
                log.warn("Another instance took the directory sync lease over; this sync removes nobody");
                return Outcome.FAILED;
            }
            Run run = new Run(people, teams.size(), calls, rateLimited, removed,
                    Duration.ofNanos(waits.nanoTime() - startNanos));
            lastRun = run;
            log.info("User directory synced: {} listing(s) of {} workspace(s) in {} s with {} list call(s) ({} rate "
                    + "limited); {} no longer in Slack removed", people, teams.size(), run.took().toSeconds(),
                    calls, rateLimited, removed);
            return Outcome.SYNCED;
        }

        /** Every workspace of the install, or null when Slack could not say. */
        private List<String> teams() throws InterruptedException {
            List<String> teams = new ArrayList<>();
            String cursor = "";
            Window window = new Window();
            do {
                window.await();
                String c = cursor;
                SlackResult<UserLists.Page<String>> r = call("auth.teams.list", () -> slack.teams(c), window);
                if (!r.ok()) {
                    log.warn("auth.teams.list failed with {}: the directory sync stops here, and nobody is removed",
                            r.error());
                    return null;
                }
                r.response().items().stream().filter(t -> !teams.contains(t)).forEach(teams::add);
                cursor = r.response().nextCursor();
            } while (cursor != null && !cursor.isEmpty());
            return teams;
        }

        /** One list call: 429s waited out as Slack says, transient errors retried a few times, each paced. */
        private <T> SlackResult<T> call(String method, Supplier<SlackResult<T>> call, Window window)
                throws InterruptedException {
            int limited = 0;
            int transients = 0;
            while (true) {
                window.await();
                window.called();
                calls++;
                SlackResult<T> r = call.get();
                if (r.ok()) {
                    return r;
                }
                Duration wait;
                if (SlackErrors.RATELIMITED.equals(r.error()) && ++limited <= MAX_RATE_LIMITED) {
                    rateLimited++;
                    wait = Duration.ofSeconds(Math.max(1, r.retryAfter()));
                    log.info("Slack rate limited {}; the directory sync waits {} s as it asked", method,
                            wait.toSeconds());
                } else if (SlackErrors.isTransient(r.error()) && ++transients <= MAX_TRANSIENT) {
                    wait = Duration.ofSeconds(1L << transients);
                } else {
                    return r;
                }
                waits.sleep(wait);
                if (!keepLease()) {
                    return new SlackResult<>(null, "lease_lost", 0, false, 1);
                }
            }
        }

        /** Renews the lease once a third of it has passed; false when another instance took it. */
        private boolean keepLease() {
            long now = waits.nanoTime();
            if (now - renewedNanos < timing.lease().toNanos() / 3) {
                return true;
            }
            if (!store.renewLease(holder, timing.lease())) {
                log.warn("The directory sync lease was taken over by another instance; this sync stops");
                return false;
            }
            renewedNanos = now;
            return true;
        }
    }

    /** One method's calls to one workspace: at most {@link Timing#calls} in any {@link Timing#window}. */
    private final class Window {
        private final ArrayDeque<Long> started = new ArrayDeque<>();

        /** When the next call may start (System.nanoTime), or long ago when it may start now. */
        long readyAt() {
            return started.size() < timing.calls() ? Long.MIN_VALUE / 2 : started.peekFirst() + timing.window().toNanos();
        }

        void await() throws InterruptedException {
            long wait = readyAt() - waits.nanoTime();
            if (wait > 0) {
                waits.sleep(Duration.ofNanos(wait));
            }
        }

        void called() {
            started.addLast(waits.nanoTime());
            while (started.size() > timing.calls()) {
                started.removeFirst();
            }
        }
    }

    /** Stops the thread; a sync under way stops at its next wait, removing nobody. */
    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        synchronized (signal) {
            signal.notifyAll();
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
