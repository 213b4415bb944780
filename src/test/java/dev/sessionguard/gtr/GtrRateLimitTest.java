package dev.sessionguard.gtr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GtrRateLimitTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

    @Test
    void takesUpToTheLimitInAMinuteThenSaysWhenOneIsFree() {
        GtrRateLimit limit = new GtrRateLimit(3, clock);
        assertThat(limit.take()).isEmpty();
        clock.advance(Duration.ofSeconds(20));
        assertThat(limit.take()).isEmpty();
        assertThat(limit.take()).isEmpty();

        assertThat(limit.take()).hasValue(40); // the first frees at 60 s

        clock.advance(Duration.ofSeconds(40));
        assertThat(limit.take()).isEmpty();
        assertThat(limit.take()).hasValue(20);
    }

    @Test
    void aGivenBackPlaceCanBeTakenAgain() {
        GtrRateLimit limit = new GtrRateLimit(1, clock);
        assertThat(limit.take()).isEmpty();
        limit.giveBack();

        assertThat(limit.take()).isEmpty();
        assertThat(limit.take()).isPresent();
    }

    @Test
    void retryAfterIsAtLeastOneSecond() {
        GtrRateLimit limit = new GtrRateLimit(1, clock);
        limit.take();
        clock.advance(Duration.ofMillis(59_999));

        assertThat(limit.take()).hasValue(1);
    }
}
