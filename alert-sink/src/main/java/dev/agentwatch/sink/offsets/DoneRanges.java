package dev.agentwatch.sink.offsets;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;

/**
 * Which offsets above a committed position were already done, written into the commit's metadata. The committed
 * position is the lowest offset not yet done, so without this a restart would deliver again everything done
 * after it (for example while one group waits for its {@code group_wait}); with it a restart skips those and
 * repeats only what was in flight. Format: {@code v1:} then {@code start+length} pairs relative to the committed
 * position. Kept under the broker's metadata limit by dropping the farthest ranges: a dropped range only
 * means duplicates, never loss.
 */
public final class DoneRanges {

    /** Kafka's default {@code offset.metadata.max.bytes} is 4096. */
    static final int MAX_CHARS = 3_500;
    private static final String PREFIX = "v1:";

    /** A half-open range of offsets {@code [from, to)}. */
    public record Range(long from, long to) {
        boolean contains(long offset) {
            return offset >= from && offset < to;
        }
    }

    private final List<Range> ranges;

    private DoneRanges(List<Range> ranges) {
        this.ranges = ranges;
    }

    public static final DoneRanges NONE = new DoneRanges(List.of());

    /** Everything in {@code [base, next)} that is not pending is done. */
    public static String encode(long base, NavigableSet<Long> pending, long next) {
        StringBuilder sb = new StringBuilder(PREFIX);
        long cursor = base;
        for (Long p : pending.tailSet(base, true)) {
            if (!append(sb, base, cursor, p)) {
                return sb.toString();
            }
            cursor = p + 1;
        }
        append(sb, base, cursor, next);
        return sb.toString();
    }

    private static boolean append(StringBuilder sb, long base, long from, long to) {
        if (to <= from) {
            return true;
        }
        String item = (from - base) + "+" + (to - from);
        if (sb.length() + item.length() + 1 > MAX_CHARS) {
            return false;
        }
        if (sb.length() > PREFIX.length()) {
            sb.append(',');
        }
        sb.append(item);
        return true;
    }

    /** Unknown or malformed metadata means nothing is known to be done (so nothing is skipped). */
    public static DoneRanges decode(long base, String metadata) {
        if (metadata == null || !metadata.startsWith(PREFIX) || metadata.length() == PREFIX.length()) {
            return NONE;
        }
        List<Range> out = new ArrayList<>();
        try {
            for (String item : metadata.substring(PREFIX.length()).split(",")) {
                int plus = item.indexOf('+');
                long from = base + Long.parseLong(item.substring(0, plus));
                long length = Long.parseLong(item.substring(plus + 1));
                if (length > 0) {
                    out.add(new Range(from, from + length));
                }
            }
        } catch (RuntimeException malformed) {
            return NONE;
        }
        return new DoneRanges(List.copyOf(out));
    }

    public boolean contains(long offset) {
        for (Range r : ranges) {
            if (r.contains(offset)) {
                return true;
            }
        }
        return false;
    }

    public List<Range> ranges() {
        return ranges;
    }
}
