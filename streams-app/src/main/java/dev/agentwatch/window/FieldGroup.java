package dev.agentwatch.window;

/**
 * The field groups of a slice, in the order the slice format writes them. A group is the raw count of the
 * events that reported its field(s), its weighted sums over those events and, for some, the largest
 * per-event total of its values. A weighted group's first sum is the events' weight (the denominator of its
 * means); its other sums are {@code weight * value}. {@link WeightedSums} holds the numbers of every group; a
 * group only names its slots there.
 *
 * <p>Each group occupies a run of slots: its sums, then its maximum if it keeps one. That run is also its
 * wire form after the count ({@link WeightedSumsCodec}).
 */
enum FieldGroup {

    // (presence bit in the slice format, name of the count, weighted, value sums, keeps a maximum)
    /** All events; the weight is the weighted number of requests. */
    REQUESTS(1, "raw count", true, 0, false),
    /** Failed events (success = false); written with REQUESTS. */
    ERRORS(1, "raw errors", true, 0, false),
    /** Events reporting tokens_in or tokens_out (the missing one counts as 0); max of in + out per event. */
    TOKENS(1 << 1, "tokens count", true, 2, true),
    CACHE_READ(1 << 2, "cache read count", false, 1, false),
    LATENCY(1 << 3, "latency count", true, 1, true),
    COST(1 << 4, "cost count", true, 1, true),
    /** Events reporting tool_calls. */
    TOOL_CALLS(1 << 5, "tool count", false, 1, false),
    /** Events reporting tool_calls and tool_failures (sums: calls, failures): the success rate's events. */
    TOOLS_AUDITED(1 << 5, "tool audited count", false, 2, false),
    RETRIES(1 << 6, "retries count", true, 1, false);

    // Value sums of the two-valued groups, for WeightedSums.sum(group, i).
    static final int TOKENS_IN = 0;
    static final int TOKENS_OUT = 1;
    static final int AUDITED_CALLS = 0;
    static final int AUDITED_FAILURES = 1;

    /** Groups in wire order; {@code values()} would copy the array on every call. */
    static final FieldGroup[] ALL = values();
    /** Slots of all groups together. */
    static final int SLOTS = RETRIES.end;

    /** Presence bit of the slice format this group is written under. */
    final int bit;
    /** Name of the count in messages about corrupt input. */
    final String countName;
    final boolean weighted;
    /** Number of value sums, besides the weight. */
    final int values;
    /** First slot; the weight's, when weighted. */
    final int first;
    /** Slot of the first value sum. */
    final int firstValue;
    /** One past the last sum. */
    final int sumsEnd;
    /** Slot of the maximum, or -1. */
    final int maxSlot;
    /** One past the group's last slot. */
    final int end;

    FieldGroup(int bit, String countName, boolean weighted, int values, boolean hasMax) {
        this.bit = bit;
        this.countName = countName;
        this.weighted = weighted;
        this.values = values;
        first = Layout.next;
        firstValue = first + (weighted ? 1 : 0);
        sumsEnd = firstValue + values;
        maxSlot = hasMax ? sumsEnd : -1;
        end = sumsEnd + (hasMax ? 1 : 0);
        Layout.next = end;
    }

    boolean hasMax() {
        return maxSlot >= 0;
    }

    /** Hands out slots in declaration order: an enum's constructor cannot use the enum's own static fields. */
    private static final class Layout {
        private static int next;
    }
}
