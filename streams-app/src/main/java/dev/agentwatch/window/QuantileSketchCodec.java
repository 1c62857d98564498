package dev.agentwatch.window;

import java.nio.ByteBuffer;

/**
 * The binary form of a {@link QuantileSketch}, as slices keep it in RocksDB and on changelog topics: it must
 * stay byte for byte what earlier versions wrote (QuantileSketchBytesTest pins it).
 *
 * <p>Layout: flags byte; [accuracy raw double, maxBuckets varint] if not the defaults; [zero weight] if any;
 * [floor zigzag] if collapsed; [lowest index zigzag, bucket count, then per non-empty bucket: gap to the
 * previous one, weight] if any buckets. Weights are compact doubles (1-2 bytes when whole numbers).
 */
final class QuantileSketchCodec {

    private static final int FLAG_CONFIG = 1;
    private static final int FLAG_ZERO = 2;
    private static final int FLAG_BUCKETS = 4;
    private static final int FLAG_COLLAPSED = 8;

    // |ln(Double.MAX_VALUE)| / ln(gamma at the finest accuracy) is about 3.6e8: real indices stay below 2^30.
    private static final int MAX_ABS_INDEX = 1 << 30;

    private QuantileSketchCodec() {
    }

    /** Exact number of bytes {@link #encode} writes. */
    static int encodedSize(QuantileSketch s) {
        int size = 1;
        if (!hasDefaultConfig(s)) {
            size += 8 + WireFormat.varLongSize(s.maxBuckets);
        }
        if (s.zeroCount != 0) {
            size += WireFormat.compactDoubleSize(s.zeroCount);
        }
        if (s.floor != Integer.MIN_VALUE) {
            size += WireFormat.varLongSize(WireFormat.zigzag(s.floor));
        }
        if (s.minIndex <= s.maxIndex) {
            size += WireFormat.varLongSize(WireFormat.zigzag(s.minIndex));
            int n = 0;
            int next = s.minIndex;
            for (int i = s.minIndex; i <= s.maxIndex; i++) {
                double c = s.counts[i - s.offset];
                if (c != 0) {
                    n++;
                    size += WireFormat.varLongSize(i - next) + WireFormat.compactDoubleSize(c);
                    next = i + 1;
                }
            }
            size += WireFormat.varLongSize(n);
        }
        return size;
    }

    static void encode(QuantileSketch s, ByteBuffer out) {
        int flags = (hasDefaultConfig(s) ? 0 : FLAG_CONFIG) | (s.zeroCount != 0 ? FLAG_ZERO : 0)
                | (s.minIndex <= s.maxIndex ? FLAG_BUCKETS : 0) | (s.floor != Integer.MIN_VALUE ? FLAG_COLLAPSED : 0);
        out.put((byte) flags);
        if ((flags & FLAG_CONFIG) != 0) {
            WireFormat.putRawDouble(out, s.relativeAccuracy());
            WireFormat.putVarLong(out, s.maxBuckets);
        }
        if ((flags & FLAG_ZERO) != 0) {
            WireFormat.putCompactDouble(out, s.zeroCount);
        }
        if ((flags & FLAG_COLLAPSED) != 0) {
            WireFormat.putVarLong(out, WireFormat.zigzag(s.floor));
        }
        if ((flags & FLAG_BUCKETS) != 0) {
            WireFormat.putVarLong(out, WireFormat.zigzag(s.minIndex));
            WireFormat.putVarLong(out, s.nonEmptyBuckets());
            int next = s.minIndex;
            for (int i = s.minIndex; i <= s.maxIndex; i++) {
                double c = s.counts[i - s.offset];
                if (c != 0) {
                    WireFormat.putVarLong(out, i - next);
                    WireFormat.putCompactDouble(out, c);
                    next = i + 1;
                }
            }
        }
    }

    /**
     * Replaces {@code s}'s whole state, accuracy included, with one written by {@link #encode}, reusing its
     * bucket array; see {@link QuantileSketch#readFrom} for what corrupt input leaves.
     */
    static void read(ByteBuffer in, QuantileSketch s) {
        s.clear();
        int flags = in.get() & 0xFF;
        if ((flags & ~(FLAG_CONFIG | FLAG_ZERO | FLAG_BUCKETS | FLAG_COLLAPSED)) != 0) {
            throw new IllegalArgumentException("corrupt sketch flags " + flags);
        }
        double accuracy = QuantileSketch.DEFAULT_RELATIVE_ACCURACY;
        int cap = QuantileSketch.DEFAULT_MAX_BUCKETS;
        if ((flags & FLAG_CONFIG) != 0) {
            accuracy = WireFormat.getRawDouble(in);
            cap = WireFormat.getCount(in, QuantileSketch.MAX_MAX_BUCKETS, "sketch bucket cap");
        }
        s.reconfigure(accuracy, cap);
        double zero = 0;
        if ((flags & FLAG_ZERO) != 0) {
            zero = readWeight(in);
        }
        int decodedFloor = Integer.MIN_VALUE;
        if ((flags & FLAG_COLLAPSED) != 0) {
            decodedFloor = readIndex(in);
        }
        double total = zero;
        if ((flags & FLAG_BUCKETS) != 0) {
            int lo = readIndex(in);
            if (lo < decodedFloor) {
                throw new IllegalArgumentException("corrupt sketch: bucket below the collapse floor");
            }
            int maxBuckets = s.maxBuckets;
            int n = WireFormat.getCount(in, maxBuckets, "sketch bucket count");
            if (n == 0) {
                throw new IllegalArgumentException("corrupt sketch: bucket section without buckets");
            }
            int i = lo - 1;
            for (int k = 0; k < n; k++) {
                int gap = WireFormat.getCount(in, maxBuckets, "sketch bucket gap");
                if (k == 0 && gap != 0) {
                    throw new IllegalArgumentException("corrupt sketch: first bucket is not the lowest index");
                }
                i = i + 1 + gap;
                if ((long) i - lo >= maxBuckets || i > MAX_ABS_INDEX) {
                    throw new IllegalArgumentException("corrupt sketch: bucket span exceeds " + maxBuckets);
                }
                double c = readWeight(in);
                if (c == 0) {
                    throw new IllegalArgumentException("corrupt sketch: empty bucket listed");
                }
                s.putRead(lo, i, c);
                total += c;
            }
        }
        s.restoreWeights(zero, decodedFloor, total);
    }

    private static double readWeight(ByteBuffer in) {
        double w = WireFormat.getCompactDouble(in);
        if (!(w >= 0) || w == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("corrupt sketch weight " + w);
        }
        return w;
    }

    private static int readIndex(ByteBuffer in) {
        long v = WireFormat.unzigzag(WireFormat.getVarLong(in));
        if (v < -MAX_ABS_INDEX || v > MAX_ABS_INDEX) {
            throw new IllegalArgumentException("corrupt sketch bucket index " + v);
        }
        return (int) v;
    }

    private static boolean hasDefaultConfig(QuantileSketch s) {
        return s.relativeAccuracy() == QuantileSketch.DEFAULT_RELATIVE_ACCURACY
                && s.maxBuckets == QuantileSketch.DEFAULT_MAX_BUCKETS;
    }
}
