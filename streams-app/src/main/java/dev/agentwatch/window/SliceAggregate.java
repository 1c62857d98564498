package dev.agentwatch.window;

import dev.agentwatch.ids.EventIdHash;

import java.nio.ByteBuffer;

/**
 * Mutable aggregate of one agent's events in one time slice, or of a window of slices merged together.
 *
 * <p><b>Weights.</b> Every event carries a weight {@code w = 1 / sample_rate} ({@link #weightForSampleRate});
 * counts and sums are weighted so that rates stay unbiased under producer-side sampling. {@link #rawCount()}
 * is the unweighted number of events, for {@code min_samples}.
 *
 * <p><b>Absent fields.</b> In {@link #add}, a negative integer argument ({@link #ABSENT}, -1) and a NaN
 * double argument mean "the event did not report this field". An optional field's sums and means only cover
 * the events that reported it (its {@link FieldGroup}): tokens_per_request divides by the weight of the
 * requests that reported tokens, not by all requests. A group whose exact raw count of reporting events falls
 * to 0 on {@link #subtract} is reset to exactly 0, so float residue never becomes a phantom value.
 *
 * <p><b>Windows.</b> Sums, weights, counts and the quantile sketches support {@link #merge} and
 * {@link #subtract}, so a running window costs one merge and one subtract per slice. Maxima (latency, tokens,
 * cost, custom metrics) and evidence cannot be subtracted: {@code subtract} leaves maxima as they were (too
 * high once the slice holding the maximum has left) and drops only the leaving slice's own evidence. A caller
 * that needs them exact recomputes them from the window's slices: {@link #resetMaxima()}, then
 * {@link #mergeMaxima(SliceAggregate)} for each slice, which touches only those few fields.
 *
 * <p>Not thread-safe. {@link #add} allocates nothing in the steady state (the sketches may grow their bucket
 * arrays the first time a slice sees a new value range).
 */
public final class SliceAggregate {

    /** First byte of every encoded aggregate. */
    public static final byte FORMAT_VERSION = 1;
    /** Value of an integer field in {@link #add} that the event did not report (any negative value works). */
    public static final int ABSENT = -1;

    /** Its place in its task's list of slices to write before the next commit, or -1 when saved; that list alone sets it. */
    private int unsavedAt = -1;

    /** The counts, sums and maxima of the field groups (package-private for {@link SliceCodec}). */
    final WeightedSums sums = new WeightedSums();
    private final CustomMetrics custom = new CustomMetrics();
    private final Evidence evidence = new Evidence();
    /** Slices remember their events' ids for de-duplication; running windows and buckets do not (no evidence). */
    private final EventIds eventIds = new EventIds();
    private boolean tracksEvidence = true;
    private final SliceSketches sketches;

    /** Bits of {@link #keepSketchesOnly}. */
    public static final int LATENCY_SKETCH = 1;
    public static final int TOKENS_SKETCH = 2;
    public static final int COST_SKETCH = 4;
    public static final int ALL_SKETCHES = LATENCY_SKETCH | TOKENS_SKETCH | COST_SKETCH;

    /**
     * Disables the sketches not in {@code mask}, for a running window whose other percentiles nobody reads:
     * a window sketch spans every value the window saw and is most of its memory.
     */
    public SliceAggregate keepSketchesOnly(int mask) {
        sketches.keepOnly(mask);
        return this;
    }

    /**
     * Starts tracking the sketches in {@code mask} that were disabled (empty from now on), when rules begin to
     * read a percentile: a slice must track every sketch its windows track, or a late event that the window
     * takes would never be subtracted again.
     */
    public SliceAggregate trackSketches(int mask) {
        sketches.track(mask);
        return this;
    }

    /** An empty aggregate whose sketches have the default 1% relative accuracy. */
    public SliceAggregate() {
        this(QuantileSketch.DEFAULT_RELATIVE_ACCURACY);
    }

    public SliceAggregate(double sketchRelativeAccuracy) {
        sketches = new SliceSketches(sketchRelativeAccuracy);
    }

