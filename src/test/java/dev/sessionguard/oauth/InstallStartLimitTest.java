package dev.sessionguard.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Ten install starts per address in a minute that opens with its first start; time moved by hand. */
class InstallStartLimitTest {

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final InstallStartLimit limit = new InstallStartLimit(nanos::get);

    @Test
    void tenStartsGoAheadAndTheEleventhIsToldWhenTheMinuteIsOver() {
        for (int i = 0; i < InstallStartLimit.STARTS_PER_WINDOW; i++) {
            assertThat(limit.tryStart("192.0.2.1")).as("start %d", i + 1).isEmpty();
        }
        advance(Duration.ofSeconds(20));

        assertThat(limit.tryStart("192.0.2.1")).hasValue(Duration.ofSeconds(40));
    }

    @Test
    void addressesAreCountedApart() {
        for (int i = 0; i < InstallStartLimit.STARTS_PER_WINDOW; i++) {
            limit.tryStart("192.0.2.1");
        }

        assertThat(limit.tryStart("192.0.2.1")).isPresent();
        assertThat(limit.tryStart("198.51.100.7")).isEmpty();
    }

    @Test
    void refusedStartsDoNotProlongTheMinute() {
        for (int i = 0; i < InstallStartLimit.STARTS_PER_WINDOW; i++) {
            limit.tryStart("192.0.2.1");
        }
        for (int s = 0; s < 59; s++) {
            advance(Duration.ofSeconds(1));
            assertThat(limit.tryStart("192.0.2.1")).as("after %d s", s + 1).isPresent();
        }

        advance(Duration.ofSeconds(1));

        assertThat(limit.tryStart("192.0.2.1")).as("a new minute").isEmpty();
    }

    @Test
    void theWaitIsNeverLessThanASecond() {
        for (int i = 0; i < InstallStartLimit.STARTS_PER_WINDOW; i++) {
            limit.tryStart("192.0.2.1");
        }
        advance(Duration.ofMillis(59_900));

        assertThat(limit.tryStart("192.0.2.1")).hasValue(Duration.ofSeconds(1));
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }
}
