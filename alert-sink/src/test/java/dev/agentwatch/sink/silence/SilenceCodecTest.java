package dev.agentwatch.sink.silence;

import dev.agentwatch.sink.matching.Matcher;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SilenceCodecTest {

    private static final Instant T = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void roundTripsInAlertmanagersJsonShape() {
        Silence s = new Silence("id-1", List.of(Matcher.parse("agent_id=\"a-1\""), Matcher.parse("alertname!~\"Info.*\"")),
                T, T.plus(Duration.ofHours(2)), "alice", "deploy", T);
        String json = new String(SilenceCodec.encode(s), StandardCharsets.UTF_8);
        assertThat(json).contains("\"matchers\":[{\"name\":\"agent_id\",\"value\":\"a-1\",\"isRegex\":false,\"isEqual\":true}");
        assertThat(SilenceCodec.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(s);
    }

    @Test
    void stateFollowsStartAndEndAndExpiringEndsItNow() {
        Silence s = new Silence("id-1", List.of(Matcher.parse("agent_id=a-1")), T, T.plus(Duration.ofHours(2)), "alice", "x", T);
        Map<String, String> labels = Map.of("agent_id", "a-1");
        assertThat(s.state(T.minusSeconds(1))).isEqualTo(Silence.State.PENDING);
        assertThat(s.mutes(labels, T)).isTrue();
        assertThat(s.mutes(labels, T.plus(Duration.ofHours(2)))).isFalse();
        Silence expired = s.expiredAt(T.plusSeconds(60));
        assertThat(expired.endsAt()).isEqualTo(T.plusSeconds(60));
        assertThat(expired.mutes(labels, T.plusSeconds(60))).isFalse();
        Silence future = new Silence("id-2", s.matchers(), T.plusSeconds(3600), T.plusSeconds(7200), "a", "b", T);
        assertThat(future.expiredAt(T).state(T.plusSeconds(3600))).isEqualTo(Silence.State.EXPIRED);
    }

    @Test
    void malformedValuesSayWhy() {
        assertThatThrownBy(() -> SilenceCodec.decode("nope".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> SilenceCodec.decode("{\"id\":\"x\",\"matchers\":[{\"name\":\"a\",\"value\":\"b\"}]}"
                .getBytes(StandardCharsets.UTF_8))).hasMessageContaining("startsAt");
    }
}
