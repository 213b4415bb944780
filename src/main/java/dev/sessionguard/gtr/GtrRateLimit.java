package dev.sessionguard.gtr;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalLong;

/**
 * At most {@code max} Universal Logout requests in any minute, on this instance ({@code SESSION_GUARD_GTR_MAX_PER_MINUTE}).
 * Only authenticated requests are counted: a flood of forged ones is refused before it gets here, so it can't use
 * up the IdP's budget.
 */
public final class GtrRateLimit {

    static final Duration WINDOW = Duration.ofMinutes(1);

    private final int max;
    private final Clock clock;
    private final Deque<Long> taken = new ArrayDeque<>();

    public GtrRateLimit(int max, Clock clock) {
        this.max = max;
        this.clock = clock;
    }

    /** Takes one request's place; empty when taken, else how many seconds until one is free. */
    public synchronized OptionalLong take() {
        long now = clock.millis();
        while (!taken.isEmpty() && taken.peekFirst() <= now - WINDOW.toMillis()) {
            taken.removeFirst();
        }
        if (taken.size() < max) {
            taken.addLast(now);
            return OptionalLong.empty();
        }
        long freeAt = taken.peekFirst() + WINDOW.toMillis();
        return OptionalLong.of(Math.max(1, (freeAt - now + 999) / 1000));
    }

    /** Gives back the place of a request that did nothing after all (its token was a replay). */
    public synchronized void giveBack() {
        if (!taken.isEmpty()) {
            taken.removeLast();
        }
    }

    public int max() {
        return max;
    }
}
