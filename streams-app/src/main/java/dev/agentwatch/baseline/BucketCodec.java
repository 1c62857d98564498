package dev.agentwatch.baseline;

import dev.agentwatch.window.SliceAggregate;

import java.nio.ByteBuffer;

/**
 * Values of the baseline bucket store: {@code [format version][state][SliceAggregate encoding]}. An open
 * bucket (still taking slices) stores its whole aggregate without evidence; a sealed one stores the
 * aggregate after {@link SketchReduction}, which is what makes 30 days of buckets small.
 *
 * <p>A sealed bucket is small (reduced sketches), an open one keeps whole sketches. Bounds are in
 * {@link AgentBaseline}; measured sizes in the README (Benchmarks, state sizes).
 *
 * <p>Version 1 is the same layout with sealed sketches weighted for the earlier quantile rank (the first
 * value whose cumulative weight exceeds the rank); {@link #current} upgrades such a value when it is restored.
 */
public final class BucketCodec {

    public static final byte FORMAT_VERSION = 2;
    static final byte VERSION_1 = 1;
    static final byte OPEN = 0;
    static final byte SEALED = 1;
    static final int HEADER = 2;

    private BucketCodec() {
    }

    /** Encodes an open bucket's aggregate (its evidence must already be cleared to keep it small). */
    public static byte[] encodeOpen(SliceAggregate bucket) {
        return encode(bucket, OPEN);
    }

    /** Encodes a bucket aggregate already reduced by {@link SketchReduction#reduce(SliceAggregate)}. */
    static byte[] encodeSealed(SliceAggregate reduced) {
        return encode(reduced, SEALED);
    }

    private static byte[] encode(SliceAggregate bucket, byte state) {
        ByteBuffer out = ByteBuffer.allocate(HEADER + bucket.encodedSize());
        out.put(FORMAT_VERSION).put(state);
        bucket.encode(out);
        return out.array();
    }

    /** @throws IllegalArgumentException on an unknown version or state */
    public static boolean isSealed(byte[] value) {
        if (value.length < HEADER || (value[0] != FORMAT_VERSION && value[0] != VERSION_1)) {
            throw new IllegalArgumentException("unsupported baseline bucket format");
        }
        if (value[1] != OPEN && value[1] != SEALED) {
            throw new IllegalArgumentException("corrupt baseline bucket state " + value[1]);
        }
        return value[1] == SEALED;
    }

    /**
     * The value in the current format: itself, or a version-1 value re-encoded (a sealed one with its sketches
     * re-weighted, {@link SketchReduction#fromVersion1}; an open one holds whole sketches and only changes header).
     */
    static byte[] current(byte[] value) {
        boolean sealed = isSealed(value);
        if (value[0] == FORMAT_VERSION) {
            return value;
        }
        SliceAggregate a = new SliceAggregate();
        read(value, a);
        if (!sealed) {
            return encodeOpen(a);
        }
        SketchReduction.fromVersion1(a);
        return encodeSealed(a);
    }

    public static SliceAggregate decode(byte[] value) {
        SliceAggregate a = new SliceAggregate();
        decodeInto(value, a);
        return a;
    }

    /** Replaces {@code into}'s state with the bucket's aggregate, reusing its arrays. */
    public static void decodeInto(byte[] value, SliceAggregate into) {
        isSealed(value); // validates the header
        if (value[0] != FORMAT_VERSION) {
            throw new IllegalArgumentException("baseline bucket of format " + value[0] + ": upgrade it first (current)");
        }
        read(value, into);
    }

    private static void read(byte[] value, SliceAggregate into) {
        ByteBuffer in = ByteBuffer.wrap(value, HEADER, value.length - HEADER);
        into.readFrom(in);
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("corrupt baseline bucket: " + in.remaining() + " trailing bytes");
        }
    }
}
