package dev.agentwatch.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void headerRoundTripsEveryIdShape() {
        for (int id : new int[] {0, 1, 255, 256, 0x12345678, Integer.MAX_VALUE, -1, Integer.MIN_VALUE}) {
            byte[] framed = WireFormat.frame(id, new byte[] {42});
            assertThat(framed).hasSize(6);
            assertThat(framed[0]).isEqualTo(WireFormat.MAGIC_BYTE);
            assertThat(WireFormat.schemaId("t", framed, 0, framed.length)).isEqualTo(id);
        }
    }

    @Test
    void idIsBigEndian() {
        byte[] framed = {0, 0x12, 0x34, 0x56, 0x78};
        assertThat(WireFormat.schemaId("t", framed, 0, 5)).isEqualTo(0x12345678);
    }

    @Test
    void readsAtAnOffset() {
        byte[] data = {9, 9, 0, 0, 0, 0, 7, 1};
        assertThat(WireFormat.schemaId("t", data, 2, 6)).isEqualTo(7);
    }

    @Test
    void shortPayloadsAreNotWireFormat() {
        for (int length = 0; length < 5; length++) {
            int len = length;
            assertThatThrownBy(() -> WireFormat.schemaId("metrics", new byte[len], 0, len))
                    .isInstanceOf(NotWireFormatException.class)
                    .hasMessageContaining("topic metrics")
                    .hasMessageContaining(len + " byte(s)")
                    .satisfies(e -> assertThat(((WireFormatException) e).reasonCode()).isEqualTo("not-wire-format"));
        }
    }

    @Test
    void wrongMagicByteIsNamed() {
        assertThatThrownBy(() -> WireFormat.schemaId("metrics", new byte[] {'{', '"', 'a', '"', ':'}, 0, 5))
                .isInstanceOfSatisfying(BadMagicByteException.class, e -> {
                    assertThat(e.found()).isEqualTo((byte) '{');
                    assertThat(e.reasonCode()).isEqualTo("bad-magic-byte");
                    assertThat(e.isRecordFault()).isTrue();
                })
                .hasMessageContaining("0x7B")
                .hasMessageContaining("looks like JSON");
    }
}
