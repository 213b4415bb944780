package dev.sessionguard.edge;

import dev.sessionguard.access.GateDecision;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where Slack work goes after the ack, on two lanes so that a modal's opening never waits behind resets sitting out
 * a Retry-After. The fast lane opens modals: its work must reach {@code views.open} before the trigger dies, so work
 * that starts too late is not run. The slow lane takes submissions, sign-outs and console work, which may wait on
 * rate limits. Both queues are bounded: under a burst, work is refused at once instead of piling up in memory.
 *
 * <p>Nothing that can call Slack runs on the thread that hands work in (a Jetty request thread or a Socket Mode
 * listener, which must ack within milliseconds): a refusal writes its audit record there (the database only), and
 * the person is told on a third, bounded lane of its own, the notice lane. A notice the notice lane has no room for
 * is dropped, counted ({@code session_guard_busy_notices_dropped_total}) and logged at most once a minute: under such
 * a burst, a thread that acks Slack's requests is worth more than one more "busy" line.
 */
public final class AfterAck implements AutoCloseable {

    public static final String BUSY_TEXT = ":hourglass: Session Guard is busy, try again in a moment. Nothing was done.";
    public static final String NOT_OPENED_TEXT = ":hourglass: Session Guard could not open its window: Slack is busy"
            + " or rate-limiting it. Try again in a moment. Nothing was done.";
    /** How long a {@code trigger_id} works. */
    public static final Duration TRIGGER_LIFE = Duration.ofSeconds(3);
    /**
     * Taken off the trigger's life: the request reached us a little before its handler ran, and {@code views.open}
     * itself needs time to reach Slack.
     */
    static final Duration MARGIN = Duration.ofMillis(700);
    /**
     * Busy notices have a pool of their own, off the lanes they are about. A notice is one post to a response_url
     * (about 100 ms to Slack): 16 threads tell some 160 people a second, and the queue holds a minute's burst, so
     * in a 300-a-second burst of commands everyone refused hears so, if a few seconds late. Idle threads time out.
     */
    static final int NOTICE_THREADS = 16;
    static final int NOTICE_QUEUE = 10_000;
    /** Why a notice did not reach its person, as {@link Listener#noticeDropped} is told. */
    public static final String LANE_FULL = "lane_full";
    public static final String SLACK_REFUSED = "slack_refused";
    /** A line for someone who already has one waiting or being sent on the notice lane: they will hear that one. */
    public static final String SAME_PERSON = "same_person";
    /** Dropped notices are logged at most this often, so a flood can't flood the log either. */
    private static final long DROP_LOG_INTERVAL_MS = 60_000;

    /**
     * A refused submission or button as the features audit and show it, like any refusal: the person reads that
     * nothing was done and whether the audit trail has it.
     */
    public static GateDecision busy() {
        return GateDecision.refuse("busy", "Session Guard is busy, try again in a moment.");
    }

    /** Work that opens a modal. */
    @FunctionalInterface
    public interface Opening {
        /** @return false when the modal could not be put on screen, and the person has heard nothing */
        boolean run();
    }

    /**
     * What a refused piece of slow-lane work leaves behind. {@link #record} runs on the refusing thread, so it may
     * write to the database but must not call Slack; the notice it gives back, which may, runs on the notice lane.
     */
    @FunctionalInterface
    public interface Refusal {
        /** Records the refusal where it must be recorded, and gives back how to tell the person. */
        Runnable record();
    }

    /** Told of each refusal and each dropped notice, e.g. for metrics. */
    @FunctionalInterface
    public interface Listener {
        void refused(String lane);

        /**
         * A notice that did not reach its person: the notice lane had no room for it ({@code lane_full}), or Slack
         * refused or rate-limited it ({@code slack_refused}).
         */
        default void noticeDropped(String reason) {
        }
    }

