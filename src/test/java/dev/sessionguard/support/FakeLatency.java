package dev.sessionguard.support;

import java.time.Duration;

/**
 * The time {@link FakeSlack#latency} lets pass before each answer, as Slack's own response time: the fake's
 * behaviour, not a test waiting for something. Nothing to wait on but the clock, so it waits on that, and an
 * interrupt (the fake closing) ends it at once.
 */
final class FakeLatency {

    private FakeLatency() {
    }

    static void sleep(Duration latency) {
        long due = System.nanoTime() + latency.toNanos();
        Await.untilOrTimeout(latency, () -> Thread.currentThread().isInterrupted() || System.nanoTime() >= due);
    }
}
