package dev.agentwatch.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class WeightedSumsTest {

    @Test
    void theGroupsTileTheSlotsInWireOrder() {
        int next = 0;
        for (FieldGroup g : FieldGroup.ALL) {
            assertThat(g.first).as(g.name()).isEqualTo(next);
            assertThat(g.end - g.first).as(g.name())
                    .isEqualTo((g.weighted ? 1 : 0) + g.values + (g.hasMax() ? 1 : 0));
            next = g.end;
        }
        assertThat(FieldGroup.SLOTS).isEqualTo(next);
    }

    @Test
    void aGroupKeepsTheLargestTotalOfItsValuesAndMergeLeavesMaximaAlone() {
        WeightedSums s = new WeightedSums();
        assertThat(s.max(FieldGroup.TOKENS)).isNaN();
        s.add(FieldGroup.TOKENS, 2, 100, 30);
        s.add(FieldGroup.TOKENS, 1, 50, 90);
        assertThat(s.max(FieldGroup.TOKENS)).isEqualTo(140);
        assertThat(s.weight(FieldGroup.TOKENS)).isEqualTo(3);
        assertThat(s.sum(FieldGroup.TOKENS, FieldGroup.TOKENS_IN)).isEqualTo(250);
        assertThat(s.sum(FieldGroup.TOKENS, FieldGroup.TOKENS_OUT)).isEqualTo(150);

        WeightedSums window = new WeightedSums();
        window.merge(s);
        assertThat(window.count(FieldGroup.TOKENS)).isEqualTo(2);
        assertThat(window.max(FieldGroup.TOKENS)).isNaN();
        assertThat(window.isPresent(FieldGroup.TOKENS)).isTrue();
        window.mergeMaxima(s);
        assertThat(window).isEqualTo(s);
    }

    @Test
    void aGroupLeftWithoutEventsIsExactlyEmptyAndTheOthersKeepTheirs() {
        WeightedSums window = new WeightedSums();
        WeightedSums leaving = new WeightedSums();
        leaving.add(FieldGroup.REQUESTS, 0.1);
        leaving.add(FieldGroup.LATENCY, 0.1, 0.3);
        WeightedSums staying = new WeightedSums();
        staying.add(FieldGroup.REQUESTS, 0.2);
        staying.add(FieldGroup.RETRIES, 0.2, 1);
        window.merge(leaving);
        window.merge(staying);
        window.mergeMaxima(leaving);

        assertThat(window.subtract(leaving)).isTrue();
        assertThat(window.count(FieldGroup.LATENCY)).isZero();
        assertThat(window.weight(FieldGroup.LATENCY)).isZero();
        assertThat(window.sum(FieldGroup.LATENCY)).isZero();
        assertThat(window.max(FieldGroup.LATENCY)).isNaN();
        assertThat(window.isPresent(FieldGroup.LATENCY)).isFalse();
        assertThat(window.sum(FieldGroup.RETRIES)).isEqualTo(0.2);

        assertThat(window.subtract(staying)).isFalse();
        assertThat(window).isEqualTo(new WeightedSums());
    }

    @Test
    void aGroupIsWrittenAsItsCountThenItsSlotsAndCorruptCountsAreRefused() {
        WeightedSums s = new WeightedSums();
        s.add(FieldGroup.COST, 2, 0.5);
        ByteBuffer out = ByteBuffer.allocate(WeightedSumsCodec.encodedSize(s, FieldGroup.COST));
        WeightedSumsCodec.encode(out, s, FieldGroup.COST);
        assertThat(out.array()).containsExactly(1, 4, 2, 1, 0x3f, 0xe0, 0, 0, 0, 0, 0, 0); // 1, w 2, sum 1, max 0.5

        WeightedSums read = new WeightedSums();
        WeightedSumsCodec.readFrom(ByteBuffer.wrap(out.array()), read, FieldGroup.COST);
        assertThat(read).isEqualTo(s);
        byte[] negative = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
            (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01};
        assertThatThrownBy(() -> WeightedSumsCodec.readFrom(ByteBuffer.wrap(negative), read, FieldGroup.COST))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cost count");
    }
}