    /**
     * The weight of an event with the given {@code sample_rate}: {@code 1 / sampleRate}, and 1 when the rate
     * is absent (NaN).
     *
     * @throws IllegalArgumentException if the rate is outside (0, 1]
     */
    public static double weightForSampleRate(double sampleRate) {
        if (sampleRate != sampleRate) {
            return 1.0;
        }
        if (!(sampleRate > 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("sample_rate must be in (0, 1]: " + sampleRate);
        }
        return 1.0 / sampleRate;
    }

    /**
     * Adds one event; each argument after {@code success} is the event's field of that name ({@code tokensIn}
     * is tokens_in, ...). Integer fields: negative ({@link #ABSENT}) = not reported; double fields: NaN = not
     * reported. Nothing is changed if an argument is invalid.
     *
     * @param weight 1 / sample_rate, finite and > 0
     * @param latencyMs latency_ms, finite and >= 0, or NaN
     * @param costUsd cost_usd (reported or priced), finite and >= 0, or NaN
     * @param toolFailures tool_failures; only counted when toolCalls is reported
     * @throws IllegalArgumentException on a non-positive or non-finite weight, or a negative or infinite
     *     latency or cost (callers validate events before; this guards the state)
     */
    public void add(double weight, boolean success, long tokensIn, long tokensOut, long cacheReadTokens,
            double latencyMs, double costUsd, int toolCalls, int toolFailures, int retries) {
        FieldChecks.checkWeight(weight);
        FieldChecks.checkNonNegative("latency_ms", latencyMs);
        FieldChecks.checkNonNegative("cost_usd", costUsd);
        sums.add(FieldGroup.REQUESTS, weight);
        if (!success) {
            sums.add(FieldGroup.ERRORS, weight);
        }
        if (tokensIn >= 0 || tokensOut >= 0) {
            long in = Math.max(tokensIn, 0);
            long out = Math.max(tokensOut, 0);
            double total = (double) in + (double) out;
            sums.add(FieldGroup.TOKENS, weight, in, out);
            sketches.tokens.add(total, weight);
        }
        if (cacheReadTokens >= 0) {
            sums.add(FieldGroup.CACHE_READ, weight, cacheReadTokens);
        }
        if (latencyMs == latencyMs) {
            sums.add(FieldGroup.LATENCY, weight, latencyMs);
            sketches.latency.add(latencyMs, weight);
        }
        if (costUsd == costUsd) {
            sums.add(FieldGroup.COST, weight, costUsd);
            sketches.cost.add(costUsd, weight);
        }
        if (toolCalls >= 0) {
            sums.add(FieldGroup.TOOL_CALLS, weight, toolCalls);
            if (toolFailures >= 0) {
                sums.add(FieldGroup.TOOLS_AUDITED, weight, toolCalls, toolFailures);
            }
        }
        if (retries >= 0) {
            sums.add(FieldGroup.RETRIES, weight, retries);
        }
    }

    /**
     * Adds one entry of an event's {@code metrics} map, with the event's weight. Call it alongside
     * {@link #add} for the same event: an aggregate whose events have all been subtracted is cleared whole.
     *
     * @throws IllegalArgumentException if value is not finite or weight is not finite and > 0
     */
    public void addCustomMetric(String name, double value, double weight) {
        FieldChecks.checkCustomMetric(name, value);
        FieldChecks.checkWeight(weight);
        custom.add(name, value, weight);
    }

    /**
     * Offers an event (also passed to {@link #add}) as evidence; the newest {@value Evidence#CAPACITY} by
     * timestamp are kept. The strings are kept by reference, not copied.
     */
    public void addEvidence(String eventId, String traceId, long timestampMs) {
        if (tracksEvidence) {
            evidence.add(eventId, traceId, timestampMs);
        }
    }

    /**
     * Stops keeping evidence, for running windows: keeping the newest events of a window through every merge
     * and subtract costs more than taking them from the newest slices when an alert needs them.
     */
    public SliceAggregate withoutEvidence() {
        evidence.clear();
        eventIds.clear();
        tracksEvidence = false;
        return this;
    }

    /** Adds everything of {@code other} (same sketch accuracy required) to this aggregate. */
    public void merge(SliceAggregate other) {
        if (other == this) {
            throw new IllegalArgumentException("cannot merge an aggregate into itself");
        }
        sketches.merge(other.sketches); // first: throws on an accuracy mismatch before any change
        sums.merge(other.sums);
        custom.merge(other.custom);
        mergeMaxima(other);
    }

    /**
     * Removes {@code other}, which must have been merged into this aggregate before. Maxima are left as they
     * were and evidence loses only {@code other}'s entries (see the class doc); everything else is exact up
     * to float rounding, and exactly empty once everything merged has been subtracted.
     */
    public void subtract(SliceAggregate other) {
        if (other == this || !sums.subtract(other.sums)) {
            clear(); // window empty: drop all residue at once
            return;
        }
        sketches.subtract(other.sketches, sums);
        custom.subtract(other.custom);
        if (tracksEvidence) {
            evidence.subtract(other.evidence);
        }
    }

    /** Drops the evidence and event ids only, for summaries that outlive what they serve (baseline buckets). */
    public void clearEvidence() {
        evidence.clear();
        eventIds.clear();
    }

    /**
     * Remembers an event's id hash ({@link EventIdHash}) before the event is added; false if this slice already
     * took an event with that id (a retry, to be counted once). Aggregates without evidence remember nothing.
     */
    public boolean rememberEventId(long idHash) {
        return !tracksEvidence || eventIds.add(idHash);
    }

    /**
     * Replaces the three sketches' contents with copies of the given ones (their accuracy included), leaving
     * sums, counts and maxima alone: for summaries that keep a reduced sketch answering only some quantiles
     * (the baseline's sealed buckets). Such an aggregate must not be merged into or subtracted from others.
     */
    public void replaceSketches(QuantileSketch latency, QuantileSketch tokens, QuantileSketch cost) {
        sketches.copyFrom(latency, tokens, cost);
    }

    /** Forgets all maxima (to NaN) and all evidence, before {@link #mergeMaxima} over a window's slices. */
    public void resetMaxima() {
        sums.resetMaxima();
        custom.resetMaxima();
        evidence.clear();
    }

    /**
     * Folds {@code other}'s maxima and evidence into this aggregate's, leaving sums alone; custom maxima only
     * for the names this aggregate holds.
     */
    public void mergeMaxima(SliceAggregate other) {
        sums.mergeMaxima(other.sums);
        custom.mergeMaxima(other.custom);
        if (tracksEvidence) {
            evidence.merge(other.evidence);
        }
    }

    public void clear() {
        sums.clear();
        sketches.clear();
        custom.clear();
        evidence.clear();
        eventIds.clear();
    }

    /**
     * Empties the aggregate for reuse as another slice, dropping sketch arrays longer than {@code buckets}: one
     * busy slice must not make every later reuse hold its widest range.
     */
    public void clearForReuse(int buckets) {
        clear();
        sketches.clearAndTrim(buckets);
        eventIds.clearAndTrim(buckets * 4);
    }

    /** Makes this aggregate an exact copy of {@code other}, reusing its own arrays. */
    public void copyFrom(SliceAggregate other) {
        if (other == this) {
            return;
        }
        clear();
        sketches.copyFrom(other.latencySketch(), other.tokensSketch(), other.costSketch());
        sums.merge(other.sums); // into zeros: exact copies
        custom.copyFrom(other.custom);
        mergeMaxima(other);
    }

    /** No event has been added (or everything added was subtracted again). */
    public boolean isEmpty() {
        return rawCount() == 0 && custom.isEmpty() && evidence.isEmpty() && eventIds.isEmpty();
    }

    // ---------------------------------------------------------------- getters, by field group

    /** See {@link #unsavedAt}: kept by the streams glue's write-back, which alone knows the store. */
    public int writeBackSlot() { return unsavedAt; }
    public void writeBackSlot(int slot) { unsavedAt = slot; }

    /** Events seen, unweighted. */
    public long rawCount() { return sums.count(FieldGroup.REQUESTS); }
    /** Weighted number of requests: sum of weights. */
    public double requests() { return sums.weight(FieldGroup.REQUESTS); }
    public long rawErrors() { return sums.count(FieldGroup.ERRORS); }
    /** Weighted number of failed requests (success = false). */
    public double errors() { return sums.weight(FieldGroup.ERRORS); }
    /** Events that reported tokens_in or tokens_out. */
    public long tokensCount() { return sums.count(FieldGroup.TOKENS); }
    /** Weight of the events that reported tokens: the denominator of tokens_per_request. */
    public double tokensWeight() { return sums.weight(FieldGroup.TOKENS); }
    public double tokensIn() { return sums.sum(FieldGroup.TOKENS, FieldGroup.TOKENS_IN); }
    public double tokensOut() { return sums.sum(FieldGroup.TOKENS, FieldGroup.TOKENS_OUT); }
    /** Largest tokens_in + tokens_out of one event; NaN if none (see class doc on windows). */
    public double tokensMax() { return sums.max(FieldGroup.TOKENS); }
    public long cacheReadCount() { return sums.count(FieldGroup.CACHE_READ); }
    public double cacheReadTokens() { return sums.sum(FieldGroup.CACHE_READ); }
    public long latencyCount() { return sums.count(FieldGroup.LATENCY); }
    public double latencyWeight() { return sums.weight(FieldGroup.LATENCY); }
    public double latencySum() { return sums.sum(FieldGroup.LATENCY); }
    public double latencyMax() { return sums.max(FieldGroup.LATENCY); }
    public long costCount() { return sums.count(FieldGroup.COST); }
    public double costWeight() { return sums.weight(FieldGroup.COST); }
    public double costSum() { return sums.sum(FieldGroup.COST); }
    public double costMax() { return sums.max(FieldGroup.COST); }
    public long toolCount() { return sums.count(FieldGroup.TOOL_CALLS); }
    /** Weighted sum of tool_calls over the events that reported it. */
    public double toolCalls() { return sums.sum(FieldGroup.TOOL_CALLS); }
    /** Events that reported both tool_calls and tool_failures. */
    public long toolAuditedCount() { return sums.count(FieldGroup.TOOLS_AUDITED); }
    /** Weighted tool calls of the events that also reported tool_failures: the success rate's denominator. */
    public double toolCallsAudited() { return sums.sum(FieldGroup.TOOLS_AUDITED, FieldGroup.AUDITED_CALLS); }
    public double toolFailures() { return sums.sum(FieldGroup.TOOLS_AUDITED, FieldGroup.AUDITED_FAILURES); }
    public long retriesCount() { return sums.count(FieldGroup.RETRIES); }
    public double retriesWeight() { return sums.weight(FieldGroup.RETRIES); }
    public double retries() { return sums.sum(FieldGroup.RETRIES); }
    /** Live view; do not mutate. Values are latency_ms per event. */
    public QuantileSketch latencySketch() { return sketches.latency; }
    /** Live view; do not mutate. Values are tokens_in + tokens_out per event. */
    public QuantileSketch tokensSketch() { return sketches.tokens; }
    /** Live view; do not mutate. Values are cost_usd per event. */
    public QuantileSketch costSketch() { return sketches.cost; }
    public CustomMetrics customMetrics() { return custom; }
    public Evidence evidence() { return evidence; }
    /** The ids this slice remembers. */
    public EventIds eventIds() { return eventIds; }

    // ---------------------------------------------------------------- codec (SliceCodec)

    /** Exact number of bytes {@link #encode} writes. */
    public int encodedSize() {
        return SliceCodec.encodedSize(this);
    }

    /** Writes this aggregate in format {@link #FORMAT_VERSION}; needs {@link #encodedSize()} bytes remaining. */
    public void encode(ByteBuffer out) {
        SliceCodec.encode(this, out);
    }

    /** Decodes an aggregate written by {@link #encode}. */
    public static SliceAggregate decode(ByteBuffer in) {
        SliceAggregate a = new SliceAggregate();
        a.readFrom(in);
        return a;
    }

    /**
     * Replaces this aggregate's state with one written by {@link #encode}, reusing its arrays.
     *
     * @throws IllegalArgumentException (or a BufferUnderflowException) on an unknown version or corrupt input,
     *     after which the state is unspecified until the next {@link #clear()} or successful read
     */
    public void readFrom(ByteBuffer in) {
        SliceCodec.readFrom(this, in);
    }

    /** Field-by-field equality (NaN equals NaN), sketches, custom metrics in any order, and evidence. */
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof SliceAggregate a && sums.equals(a.sums) && custom.equals(a.custom)
                && evidence.equals(a.evidence) && eventIds.equals(a.eventIds) && sketches.equals(a.sketches);
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(rawCount());
        h = 31 * h + Sums.hash(requests());
        h = 31 * h + Long.hashCode(rawErrors());
        h = 31 * h + Sums.hash(tokensIn() + tokensOut());
        h = 31 * h + Sums.hash(latencySum());
        h = 31 * h + Sums.hash(costSum());
        return 31 * h + custom.hashCode();
    }

    @Override
    public String toString() {
        return "SliceAggregate{raw=" + rawCount() + ", requests=" + requests() + ", errors=" + errors()
                + ", tokens(n=" + tokensCount() + ", w=" + tokensWeight() + ", in=" + tokensIn()
                + ", out=" + tokensOut() + ", max=" + tokensMax() + "), cacheRead=" + cacheReadTokens()
                + ", latency(n=" + latencyCount() + ", w=" + latencyWeight() + ", sum=" + latencySum()
                + ", max=" + latencyMax() + "), cost(n=" + costCount() + ", w=" + costWeight()
                + ", sum=" + costSum() + ", max=" + costMax() + "), tools(n=" + toolCount()
                + ", calls=" + toolCalls() + ", audited=" + toolCallsAudited() + ", failures=" + toolFailures()
                + "), retries(n=" + retriesCount() + ", w=" + retriesWeight() + ", sum=" + retries()
                + "), custom=" + custom + ", evidence=" + evidence + ", latencySketch=" + sketches.latency + "}";
    }
}
