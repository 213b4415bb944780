package dev.sessionguard.support;

import java.time.Duration;

/** The wait {@link FakeSlack#latency} puts before each answer, kept out of the fake's own logic. */
final class FakeLatency {

    private FakeLatency() {
    }

    static void sleep(Duration latency) {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
