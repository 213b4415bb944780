package dev.sessionguard.support;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One method's rate limit in {@link FakeSlack}, the way Slack's tiers behave with the window shortened so a test
 * can hit it: at most {@code calls} accepted calls in any {@code window}, counted when a call arrives. A call beyond
 * that gets HTTP 429 with {@code Retry-After} (whole seconds, at least 1) until the oldest accepted call leaves the
 * window. Refused calls take no slot, so a client that waits as told always gets through next time.
 */
final class FakeRateLimit {

    private final int calls;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final Deque<Long> accepted = new ArrayDeque<>();
    private int refused;

    FakeRateLimit(int calls, Duration window) {
        this(calls, window, System::nanoTime);
    }

    /** @param nanoClock monotonic nanoseconds; a test's own clock lets it check the window without waiting */
    FakeRateLimit(int calls, Duration window, LongSupplier nanoClock) {
        if (calls < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException(calls + " calls per " + window);
        }
        this.calls = calls;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Takes a slot for a call arriving now, or answers the 429 it gets instead. */
    synchronized FakeResponse refusal() {
        long now = nanoClock.getAsLong();
        while (!accepted.isEmpty() && now - accepted.peekFirst() >= windowNanos) {
            accepted.pollFirst();
        }
        if (accepted.size() < calls) {
            accepted.addLast(now);
            return null;
        }
        refused++;
        long untilFree = accepted.peekFirst() + windowNanos - now;
        long seconds = Math.max(1, (untilFree + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
        return FakeResponse.ratelimited(Math.toIntExact(seconds));
    }

    /** How many calls were answered 429. */
    synchronized int refused() {
        return refused;
    }
}
