package dev.sessionguard.slack;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where Slack work goes after the ack, on two lanes so that a modal's opening never waits behind resets sitting out
 * a Retry-After. The fast lane opens modals: its work must reach {@code views.open} before the trigger dies, so work
 * that starts too late is not run. The slow lane takes submissions, sign-outs and console work, which may wait on
 * rate limits. Both queues are bounded: under a burst, work is refused at once instead of piling up in memory.
 * Nothing refused is silent: the person is told, the refusal is counted, and the caller audits what it must.
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
    /** Busy notices are few and quick; their own small pool keeps them off the lanes they are about. */
    private static final int NOTICE_THREADS = 2;
    private static final int NOTICE_QUEUE = 1000;

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

    /** Told of each refusal, e.g. for metrics. */
    @FunctionalInterface
    public interface Listener {
        void refused(String lane);
    }

    /** Lane sizes, from settings. */
    public record Sizes(int fastThreads, int fastQueue, int slowThreads, int slowQueue) {
    }

    private static final Logger log = LoggerFactory.getLogger(AfterAck.class);

    private final ThreadPoolExecutor fast;
    private final ThreadPoolExecutor slow;
    private final ThreadPoolExecutor notices;
    private final Replies replies;
    private final Clock clock;
    private final Listener listener;

    private AfterAck(ThreadPoolExecutor fast, ThreadPoolExecutor slow, ThreadPoolExecutor notices, Replies replies,
            Clock clock, Listener listener) {
        this.fast = fast;
        this.slow = slow;
        this.notices = notices;
        this.replies = replies;
        this.clock = clock;
        this.listener = listener;
    }

    public static AfterAck start(Sizes sizes, Replies replies, Clock clock, Listener listener) {
        return new AfterAck(pool("after-ack-fast", sizes.fastThreads(), sizes.fastQueue()),
                pool("after-ack-slow", sizes.slowThreads(), sizes.slowQueue()),
                pool("after-ack-notice", NOTICE_THREADS, NOTICE_QUEUE), replies, clock, listener);
    }

    /**
     * Opens a modal on the fast lane, for a trigger that arrived just now. Refused when it would start after the
     * trigger's deadline; when the modal can't be shown (e.g. Slack answered 429), the person is told so.
     */
    public void open(Reply reply, Opening work) {
        long deadline = clock.millis() + TRIGGER_LIFE.minus(MARGIN).toMillis();
        Runnable busy = () -> refuse("fast", () -> replies.tell(reply, BUSY_TEXT));
        submit(fast, "fast", () -> {
            if (clock.millis() > deadline) {
                busy.run();
            } else if (!work.run()) {
                notice(() -> replies.tell(reply, NOT_OPENED_TEXT));
            }
        }, busy);
    }

    /**
     * Runs work on the slow lane. It has no trigger to beat, so it runs however long it queued; when the queue is
     * full it is refused, and {@code refusal} tells the person (and audits a destructive action).
     */
    public void slow(Runnable work, Runnable refusal) {
        submit(slow, "slow", work, () -> refuse("slow", refusal));
    }

    /** Slow-lane work whose refusal needs only a line to the person. */
    public void slow(Reply reply, Runnable work) {
        slow(work, () -> replies.tell(reply, BUSY_TEXT));
    }

    private void submit(ThreadPoolExecutor lane, String name, Runnable task, Runnable busy) {
        try {
            lane.execute(task);
        } catch (RejectedExecutionException e) {
            log.warn("The {} lane is full ({} queued): refusing", name, lane.getQueue().size());
            busy.run();
        }
    }

    private void refuse(String lane, Runnable refusal) {
        listener.refused(lane);
        notice(refusal);
    }

    private void notice(Runnable notice) {
        try {
            notices.execute(notice);
        } catch (RejectedExecutionException e) {
            // Never dropped: a refused change must still be audited and its person told, even on this thread.
            log.warn("The busy-notice queue is full: telling the person on the refusing thread");
            try {
                notice.run();
            } catch (RuntimeException failed) {
                log.error("A busy notice failed ({})", failed.getClass().getSimpleName());
            }
        }
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

    private static ThreadPoolExecutor pool(String name, int threads, int queue) {
        AtomicInteger n = new AtomicInteger();
        // Idle threads time out; a full queue throws, which submit() turns into a told, counted refusal.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue), r -> {
                    Thread t = new Thread(r, name + "-" + n.incrementAndGet());
                    t.setUncaughtExceptionHandler((th, e) ->
                            log.error("After-ack task failed: {}", e.getClass().getSimpleName(), e));
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
