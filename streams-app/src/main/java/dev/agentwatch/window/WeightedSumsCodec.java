package dev.agentwatch.window;

import java.nio.ByteBuffer;

/**
 * Wire form of one {@link FieldGroup} of a {@link WeightedSums}, as the slice format writes it: the count as
 * a varint, then each slot of the group (its sums, then its maximum if it keeps one) as a compact double.
 */
final class WeightedSumsCodec {

    private WeightedSumsCodec() {
    }

    static int encodedSize(WeightedSums sums, FieldGroup g) {
        int n = WireFormat.varLongSize(sums.counts[g.ordinal()]);
        for (int i = g.first; i < g.end; i++) {
            n += WireFormat.compactDoubleSize(sums.slots[i]);
        }
        return n;
    }

    static void encode(ByteBuffer out, WeightedSums sums, FieldGroup g) {
        WireFormat.putVarLong(out, sums.counts[g.ordinal()]);
        for (int i = g.first; i < g.end; i++) {
            WireFormat.putCompactDouble(out, sums.slots[i]);
        }
    }

    /** Replaces group {@code g} of {@code sums} with one written by {@link #encode}. */
    static void readFrom(ByteBuffer in, WeightedSums sums, FieldGroup g) {
        sums.counts[g.ordinal()] = WireFormat.getNonNegativeLong(in, g.countName);
        for (int i = g.first; i < g.end; i++) {
            sums.slots[i] = WireFormat.getCompactDouble(in);
        }
    }
}
