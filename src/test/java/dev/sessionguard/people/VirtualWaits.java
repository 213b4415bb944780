package dev.sessionguard.people;

import dev.sessionguard.support.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** {@link DirectorySync.Waits} that skip each wait, moving a virtual clock (and the test's wall clock) instead. */
final class VirtualWaits implements DirectorySync.Waits {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final MutableClock clock;
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    VirtualWaits(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public void sleep(Duration d) {
        sleeps.add(d);
        nanos.addAndGet(d.toNanos());
        clock.advance(d);
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }
}
