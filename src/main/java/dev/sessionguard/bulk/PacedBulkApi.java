package dev.sessionguard.bulk;

import dev.sessionguard.signout.ResetScope;
import dev.sessionguard.slackapi.SlackErrors;
import dev.sessionguard.slackapi.SlackResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link BulkApi} kept within a Slack rate tier: at most {@code calls} in any {@code window}. A burst of up to
 * {@code calls} goes at once; after that each call waits until the oldest one leaves the window. Without it an
 * incident of 50,000 people sends 50 calls back to back, Slack answers most of them 429, and {@code SlackCalls}
 * spends its few retries on them until whole chunks fail as {@code ratelimited}.
 *
 * <p>Wire it around the real call, once per org token, shared by every job that uses that token:
 * <pre>{@code
 * BulkApi slack = BulkApi.paced(BulkApi.of(sessions), 20, Duration.ofMinutes(1)); // or PacedBulkApi.tier2(...)
 * BulkJobRunner runner = new BulkJobRunner(store, new BulkEngine(slack), claimer, lease);
 * }</pre>
 *
 * <p>Waiting is interruptible: an interrupt (shutdown) ends it at once with {@link SlackErrors#INTERRUPTED} and the
 * interrupt kept, as {@code SlackCalls} answers, so {@link BulkEngine} stops without checkpointing that chunk and a
 * resumed run sends it again. The call itself was never made.
 *
 * <p>When a call still comes back {@code ratelimited} ({@code SlackCalls} used up its retries, or something else
 * shares the token's quota), every later call is held until that {@code Retry-After} has passed: Slack has said when
 * it will take calls again, and sending before then only earns more 429s.
 *
 * <p>What it can't know: the retries {@code SlackCalls} makes inside one call count against Slack's quota but
 * take one slot here, and other instances or apps with the same token have quotas of their own here. The 429
 * hold covers both when they happen.
 */
public final class PacedBulkApi implements BulkApi {

    /** Slack's Tier 2: about 20 calls a minute. */
    public static final int TIER2_CALLS = 20;
    public static final Duration TIER2_WINDOW = Duration.ofMinutes(1);

    /** Time as the pacer sees it: tests pass one that moves only when slept on. */
    public interface Time {
        /** Monotonic, as {@link System#nanoTime()}. */
        long nanoTime();

        /** Waits about {@code nanos}, or throws as soon as the thread is interrupted. */
        void sleep(long nanos) throws InterruptedException;

        Time SYSTEM = new Time() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(long nanos) throws InterruptedException {
                TimeUnit.NANOSECONDS.sleep(nanos);
            }
        };
    }

    private final BulkApi api;
    private final int calls;
    private final long windowNanos;
    private final Time time;
    // Fair, and held across the call: callers go one at a time in arrival order (a job's engine is sequential
    // anyway), so the window never needs to count calls still in flight. Waiting for it is interruptible too.
    private final ReentrantLock turn = new ReentrantLock(true);
    private final Deque<Long> recent = new ArrayDeque<>();
    private long heldUntil;

    public PacedBulkApi(BulkApi api, int calls, Duration window) {
        this(api, calls, window, Time.SYSTEM);
    }

    public PacedBulkApi(BulkApi api, int calls, Duration window, Time time) {
        if (calls < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException(calls + " calls per " + window);
        }
        this.api = api;
        this.calls = calls;
        this.windowNanos = window.toNanos();
        this.time = time;
        this.heldUntil = time.nanoTime();
    }

    /** 20 calls per 60 s. */
    public static PacedBulkApi tier2(BulkApi api) {
        return new PacedBulkApi(api, TIER2_CALLS, TIER2_WINDOW);
    }

    @Override
    public SlackResult<?> resetBulk(List<String> userIds, ResetScope scope) {
        try {
            turn.lockInterruptibly();
        } catch (InterruptedException e) {
            return interrupted();
        }
        try {
            awaitSlot();
            SlackResult<?> answer;
            try {
                answer = api.resetBulk(userIds, scope);
            } finally {
                // Timed from the answer, not the send: Slack counts a call when it arrives, somewhere in between,
                // so a window started here can never open before Slack's does.
                recent.addLast(time.nanoTime());
            }
            if (SlackErrors.RATELIMITED.equals(answer.error())) {
                // This call began after any earlier hold ended, so its own hold always ends later.
                heldUntil = recent.peekLast() + TimeUnit.SECONDS.toNanos(Math.max(1, answer.retryAfter()));
            }
            return answer;
        } catch (InterruptedException e) {
            return interrupted();
        } finally {
            turn.unlock();
        }
    }

    private void awaitSlot() throws InterruptedException {
        while (true) {
            long now = time.nanoTime();
            while (!recent.isEmpty() && now - recent.peekFirst() >= windowNanos) {
                recent.pollFirst();
            }
            long freeAt = recent.size() < calls ? now : recent.peekFirst() + windowNanos;
            if (heldUntil - freeAt > 0) {
                freeAt = heldUntil;
            }
            if (freeAt - now <= 0) {
                return;
            }
            time.sleep(freeAt - now);
        }
    }

    private static SlackResult<?> interrupted() {
        Thread.currentThread().interrupt();
        return new SlackResult<>(null, SlackErrors.INTERRUPTED, 0, false, 0);
    }
}
