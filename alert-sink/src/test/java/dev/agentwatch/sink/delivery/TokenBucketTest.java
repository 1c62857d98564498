package dev.agentwatch.sink.delivery;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketTest {

    private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

    private static Instant send(TokenBucket b, Instant now) {
        Instant at = b.availableAt(now);
        b.take(at);
        return at;
    }

    @Test
    void aBurstThenOneInterval() {
        TokenBucket b = new TokenBucket(new RateLimit(1, 3));
        assertThat(send(b, T)).isEqualTo(T);
        assertThat(send(b, T)).isEqualTo(T);
        assertThat(send(b, T)).isEqualTo(T);
        assertThat(send(b, T)).isEqualTo(T.plusSeconds(1));
        assertThat(send(b, T)).isEqualTo(T.plusSeconds(2));
    }

    @Test
    void quietTimeRefillsUpToTheBurstOnly() {
        TokenBucket b = new TokenBucket(new RateLimit(2, 2));
        send(b, T);
        send(b, T);
        Instant later = T.plusSeconds(60);
        assertThat(send(b, later)).isEqualTo(later);
        assertThat(send(b, later)).isEqualTo(later);
        assertThat(send(b, later)).isEqualTo(later.plusMillis(500));
    }

    @Test
    void aPauseAllowsOneRequestAtItsEndThenSpacing() {
        TokenBucket b = new TokenBucket(new RateLimit(1, 5));
        b.pauseUntil(T.plusSeconds(7));
        assertThat(send(b, T)).isEqualTo(T.plusSeconds(7));
        assertThat(send(b, T.plusSeconds(7))).isEqualTo(T.plusSeconds(8));
    }
}
