package dev.agentwatch.window;

import java.nio.ByteBuffer;

/**
 * The binary form of a {@link SliceAggregate}, as slices are kept in the store and its changelog: the format
 * version, a varint of the groups present, then each present group in a fixed order: the {@link FieldGroup}s
 * ({@link WeightedSumsCodec}), custom metrics, evidence, the three sketches, event ids. Absent groups are
 * empty, so an empty slice is two bytes.
 */
final class SliceCodec {

    // Presence bits after those of the FieldGroups (bits 0 to 6).
    private static final int G_CUSTOM = 1 << 7;
    private static final int G_EVIDENCE = 1 << 8;
    private static final int G_SKETCHES = 1 << 9;
    private static final int G_EVENT_IDS = 1 << 10;
    private static final int G_ALL = (1 << 11) - 1;
    private static final byte[] EMPTY_DEFAULT_SKETCH = {0};

    private SliceCodec() {
    }

    private static int presentGroups(SliceAggregate a) {
        int g = 0;
        for (FieldGroup f : FieldGroup.ALL) {
            // errors are written with their requests, whose count alone decides
            if (f != FieldGroup.ERRORS && a.sums.isPresent(f)) {
                g |= f.bit;
            }
        }
        if (!a.customMetrics().isEmpty()) {
            g |= G_CUSTOM;
        }
        if (!a.evidence().isEmpty()) {
            g |= G_EVIDENCE;
        }
        if (!a.eventIds().isEmpty()) {
            g |= G_EVENT_IDS;
        }
        if (!a.latencySketch().isEmpty() || !a.tokensSketch().isEmpty() || !a.costSketch().isEmpty()
                || a.latencySketch().relativeAccuracy() != QuantileSketch.DEFAULT_RELATIVE_ACCURACY) {
            g |= G_SKETCHES;
        }
        return g;
    }

    static int encodedSize(SliceAggregate a) {
        int g = presentGroups(a);
        int n = 1 + WireFormat.varLongSize(g);
        for (FieldGroup f : FieldGroup.ALL) {
            if ((g & f.bit) != 0) {
                n += WeightedSumsCodec.encodedSize(a.sums, f);
            }
        }
        if ((g & G_CUSTOM) != 0) {
            n += a.customMetrics().encodedSize();
        }
        if ((g & G_EVIDENCE) != 0) {
            n += a.evidence().encodedSize();
        }
        if ((g & G_SKETCHES) != 0) {
            n += a.latencySketch().encodedSize() + a.tokensSketch().encodedSize() + a.costSketch().encodedSize();
        }
        if ((g & G_EVENT_IDS) != 0) {
            n += a.eventIds().encodedSize();
        }
        return n;
    }

    static void encode(SliceAggregate a, ByteBuffer out) {
        int g = presentGroups(a);
        out.put(SliceAggregate.FORMAT_VERSION);
        WireFormat.putVarLong(out, g);
        for (FieldGroup f : FieldGroup.ALL) {
            if ((g & f.bit) != 0) {
                WeightedSumsCodec.encode(out, a.sums, f);
            }
        }
        if ((g & G_CUSTOM) != 0) {
            a.customMetrics().encode(out);
        }
        if ((g & G_EVIDENCE) != 0) {
            a.evidence().encode(out);
        }
        if ((g & G_SKETCHES) != 0) {
            a.latencySketch().encode(out);
            a.tokensSketch().encode(out);
            a.costSketch().encode(out);
        }
        if ((g & G_EVENT_IDS) != 0) {
            a.eventIds().encode(out);
        }
    }

    static void readFrom(SliceAggregate a, ByteBuffer in) {
        byte version = in.get();
        if (version != SliceAggregate.FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported slice format version " + version);
        }
        long g = WireFormat.getVarLong(in);
        if ((g & ~G_ALL) != 0) {
            throw new IllegalArgumentException("corrupt slice: unknown field groups " + g);
        }
        a.clear();
        for (FieldGroup f : FieldGroup.ALL) {
            if ((g & f.bit) != 0) {
                WeightedSumsCodec.readFrom(in, a.sums, f);
            }
        }
        if ((g & G_CUSTOM) != 0) {
            a.customMetrics().readFrom(in);
        }
        if ((g & G_EVIDENCE) != 0) {
            a.evidence().readFrom(in);
        }
        if ((g & G_SKETCHES) != 0) {
            a.latencySketch().readFrom(in);
            a.tokensSketch().readFrom(in);
            a.costSketch().readFrom(in);
        } else if (a.latencySketch().relativeAccuracy() != QuantileSketch.DEFAULT_RELATIVE_ACCURACY) {
            // absent means empty sketches of the default accuracy
            a.latencySketch().readFrom(ByteBuffer.wrap(EMPTY_DEFAULT_SKETCH));
            a.tokensSketch().readFrom(ByteBuffer.wrap(EMPTY_DEFAULT_SKETCH));
            a.costSketch().readFrom(ByteBuffer.wrap(EMPTY_DEFAULT_SKETCH));
        }
        if ((g & G_EVENT_IDS) != 0) {
            a.eventIds().readFrom(in);
        }
    }
}
