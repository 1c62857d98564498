package dev.agentwatch.window;

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
 * the events that reported it: tokens_per_request divides by the weight of the requests that reported tokens,
 * not by all requests. Each optional group keeps an exact raw count of reporting events; when it falls to 0
 * on {@link #subtract} the group's weighted sums are reset to exactly 0, so float residue never becomes a
 * phantom value.
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

    /**
     * Index in the agent processor's list of slices changed since they were last written to the store (written
     * before the next commit), or -1.
     */
    private int unsavedAt = -1;

    // Presence bits of the encoded groups: an empty slice encodes as two bytes.
    private static final int G_BASE = 1;
    private static final int G_TOKENS = 1 << 1;
    private static final int G_CACHE = 1 << 2;
    private static final int G_LATENCY = 1 << 3;
    private static final int G_COST = 1 << 4;
    private static final int G_TOOLS = 1 << 5;
    private static final int G_RETRIES = 1 << 6;
    private static final int G_CUSTOM = 1 << 7;
    private static final int G_EVIDENCE = 1 << 8;
    private static final int G_SKETCHES = 1 << 9;
    private static final int G_EVENT_IDS = 1 << 10;
    private static final int G_ALL = (1 << 11) - 1;
    private static final byte[] EMPTY_DEFAULT_SKETCH = {0};

    private long rawCount;
    private double requests;
    private long rawErrors;
    private double errors;

    // Tokens: events reporting tokens_in or tokens_out (the missing one counts as 0 in their total).
    private long tokensCount;
    private double tokensWeight;
    private double tokensIn;
    private double tokensOut;
    private double tokensMax = Double.NaN; // of tokens_in + tokens_out per event

    private long cacheReadCount;
    private double cacheReadTokens;

    private long latencyCount;
    private double latencyWeight;
    private double latencySum;
    private double latencyMax = Double.NaN;

    private long costCount;
    private double costWeight;
    private double costSum;
    private double costMax = Double.NaN;

    // Tool calls: all events reporting tool_calls; the success rate only uses those also reporting failures.
    private long toolCount;
    private double toolCalls;
    private long toolAuditedCount;
    private double toolCallsAudited;
    private double toolFailures;

    private long retriesCount;
    private double retriesWeight;
    private double retries;

    private final CustomMetrics custom = new CustomMetrics();
    private final Evidence evidence = new Evidence();
    /** Slices remember their events' ids for de-duplication; running windows and buckets do not (no evidence). */
    private final EventIds eventIds = new EventIds();
    private boolean tracksEvidence = true;
    private final QuantileSketch latencySketch;
    private final QuantileSketch tokensSketch;
    private final QuantileSketch costSketch;

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
        if ((mask & LATENCY_SKETCH) == 0) {
            latencySketch.disable();
        }
        if ((mask & TOKENS_SKETCH) == 0) {
            tokensSketch.disable();
        }
        if ((mask & COST_SKETCH) == 0) {
            costSketch.disable();
        }
        return this;
    }

    /**
     * Starts tracking the sketches in {@code mask} that were disabled (empty from now on), when rules begin to
     * read a percentile: a slice must track every sketch its windows track, or a late event that the window
     * takes would never be subtracted again.
     */
    public SliceAggregate trackSketches(int mask) {
        if ((mask & LATENCY_SKETCH) != 0 && latencySketch.isDisabled()) {
            latencySketch.enable();
        }
        if ((mask & TOKENS_SKETCH) != 0 && tokensSketch.isDisabled()) {
            tokensSketch.enable();
        }
        if ((mask & COST_SKETCH) != 0 && costSketch.isDisabled()) {
            costSketch.enable();
        }
        return this;
    }

    /** An empty aggregate whose sketches have the default 1% relative accuracy. */
    public SliceAggregate() {
        this(QuantileSketch.DEFAULT_RELATIVE_ACCURACY);
    }

    public SliceAggregate(double sketchRelativeAccuracy) {
        latencySketch = new QuantileSketch(sketchRelativeAccuracy);
        tokensSketch = new QuantileSketch(sketchRelativeAccuracy);
        costSketch = new QuantileSketch(sketchRelativeAccuracy);
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
     * Adds one event. Integer fields: negative ({@link #ABSENT}) = not reported; double fields: NaN = not
     * reported. Nothing is changed if an argument is invalid.
     *
     * @param weight 1 / sample_rate, finite and > 0
     * @param tokensIn tokens_in
     * @param tokensOut tokens_out
     * @param cacheReadTokens cache_read_tokens
     * @param latencyMs latency_ms, finite and >= 0, or NaN
     * @param costUsd cost_usd (reported or priced), finite and >= 0, or NaN
     * @param toolCalls tool_calls
     * @param toolFailures tool_failures; only counted when toolCalls is reported
     * @param retries retries
     * @throws IllegalArgumentException on a non-positive or non-finite weight, or a negative or infinite
     *     latency or cost (callers validate events before; this guards the state)
     */
    public void add(double weight, boolean success, long tokensIn, long tokensOut, long cacheReadTokens,
            double latencyMs, double costUsd, int toolCalls, int toolFailures, int retries) {
        if (!(weight > 0) || weight == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("weight must be finite and > 0: " + weight);
        }
        if (latencyMs < 0 || latencyMs == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("latency_ms must be finite and >= 0: " + latencyMs);
        }
        if (costUsd < 0 || costUsd == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("cost_usd must be finite and >= 0: " + costUsd);
        }
        rawCount++;
        requests += weight;
        if (!success) {
            rawErrors++;
            errors += weight;
        }
        if (tokensIn >= 0 || tokensOut >= 0) {
            long in = Math.max(tokensIn, 0);
            long out = Math.max(tokensOut, 0);
            double total = (double) in + (double) out;
            tokensCount++;
            tokensWeight += weight;
            this.tokensIn += weight * in;
            this.tokensOut += weight * out;
            tokensMax = Sums.max(tokensMax, total);
            tokensSketch.add(total, weight);
        }
        if (cacheReadTokens >= 0) {
            cacheReadCount++;
            this.cacheReadTokens += weight * cacheReadTokens;
        }
        if (latencyMs == latencyMs) {
            latencyCount++;
            latencyWeight += weight;
            latencySum += weight * latencyMs;
            latencyMax = Sums.max(latencyMax, latencyMs);
            latencySketch.add(latencyMs, weight);
        }
        if (costUsd == costUsd) {
            costCount++;
            costWeight += weight;
            costSum += weight * costUsd;
            costMax = Sums.max(costMax, costUsd);
            costSketch.add(costUsd, weight);
        }
        if (toolCalls >= 0) {
            toolCount++;
            this.toolCalls += weight * toolCalls;
            if (toolFailures >= 0) {
                toolAuditedCount++;
                toolCallsAudited += weight * toolCalls;
                this.toolFailures += weight * toolFailures;
            }
        }
        if (retries >= 0) {
            retriesCount++;
            retriesWeight += weight;
            this.retries += weight * retries;
        }
    }

    /**
     * Adds one entry of an event's {@code metrics} map, with the event's weight. Call it alongside
     * {@link #add} for the same event: an aggregate whose events have all been subtracted is cleared whole.
     *
     * @throws IllegalArgumentException if value is not finite or weight is not finite and > 0
     */
    public void addCustomMetric(String name, double value, double weight) {
        if (name == null) {
            throw new IllegalArgumentException("custom metric name is null");
        }
        if (value != value || value == Double.POSITIVE_INFINITY || value == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("custom metric " + name + " must be finite: " + value);
        }
        if (!(weight > 0) || weight == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("weight must be finite and > 0: " + weight);
        }
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
        latencySketch.merge(other.latencySketch); // first: throws on an accuracy mismatch before any change
        tokensSketch.merge(other.tokensSketch);
        costSketch.merge(other.costSketch);
        mergeSums(other);
        custom.merge(other.custom);
        mergeMaxima(other);
    }

    private void mergeSums(SliceAggregate other) {
        rawCount += other.rawCount;
        requests += other.requests;
        rawErrors += other.rawErrors;
        errors += other.errors;
        tokensCount += other.tokensCount;
        tokensWeight += other.tokensWeight;
        tokensIn += other.tokensIn;
        tokensOut += other.tokensOut;
        cacheReadCount += other.cacheReadCount;
        cacheReadTokens += other.cacheReadTokens;
        latencyCount += other.latencyCount;
        latencyWeight += other.latencyWeight;
        latencySum += other.latencySum;
        costCount += other.costCount;
        costWeight += other.costWeight;
        costSum += other.costSum;
        toolCount += other.toolCount;
        toolCalls += other.toolCalls;
        toolAuditedCount += other.toolAuditedCount;
        toolCallsAudited += other.toolCallsAudited;
        toolFailures += other.toolFailures;
        retriesCount += other.retriesCount;
        retriesWeight += other.retriesWeight;
        retries += other.retries;
    }

    /**
     * Removes {@code other}, which must have been merged into this aggregate before. Maxima are left as they
     * were and evidence loses only {@code other}'s entries (see the class doc); everything else is exact up
     * to float rounding, and exactly empty once everything merged has been subtracted.
     */
    public void subtract(SliceAggregate other) {
        if (other == this) {
            clear();
            return;
        }
        rawCount -= other.rawCount;
        if (rawCount <= 0) {
            clear(); // window empty: drop all residue at once
            return;
        }
        requests = Sums.subtractNonNegative(requests, other.requests);
        rawErrors -= other.rawErrors;
        if (rawErrors <= 0) {
            rawErrors = 0;
            errors = 0;
        } else {
            errors = Sums.subtractNonNegative(errors, other.errors);
        }
        tokensCount -= other.tokensCount;
        if (tokensCount <= 0) {
            clearTokens();
        } else {
            tokensWeight = Sums.subtractNonNegative(tokensWeight, other.tokensWeight);
            tokensIn = Sums.subtractNonNegative(tokensIn, other.tokensIn);
            tokensOut = Sums.subtractNonNegative(tokensOut, other.tokensOut);
            tokensSketch.subtract(other.tokensSketch);
        }
        cacheReadCount -= other.cacheReadCount;
        if (cacheReadCount <= 0) {
            cacheReadCount = 0;
            cacheReadTokens = 0;
        } else {
            cacheReadTokens = Sums.subtractNonNegative(cacheReadTokens, other.cacheReadTokens);
        }
        latencyCount -= other.latencyCount;
        if (latencyCount <= 0) {
            clearLatency();
        } else {
            latencyWeight = Sums.subtractNonNegative(latencyWeight, other.latencyWeight);
            latencySum = Sums.subtractNonNegative(latencySum, other.latencySum);
            latencySketch.subtract(other.latencySketch);
        }
        costCount -= other.costCount;
        if (costCount <= 0) {
            clearCost();
        } else {
            costWeight = Sums.subtractNonNegative(costWeight, other.costWeight);
            costSum = Sums.subtractNonNegative(costSum, other.costSum);
            costSketch.subtract(other.costSketch);
        }
        toolCount -= other.toolCount;
        if (toolCount <= 0) {
            toolCount = 0;
            toolCalls = 0;
        } else {
            toolCalls = Sums.subtractNonNegative(toolCalls, other.toolCalls);
        }
        toolAuditedCount -= other.toolAuditedCount;
        if (toolAuditedCount <= 0) {
            toolAuditedCount = 0;
            toolCallsAudited = 0;
            toolFailures = 0;
        } else {
            toolCallsAudited = Sums.subtractNonNegative(toolCallsAudited, other.toolCallsAudited);
            toolFailures = Sums.subtractNonNegative(toolFailures, other.toolFailures);
        }
        retriesCount -= other.retriesCount;
        if (retriesCount <= 0) {
            retriesCount = 0;
            retriesWeight = 0;
            retries = 0;
        } else {
            retriesWeight = Sums.subtractNonNegative(retriesWeight, other.retriesWeight);
            retries = Sums.subtractNonNegative(retries, other.retries);
        }
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

    /** The ids this slice remembers. */
    public EventIds eventIds() {
        return eventIds;
    }

    /**
     * Replaces the three sketches' contents with copies of the given ones (their accuracy included), leaving
     * sums, counts and maxima alone: for summaries that keep a reduced sketch answering only some quantiles
     * (the baseline's sealed buckets). Such an aggregate must not be merged into or subtracted from others.
     */
    public void replaceSketches(QuantileSketch latency, QuantileSketch tokens, QuantileSketch cost) {
        latencySketch.copyFrom(latency);
        tokensSketch.copyFrom(tokens);
        costSketch.copyFrom(cost);
    }

    /** Forgets all maxima (to NaN) and all evidence, before {@link #mergeMaxima} over a window's slices. */
    public void resetMaxima() {
        tokensMax = Double.NaN;
        latencyMax = Double.NaN;
        costMax = Double.NaN;
        custom.resetMaxima();
        evidence.clear();
    }

    /**
     * Folds {@code other}'s maxima and evidence into this aggregate's, leaving sums alone; custom maxima only
     * for the names this aggregate holds.
     */
    public void mergeMaxima(SliceAggregate other) {
        tokensMax = Sums.max(tokensMax, other.tokensMax);
        latencyMax = Sums.max(latencyMax, other.latencyMax);
        costMax = Sums.max(costMax, other.costMax);
        custom.mergeMaxima(other.custom);
        if (tracksEvidence) {
            evidence.merge(other.evidence);
        }
    }

    public void clear() {
        rawCount = 0;
        requests = 0;
        rawErrors = 0;
        errors = 0;
        clearTokens();
        cacheReadCount = 0;
        cacheReadTokens = 0;
        clearLatency();
        clearCost();
        toolCount = 0;
        toolCalls = 0;
        toolAuditedCount = 0;
        toolCallsAudited = 0;
        toolFailures = 0;
        retriesCount = 0;
        retriesWeight = 0;
        retries = 0;
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
        latencySketch.clearAndTrim(buckets);
        tokensSketch.clearAndTrim(buckets);
        costSketch.clearAndTrim(buckets);
        eventIds.clearAndTrim(buckets * 4);
    }

    private void clearTokens() {
        tokensCount = 0;
        tokensWeight = 0;
        tokensIn = 0;
        tokensOut = 0;
        tokensMax = Double.NaN;
        tokensSketch.clear();
    }

    private void clearLatency() {
        latencyCount = 0;
        latencyWeight = 0;
        latencySum = 0;
        latencyMax = Double.NaN;
        latencySketch.clear();
    }

    private void clearCost() {
        costCount = 0;
        costWeight = 0;
        costSum = 0;
        costMax = Double.NaN;
        costSketch.clear();
    }

    /** Makes this aggregate an exact copy of {@code other}, reusing its own arrays. */
    public void copyFrom(SliceAggregate other) {
        if (other == this) {
            return;
        }
        clear();
        latencySketch.copyFrom(other.latencySketch); // adopts other's accuracy, which merge would refuse
        tokensSketch.copyFrom(other.tokensSketch);
        costSketch.copyFrom(other.costSketch);
        mergeSums(other); // into zeros: exact copies
        custom.copyFrom(other.custom);
        mergeMaxima(other);
    }

    /** No event has been added (or everything added was subtracted again). */
    /** Its place in its task's list of slices to write before the next commit, or -1 when saved; that list alone sets it. */
    public int writeBackSlot() {
        return unsavedAt;
    }

    public void writeBackSlot(int slot) {
        unsavedAt = slot;
    }

    public boolean isEmpty() {
        return rawCount == 0 && custom.isEmpty() && evidence.isEmpty() && eventIds.isEmpty();
    }

    // ---------------------------------------------------------------- getters

    /** Events seen, unweighted. */
    public long rawCount() {
        return rawCount;
    }

    /** Weighted number of requests: sum of weights. */
    public double requests() {
        return requests;
    }

    public long rawErrors() {
        return rawErrors;
    }

    /** Weighted number of failed requests (success = false). */
    public double errors() {
        return errors;
    }

    /** Events that reported tokens_in or tokens_out. */
    public long tokensCount() {
        return tokensCount;
    }

    /** Weight of the events that reported tokens: the denominator of tokens_per_request. */
    public double tokensWeight() {
        return tokensWeight;
    }

    public double tokensIn() {
        return tokensIn;
    }

    public double tokensOut() {
        return tokensOut;
    }

    /** Largest tokens_in + tokens_out of one event; NaN if none (see class doc on windows). */
    public double tokensMax() {
        return tokensMax;
    }

    public long cacheReadCount() {
        return cacheReadCount;
    }

    public double cacheReadTokens() {
        return cacheReadTokens;
    }

    public long latencyCount() {
        return latencyCount;
    }

    public double latencyWeight() {
        return latencyWeight;
    }

    public double latencySum() {
        return latencySum;
    }

    public double latencyMax() {
        return latencyMax;
    }

    public long costCount() {
        return costCount;
    }

    public double costWeight() {
        return costWeight;
    }

    public double costSum() {
        return costSum;
    }

    public double costMax() {
        return costMax;
    }

    public long toolCount() {
        return toolCount;
    }

    /** Weighted sum of tool_calls over the events that reported it. */
    public double toolCalls() {
        return toolCalls;
    }

    /** Events that reported both tool_calls and tool_failures. */
    public long toolAuditedCount() {
        return toolAuditedCount;
    }

    /** Weighted tool calls of the events that also reported tool_failures: the success rate's denominator. */
    public double toolCallsAudited() {
        return toolCallsAudited;
    }

    public double toolFailures() {
        return toolFailures;
    }

    public long retriesCount() {
        return retriesCount;
    }

    public double retriesWeight() {
        return retriesWeight;
    }

    public double retries() {
        return retries;
    }

    /** Live view; do not mutate. Values are latency_ms per event. */
    public QuantileSketch latencySketch() {
        return latencySketch;
    }

    /** Live view; do not mutate. Values are tokens_in + tokens_out per event. */
    public QuantileSketch tokensSketch() {
        return tokensSketch;
    }

    /** Live view; do not mutate. Values are cost_usd per event. */
    public QuantileSketch costSketch() {
        return costSketch;
    }

    public CustomMetrics customMetrics() {
        return custom;
    }

    public Evidence evidence() {
        return evidence;
    }

    // ---------------------------------------------------------------- codec

    private int presentGroups() {
        int g = 0;
        if (rawCount != 0) {
            g |= G_BASE;
        }
        if (tokensCount != 0 || !Double.isNaN(tokensMax)) {
            g |= G_TOKENS;
        }
        if (cacheReadCount != 0) {
            g |= G_CACHE;
        }
        if (latencyCount != 0 || !Double.isNaN(latencyMax)) {
            g |= G_LATENCY;
        }
        if (costCount != 0 || !Double.isNaN(costMax)) {
            g |= G_COST;
        }
        if (toolCount != 0 || toolAuditedCount != 0) {
            g |= G_TOOLS;
        }
        if (retriesCount != 0) {
            g |= G_RETRIES;
        }
        if (!custom.isEmpty()) {
            g |= G_CUSTOM;
        }
        if (!evidence.isEmpty()) {
            g |= G_EVIDENCE;
        }
        if (!eventIds.isEmpty()) {
            g |= G_EVENT_IDS;
        }
        if (!latencySketch.isEmpty() || !tokensSketch.isEmpty() || !costSketch.isEmpty()
                || latencySketch.relativeAccuracy() != QuantileSketch.DEFAULT_RELATIVE_ACCURACY) {
            g |= G_SKETCHES;
        }
        return g;
    }

    /** Exact number of bytes {@link #encode} writes. */
    public int encodedSize() {
        int g = presentGroups();
        int n = 1 + WireFormat.varLongSize(g);
        if ((g & G_BASE) != 0) {
            n += WireFormat.varLongSize(rawCount) + WireFormat.compactDoubleSize(requests)
                    + WireFormat.varLongSize(rawErrors) + WireFormat.compactDoubleSize(errors);
        }
        if ((g & G_TOKENS) != 0) {
            n += WireFormat.varLongSize(tokensCount) + WireFormat.compactDoubleSize(tokensWeight)
                    + WireFormat.compactDoubleSize(tokensIn) + WireFormat.compactDoubleSize(tokensOut)
                    + WireFormat.compactDoubleSize(tokensMax);
        }
        if ((g & G_CACHE) != 0) {
            n += WireFormat.varLongSize(cacheReadCount) + WireFormat.compactDoubleSize(cacheReadTokens);
        }
        if ((g & G_LATENCY) != 0) {
            n += WireFormat.varLongSize(latencyCount) + WireFormat.compactDoubleSize(latencyWeight)
                    + WireFormat.compactDoubleSize(latencySum) + WireFormat.compactDoubleSize(latencyMax);
        }
        if ((g & G_COST) != 0) {
            n += WireFormat.varLongSize(costCount) + WireFormat.compactDoubleSize(costWeight)
                    + WireFormat.compactDoubleSize(costSum) + WireFormat.compactDoubleSize(costMax);
        }
        if ((g & G_TOOLS) != 0) {
            n += WireFormat.varLongSize(toolCount) + WireFormat.compactDoubleSize(toolCalls)
                    + WireFormat.varLongSize(toolAuditedCount) + WireFormat.compactDoubleSize(toolCallsAudited)
                    + WireFormat.compactDoubleSize(toolFailures);
        }
        if ((g & G_RETRIES) != 0) {
            n += WireFormat.varLongSize(retriesCount) + WireFormat.compactDoubleSize(retriesWeight)
                    + WireFormat.compactDoubleSize(retries);
        }
        if ((g & G_CUSTOM) != 0) {
            n += custom.encodedSize();
        }
        if ((g & G_EVIDENCE) != 0) {
            n += evidence.encodedSize();
        }
        if ((g & G_SKETCHES) != 0) {
            n += latencySketch.encodedSize() + tokensSketch.encodedSize() + costSketch.encodedSize();
        }
        if ((g & G_EVENT_IDS) != 0) {
            n += eventIds.encodedSize();
        }
        return n;
    }

    /**
     * Writes this aggregate: {@link #FORMAT_VERSION}, a varint of present field groups, then each present
     * group. Needs {@link #encodedSize()} bytes remaining.
     */
    public void encode(ByteBuffer out) {
        int g = presentGroups();
        out.put(FORMAT_VERSION);
        WireFormat.putVarLong(out, g);
        if ((g & G_BASE) != 0) {
            WireFormat.putVarLong(out, rawCount);
            WireFormat.putCompactDouble(out, requests);
            WireFormat.putVarLong(out, rawErrors);
            WireFormat.putCompactDouble(out, errors);
        }
        if ((g & G_TOKENS) != 0) {
            WireFormat.putVarLong(out, tokensCount);
            WireFormat.putCompactDouble(out, tokensWeight);
            WireFormat.putCompactDouble(out, tokensIn);
            WireFormat.putCompactDouble(out, tokensOut);
            WireFormat.putCompactDouble(out, tokensMax);
        }
        if ((g & G_CACHE) != 0) {
            WireFormat.putVarLong(out, cacheReadCount);
            WireFormat.putCompactDouble(out, cacheReadTokens);
        }
        if ((g & G_LATENCY) != 0) {
            WireFormat.putVarLong(out, latencyCount);
            WireFormat.putCompactDouble(out, latencyWeight);
            WireFormat.putCompactDouble(out, latencySum);
            WireFormat.putCompactDouble(out, latencyMax);
        }
        if ((g & G_COST) != 0) {
            WireFormat.putVarLong(out, costCount);
            WireFormat.putCompactDouble(out, costWeight);
            WireFormat.putCompactDouble(out, costSum);
            WireFormat.putCompactDouble(out, costMax);
        }
        if ((g & G_TOOLS) != 0) {
            WireFormat.putVarLong(out, toolCount);
            WireFormat.putCompactDouble(out, toolCalls);
            WireFormat.putVarLong(out, toolAuditedCount);
            WireFormat.putCompactDouble(out, toolCallsAudited);
            WireFormat.putCompactDouble(out, toolFailures);
        }
        if ((g & G_RETRIES) != 0) {
            WireFormat.putVarLong(out, retriesCount);
            WireFormat.putCompactDouble(out, retriesWeight);
            WireFormat.putCompactDouble(out, retries);
        }
        if ((g & G_CUSTOM) != 0) {
            custom.encode(out);
        }
        if ((g & G_EVIDENCE) != 0) {
            evidence.encode(out);
        }
        if ((g & G_SKETCHES) != 0) {
            latencySketch.encode(out);
            tokensSketch.encode(out);
            costSketch.encode(out);
        }
        if ((g & G_EVENT_IDS) != 0) {
            eventIds.encode(out);
        }
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
        byte version = in.get();
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported slice format version " + version);
        }
        long g = WireFormat.getVarLong(in);
        if ((g & ~G_ALL) != 0) {
            throw new IllegalArgumentException("corrupt slice: unknown field groups " + g);
        }
        clear();
        if ((g & G_BASE) != 0) {
            rawCount = WireFormat.getNonNegativeLong(in, "raw count");
            requests = WireFormat.getCompactDouble(in);
            rawErrors = WireFormat.getNonNegativeLong(in, "raw errors");
            errors = WireFormat.getCompactDouble(in);
        }
        if ((g & G_TOKENS) != 0) {
            tokensCount = WireFormat.getNonNegativeLong(in, "tokens count");
            tokensWeight = WireFormat.getCompactDouble(in);
            tokensIn = WireFormat.getCompactDouble(in);
            tokensOut = WireFormat.getCompactDouble(in);
            tokensMax = WireFormat.getCompactDouble(in);
        }
        if ((g & G_CACHE) != 0) {
            cacheReadCount = WireFormat.getNonNegativeLong(in, "cache read count");
            cacheReadTokens = WireFormat.getCompactDouble(in);
        }
        if ((g & G_LATENCY) != 0) {
            latencyCount = WireFormat.getNonNegativeLong(in, "latency count");
            latencyWeight = WireFormat.getCompactDouble(in);
            latencySum = WireFormat.getCompactDouble(in);
            latencyMax = WireFormat.getCompactDouble(in);
        }
        if ((g & G_COST) != 0) {
            costCount = WireFormat.getNonNegativeLong(in, "cost count");
            costWeight = WireFormat.getCompactDouble(in);
            costSum = WireFormat.getCompactDouble(in);
            costMax = WireFormat.getCompactDouble(in);
        }
        if ((g & G_TOOLS) != 0) {
            toolCount = WireFormat.getNonNegativeLong(in, "tool count");
            toolCalls = WireFormat.getCompactDouble(in);
            toolAuditedCount = WireFormat.getNonNegativeLong(in, "tool audited count");
            toolCallsAudited = WireFormat.getCompactDouble(in);
            toolFailures = WireFormat.getCompactDouble(in);
        }
        if ((g & G_RETRIES) != 0) {
            retriesCount = WireFormat.getNonNegativeLong(in, "retries count");
            retriesWeight = WireFormat.getCompactDouble(in);
            retries = WireFormat.getCompactDouble(in);
        }
        if ((g & G_CUSTOM) != 0) {
            custom.readFrom(in);
        }
        if ((g & G_EVIDENCE) != 0) {
            evidence.readFrom(in);
        }
        if ((g & G_SKETCHES) != 0) {
            latencySketch.readFrom(in);
            tokensSketch.readFrom(in);
            costSketch.readFrom(in);
        } else if (latencySketch.relativeAccuracy() != QuantileSketch.DEFAULT_RELATIVE_ACCURACY) {
            // absent means empty sketches of the default accuracy
            latencySketch.readFrom(ByteBuffer.wrap(EMPTY_DEFAULT_SKETCH));
            tokensSketch.readFrom(ByteBuffer.wrap(EMPTY_DEFAULT_SKETCH));
            costSketch.readFrom(ByteBuffer.wrap(EMPTY_DEFAULT_SKETCH));
        }
        if ((g & G_EVENT_IDS) != 0) {
            eventIds.readFrom(in);
        }
    }

    // ---------------------------------------------------------------- equality

    /** Field-by-field equality (NaN equals NaN), sketches, custom metrics in any order, and evidence. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SliceAggregate)) {
            return false;
        }
        SliceAggregate a = (SliceAggregate) o;
        return rawCount == a.rawCount && Sums.same(requests, a.requests)
                && rawErrors == a.rawErrors && Sums.same(errors, a.errors)
                && tokensCount == a.tokensCount && Sums.same(tokensWeight, a.tokensWeight)
                && Sums.same(tokensIn, a.tokensIn) && Sums.same(tokensOut, a.tokensOut)
                && Sums.same(tokensMax, a.tokensMax)
                && cacheReadCount == a.cacheReadCount && Sums.same(cacheReadTokens, a.cacheReadTokens)
                && latencyCount == a.latencyCount && Sums.same(latencyWeight, a.latencyWeight)
                && Sums.same(latencySum, a.latencySum) && Sums.same(latencyMax, a.latencyMax)
                && costCount == a.costCount && Sums.same(costWeight, a.costWeight)
                && Sums.same(costSum, a.costSum) && Sums.same(costMax, a.costMax)
                && toolCount == a.toolCount && Sums.same(toolCalls, a.toolCalls)
                && toolAuditedCount == a.toolAuditedCount && Sums.same(toolCallsAudited, a.toolCallsAudited)
                && Sums.same(toolFailures, a.toolFailures)
                && retriesCount == a.retriesCount && Sums.same(retriesWeight, a.retriesWeight)
                && Sums.same(retries, a.retries)
                && custom.equals(a.custom) && evidence.equals(a.evidence) && eventIds.equals(a.eventIds)
                && latencySketch.equals(a.latencySketch) && tokensSketch.equals(a.tokensSketch)
                && costSketch.equals(a.costSketch);
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(rawCount);
        h = 31 * h + Sums.hash(requests);
        h = 31 * h + Long.hashCode(rawErrors);
        h = 31 * h + Sums.hash(tokensIn + tokensOut);
        h = 31 * h + Sums.hash(latencySum);
        h = 31 * h + Sums.hash(costSum);
        return 31 * h + custom.hashCode();
    }

    @Override
    public String toString() {
        return "SliceAggregate{raw=" + rawCount + ", requests=" + requests + ", errors=" + errors
                + ", tokens(n=" + tokensCount + ", w=" + tokensWeight + ", in=" + tokensIn + ", out=" + tokensOut
                + ", max=" + tokensMax + "), cacheRead=" + cacheReadTokens
                + ", latency(n=" + latencyCount + ", w=" + latencyWeight + ", sum=" + latencySum + ", max=" + latencyMax
                + "), cost(n=" + costCount + ", w=" + costWeight + ", sum=" + costSum + ", max=" + costMax
                + "), tools(n=" + toolCount + ", calls=" + toolCalls + ", audited=" + toolCallsAudited
                + ", failures=" + toolFailures + "), retries(n=" + retriesCount + ", w=" + retriesWeight
                + ", sum=" + retries + "), custom=" + custom + ", evidence=" + evidence
                + ", latencySketch=" + latencySketch + "}";
    }
}
