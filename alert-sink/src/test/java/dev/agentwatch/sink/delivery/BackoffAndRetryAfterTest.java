package dev.agentwatch.sink.delivery;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffAndRetryAfterTest {

    @Test
    void backoffDoublesUpToTheMaximumWithJitterInTheUpperHalf() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new SplittableRandom(7));
        long[] ceilings = {1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000};
        for (int attempt = 1; attempt <= ceilings.length; attempt++) {
            long ceiling = ceilings[attempt - 1];
            assertThat(b.ceilingMillis(attempt)).isEqualTo(ceiling);
            for (int i = 0; i < 50; i++) {
                assertThat(b.delay(attempt).toMillis()).isBetween(ceiling / 2, ceiling);
            }
        }
        assertThat(b.ceilingMillis(500)).isEqualTo(300_000);
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2025-03-01T12:00:00Z");
        assertThat(RetryAfter.parse("7", now)).contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse(" 120 ", now)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse("Sat, 01 Mar 2025 12:00:30 GMT", now)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Sat, 01 Mar 2025 11:00:00 GMT", now)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", now)).isEmpty();
        assertThat(RetryAfter.parse(null, now)).isEmpty();
    }
}
