package dev.sessionguard.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock plus however far a test has stepped it forward: for a whole app, whose parts expect time to pass,
 * when the test must skip a wait (a 30 s interval) rather than sit through it. {@link MutableClock} stands still.
 */
public final class SteppedClock extends Clock {

    private volatile Duration ahead = Duration.ZERO;

    public void step(Duration d) {
        ahead = ahead.plus(d);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(ahead);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
