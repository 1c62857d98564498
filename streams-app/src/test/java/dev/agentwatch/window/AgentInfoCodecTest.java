package dev.agentwatch.window;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AgentInfoCodecTest {

    private static final WindowSpec SPEC = WindowSpec.forFleetView(Duration.ofSeconds(10), Duration.ofSeconds(30),
            List.of(Duration.ofMinutes(1)));

    @Test
    void theAgentVersionRoundTrips() {
        AgentWindows a = new AgentWindows("a1", SPEC);
        a.lastEventMs = 42;
        a.identify("support", "gpt-4o", "v7", Map.of("segment", "smb"));
        AgentWindows back = new AgentWindows("a1", SPEC);
        AgentInfoCodec.decodeInto(AgentInfoCodec.encode(a), back);
        assertThat(back.agentVersion()).isEqualTo("v7");
        assertThat(back.fleet()).isEqualTo("support");
        assertThat(back.labels()).isEqualTo(Map.of("segment", "smb"));
        assertThat(back.lastEventMs()).isEqualTo(42);
        assertThat(back.infoChanged()).isFalse();
    }

    /** A store written before agent_version was kept (format 1) still restores. */
    @Test
    void aFormatOneRecordStillDecodes() {
        byte[] fleet = "support".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 4 + fleet.length + 4 + 4);
        b.put((byte) 1).putLong(42).putInt(fleet.length).put(fleet).putInt(-1).putInt(0);
        AgentWindows back = new AgentWindows("a1", SPEC);
        AgentInfoCodec.decodeInto(b.array(), back);
        assertThat(back.fleet()).isEqualTo("support");
        assertThat(back.model()).isNull();
        assertThat(back.agentVersion()).isNull();
        assertThat(back.lastEventMs()).isEqualTo(42);
    }
}