    /** Lane sizes: the fast and slow lanes' from settings, the notice lane's fixed but for tests. */
    public record Sizes(int fastThreads, int fastQueue, int slowThreads, int slowQueue, int noticeThreads,
            int noticeQueue) {

        public Sizes(int fastThreads, int fastQueue, int slowThreads, int slowQueue) {
            this(fastThreads, fastQueue, slowThreads, slowQueue, NOTICE_THREADS, NOTICE_QUEUE);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(AfterAck.class);
    private static final AtomicLongFieldUpdater<AfterAck> DROP_LOG =
            AtomicLongFieldUpdater.newUpdater(AfterAck.class, "lastDropLog");

    private final ThreadPoolExecutor fast;
    private final ThreadPoolExecutor slow;
    private final ThreadPoolExecutor notices;
    private final Replies replies;
    private final Clock clock;
    private final Listener listener;
    private final AtomicLong droppedSinceLog = new AtomicLong();
    /** The people with a line waiting or being sent on the notice lane. */
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    private volatile long lastDropLog;

    private AfterAck(ThreadPoolExecutor fast, ThreadPoolExecutor slow, ThreadPoolExecutor notices, Replies replies,
            Clock clock, Listener listener) {
        this.fast = fast;
        this.slow = slow;
        this.notices = notices;
        this.replies = replies;
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * The three lanes' executors. Each refuses work it has no room for with a {@link RejectedExecutionException}
     * ({@link #pools} makes them so); a test may hand in its own, e.g. a lane that is full from the start.
     */
    public record Lanes(ThreadPoolExecutor fast, ThreadPoolExecutor slow, ThreadPoolExecutor notices) {

        /** Bounded pools of {@code sizes}, whose idle threads time out. */
        public static Lanes pools(Sizes sizes) {
            return new Lanes(pool("after-ack-fast", sizes.fastThreads(), sizes.fastQueue()),
                    pool("after-ack-slow", sizes.slowThreads(), sizes.slowQueue()),
                    pool("after-ack-notice", sizes.noticeThreads(), sizes.noticeQueue()));
        }
    }

    public static AfterAck start(Sizes sizes, Replies replies, Clock clock, Listener listener) {
        return on(Lanes.pools(sizes), replies, clock, listener);
    }

    public static AfterAck on(Lanes lanes, Replies replies, Clock clock, Listener listener) {
        return new AfterAck(lanes.fast(), lanes.slow(), lanes.notices(), replies, clock, listener);
    }

    /**
     * Opens a modal on the fast lane, for a trigger that arrived just now. Refused when it would start after the
     * trigger's deadline; when the modal can't be shown (e.g. Slack answered 429), the person is told so.
     */
    public void open(Reply reply, Opening work) {
        if (!openOrSay(reply, work)) {
            notice(new Line(reply, BUSY_TEXT));
        }
    }

    /**
     * {@link #open}, for a request whose ack can carry words (a slash command's): when the fast lane has no room the
     * caller acks with {@link #BUSY_TEXT} instead of a notice being sent. Each command then hears so in its own
     * answer, at no cost to Slack's limits or the notice lane.
     *
     * @return false when the opening was refused at once: the caller must put {@link #BUSY_TEXT} in its ack
     */
    public boolean openOrSay(Reply reply, Opening work) {
        long deadline = clock.millis() + TRIGGER_LIFE.minus(MARGIN).toMillis();
        Refusal busy = () -> new Line(reply, BUSY_TEXT);
        try {
            fast.execute(() -> {
                if (clock.millis() > deadline) {
                    refuse("fast", busy);
                } else if (!work.run()) {
                    notice(new Line(reply, NOT_OPENED_TEXT));
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            listener.refused("fast");
            return false;
        }
    }

    /**
     * Runs work on the slow lane. It has no trigger to beat, so it runs however long it queued; when the queue is
     * full it is refused: {@code refusal} records it (a destructive action is audited) on the calling thread, and the
     * person is told on the notice lane.
     */
    public void slow(Runnable work, Refusal refusal) {
        submit(slow, "slow", work, refusal);
    }

    /** Slow-lane work whose refusal needs only a line to the person. */
    public void slow(Reply reply, Runnable work) {
        slow(work, () -> new Line(reply, BUSY_TEXT));
    }

    /**
     * A line to the person, for a {@link Refusal} to give back: sent on the notice lane, tried once (a rate-limited
     * or refused one is dropped and counted, never waited out), like every busy notice.
     */
    public Runnable lineTo(Reply reply, String text) {
        return new Line(reply, text);
    }

    /**
     * Tells the person {@code text} on the notice lane, for a request answered before any handler runs (e.g. one
     * from an org that has not installed the app). Dropped and counted like any notice when the lane is full.
     */
    public void tellLater(Reply reply, String text) {
        notice(new Line(reply, text));
    }

    private void tell(Reply reply, String text) {
        if (!replies.tell(reply, text)) {
            listener.noticeDropped(SLACK_REFUSED);
        }
    }

    private void submit(ThreadPoolExecutor lane, String name, Runnable task, Refusal busy) {
        try {
            lane.execute(task);
        } catch (RejectedExecutionException e) {
            refuse(name, busy);
        }
    }

    private void refuse(String lane, Refusal refusal) {
        listener.refused(lane);
        Runnable tell;
        try {
            tell = refusal.record();
        } catch (RuntimeException e) {
            log.error("Could not record work refused on the {} lane ({})", lane, e.getClass().getSimpleName());
            return;
        }
        notice(tell);
    }

    /**
     * Queues a notice on the notice lane, or drops and counts it: it never runs on the thread that asked. A person
     * has at most one line waiting or being sent: one admin's flood of commands (or a script with their name) can't
     * fill the lane that tells everyone else, nor keep its threads busy, and they need hearing "busy" only once.
     */
    private void notice(Runnable notice) {
        String person = notice instanceof Line line ? line.reply.userId() : null;
        if (person != null && !waiting.add(person)) {
            listener.noticeDropped(SAME_PERSON);
            return;
        }
        try {
            notices.execute(() -> {
                try {
                    notice.run();
                } catch (RuntimeException e) {
                    log.error("A busy notice failed ({})", e.getClass().getSimpleName());
                } finally {
                    if (person != null) {
                        waiting.remove(person); // told: a refusal from now on is worth a new line
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            if (person != null) {
                waiting.remove(person);
            }
            listener.noticeDropped(LANE_FULL);
            droppedSinceLog.incrementAndGet();
            long now = System.currentTimeMillis();
            long last = lastDropLog;
            if (now - last >= DROP_LOG_INTERVAL_MS && DROP_LOG.compareAndSet(this, last, now)) {
                log.warn("The notice lane is full: {} busy notice(s) dropped since the last such line; those people"
                        + " were not told (session_guard_busy_notices_dropped_total)", droppedSinceLog.getAndSet(0));
            }
        }
    }

    /** A line of text for one person, by response_url or DM. */
    private final class Line implements Runnable {
        private final Reply reply;
        private final String text;

        Line(Reply reply, String text) {
            this.reply = reply;
            this.text = text;
        }

        @Override
        public void run() {
            tell(reply, text);
        }
    }

    /** Notices queued and not yet started. */
    int noticesWaiting() {
        return notices.getQueue().size();
    }

    /** How many tasks the lanes have finished so far: what a shutdown drained is the difference. */
    public long completedTasks() {
        return fast.getCompletedTaskCount() + slow.getCompletedTaskCount() + notices.getCompletedTaskCount();
    }

    /** Lets queued and running work finish, within {@code wait}. */
    public boolean close(Duration wait) throws InterruptedException {
        long until = System.nanoTime() + wait.toNanos();
        fast.shutdown();
        slow.shutdown();
        boolean done = fast.awaitTermination(until - System.nanoTime(), TimeUnit.NANOSECONDS)
                && slow.awaitTermination(until - System.nanoTime(), TimeUnit.NANOSECONDS);
        // Refusals made while the lanes drained still reach their people.
        notices.shutdown();
        done = notices.awaitTermination(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS) && done;
        if (!done) {
            fast.shutdownNow();
            slow.shutdownNow();
            notices.shutdownNow();
        }
        return done;
    }

    @Override
    public void close() throws InterruptedException {
        close(Duration.ofSeconds(60));
    }

    /**
     * What a full lane throws, made once: the JDK's default builds a message from the pool's toString (which takes the
     * pool's lock) and a stack trace on every refusal, and under a burst the request threads queued on that lock.
     */
    private static final RejectedExecutionException FULL = new RejectedExecutionException("the lane is full") {
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    };

    private static ThreadPoolExecutor pool(String name, int threads, int queue) {
        AtomicInteger n = new AtomicInteger();
        // Idle threads time out; a full queue throws, which submit() turns into a told, counted refusal.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue), r -> {
                    Thread t = new Thread(r, name + "-" + n.incrementAndGet());
                    t.setUncaughtExceptionHandler((th, e) ->
                            log.error("After-ack task failed: {}", e.getClass().getSimpleName(), e));
                    return t;
                }, (task, full) -> {
                    throw FULL;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
