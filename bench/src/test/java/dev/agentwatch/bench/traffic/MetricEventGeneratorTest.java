package dev.agentwatch.bench.traffic;

import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.validation.EventValidator;
import dev.agentwatch.schema.validation.Violation;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The generator's contract: deterministic by seed, valid events in time order, and the shape it promises. */
class MetricEventGeneratorTest {

    private static final Instant START = Instant.parse("2025-01-15T12:00:00Z");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

    private static TrafficShape shape(long events, int agents) {
        return TrafficShape.of(events, agents, START, Duration.ofHours(1));
    }

    private static List<MetricEvent> take(MetricEventGenerator g) {
        List<MetricEvent> all = new ArrayList<>();
        g.forEach(all::add);
        return all;
    }

    @Test
    void sameSeedGivesTheSameEventsAndAnotherSeedOthers() {
        TrafficShape s = shape(5_000, 300);
        List<MetricEvent> a = take(new MetricEventGenerator(s, TrafficSources.synthetic(), 7));
        List<MetricEvent> b = take(new MetricEventGenerator(s, TrafficSources.synthetic(), 7));
        List<MetricEvent> c = take(new MetricEventGenerator(s, TrafficSources.synthetic(), 8));
        assertThat(a).hasSize(5_000).isEqualTo(b);
        assertThat(a.get(0)).isNotEqualTo(c.get(0));
        // Every iterator starts over.
        MetricEventGenerator g = new MetricEventGenerator(s, TrafficSources.synthetic(), 7);
        assertThat(g.iterator().next()).isEqualTo(g.stream().findFirst().orElseThrow());
    }

    @Test
    void everyEventIsValidInTimeOrderAndWithinTheSpan() {
        TrafficShape s = shape(50_000, 2_000);
        EventValidator validator = new EventValidator(EventValidator.DEFAULT_MAX_FUTURE, Duration.ofDays(7));
        long now = s.end().toEpochMilli();
        long previous = Long.MIN_VALUE;
        Set<String> eventIds = new HashSet<>();
        for (MetricEvent e : new MetricEventGenerator(s, TrafficSources.synthetic(), 1)) {
            Violation v = validator.firstViolation(e, now);
            assertThat(v).as("violation of %s", e).isNull();
            long ts = e.getTimestamp().toEpochMilli();
            assertThat(ts).isGreaterThanOrEqualTo(previous).isBetween(START.toEpochMilli(), now - 1);
            previous = ts;
            assertThat(eventIds.add(e.getEventId())).as("unique event_id").isTrue();
            assertThat(e.getEventId()).matches(UUID);
            assertThat(e.getTraceId()).matches(TRACE_ID);
            assertThat(e.getSpanId()).hasSize(16);
        }
    }

    @Test
    void syntheticShapeHasTheFittedTokensAndThePromisedMix() {
        TrafficShape shape = shape(60_000, 3_000).withErrorRate(0.02);
        MetricEventGenerator g = new MetricEventGenerator(shape, TrafficSources.synthetic(), 3);
        Stats st = Stats.of(take(g));
        assertThat(st.errorShare).isCloseTo(0.02, within(0.004));
        assertThat(st.toolShareOfSuccesses).isCloseTo(0.30, within(0.02));
        assertThat(st.sampledShare).isBetween(0.001, 0.2);
        assertThat(st.cacheShare).isGreaterThan(0.05);
        // Agents' typical calls have the medians of the lognormals fitted to the traces' published p50s (README of
        // shared/data): long answers go to fast models rather than being drawn again.
        Typical t = Typical.of(g.population());
        assertThat(median(t.codeIn)).isCloseTo(1469, within(150.0));
        assertThat(median(t.codeOut)).isCloseTo(13, within(2.0));
        assertThat(median(t.chatIn)).isCloseTo(6909, within(700.0));
        assertThat(median(t.chatOut)).isCloseTo(350, within(35.0));
        // Latency grows with completion tokens: long answers take longer than short ones.
        assertThat(st.meanLatencyLongOut).isGreaterThan(2 * st.meanLatencyShortOut);
        // Agent traffic is unequal: the busiest tenth of agents sends far more than a tenth of the events.
        assertThat(st.busiestTenthShare).isGreaterThan(0.4);
    }

    @Test
    void aHealthyFleetFailsRarelyAndServesItsTypicalCallsWithinTheLatencyLimit() {
        MetricEventGenerator g = new MetricEventGenerator(shape(100_000, 2_000), TrafficSources.synthetic(), 11);
        assertThat(Stats.of(take(g)).errorShare).isZero();
        for (int i = 0; i < g.population().size(); i++) {
            Agent a = g.population().get(i);
            assertThat(LatencyModel.nominalMs(a.model(), a.workload().typical()))
                    .as("typical call of %s", a.id()).isLessThanOrEqualTo(AgentPopulation.typicalLatencyLimitMs(a.workload().spread()));
        }
    }

    @Test
    void eachAgentsCallsVaryAroundItsTypicalCallByItsSpread() {
        MetricEventGenerator g = new MetricEventGenerator(shape(200_000, 50), TrafficSources.synthetic(), 5);
        Map<String, List<Long>> prompts = new HashMap<>();
        for (MetricEvent e : g) {
            prompts.computeIfAbsent(e.getAgentId(), k -> new ArrayList<>()).add(e.getTokensIn());
        }
        int checked = 0;
        for (int i = 0; i < g.population().size(); i++) {
            Agent a = g.population().get(i);
            List<Long> in = prompts.getOrDefault(a.id(), List.of());
            if (in.size() < 2_000) {
                continue;
            }
            double meanLog = in.stream().mapToDouble(Math::log).average().orElseThrow();
            double logSd = Math.sqrt(in.stream().mapToDouble(x -> Math.pow(Math.log(x) - meanLog, 2)).average().orElseThrow());
            assertThat(logSd).as("log-sd of %s's prompts", a.id()).isCloseTo(CallSpreads.MEDIAN_CONVERSATION.logSdIn(), within(0.02));
            double typical = a.workload().typical().in();
            assertThat(in.stream().mapToLong(Long::longValue).average().orElseThrow())
                    .as("mean prompt of %s", a.id()).isCloseTo(typical, within(0.02 * typical));
            checked++;
        }
        assertThat(checked).as("agents busy enough to measure").isGreaterThan(5);
    }

    @Test
    void traceShapeFollowsTheRecordedTraces() {
        Assumptions.assumeTrue(SharedData.locate().isPresent(),
                "skipped: trace data not found at " + SharedData.expected() + " (the generator falls back to synthetic)");
        TrafficShape s = shape(60_000, 3_000);
        TrafficSources sources = TrafficSources.fromSharedData(s, CallSpreads.Mode.MEDIAN);
        assertThat(sources.attributions()).hasSize(3);
        assertThat(sources.tenantRates()).isNotNull();
        // The median Mooncake conversation (calls sharing a prompt prefix), as measured once from the trace.
        CallSpread median = sources.spreads().pick(new SplittableRandom(1));
        assertThat(median.logSdIn()).isCloseTo(CallSpreads.MEDIAN_CONVERSATION.logSdIn(), within(0.001));
        assertThat(median.logSdOut()).isCloseTo(CallSpreads.MEDIAN_CONVERSATION.logSdOut(), within(0.001));
        MetricEventGenerator g = new MetricEventGenerator(s, sources, 5);
        Stats st = Stats.of(take(g));
        // Typical calls are trace rows: the published figures, Azure code p50 1,469 / 13, Mooncake p50 6,909 / 350.
        Typical t = Typical.of(g.population());
        assertThat(median(t.codeIn)).isCloseTo(1469, within(150.0));
        assertThat(median(t.codeOut)).isCloseTo(13, within(2.0));
        assertThat(median(t.chatIn)).isCloseTo(6909, within(700.0));
        assertThat(median(t.chatOut)).isCloseTo(350, within(35.0));
        assertThat(st.cacheShare).isGreaterThan(0.05);
        assertThat(st.errorShare).isZero();
    }

    @Test
    void eachAgentCanVaryLikeOneOfTheTracesConversations() {
        Assumptions.assumeTrue(SharedData.locate().isPresent(), "skipped: trace data not found at " + SharedData.expected());
        TrafficSources sources = TrafficSources.fromSharedData(shape(1, 1), CallSpreads.Mode.EACH);
        SplittableRandom random = new SplittableRandom(3);
        Set<CallSpread> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            seen.add(sources.spreads().pick(random));
        }
        // 284 conversations of 5+ calls, some far wider than the median.
        assertThat(seen).hasSizeGreaterThan(150);
        assertThat(seen.stream().mapToDouble(CallSpread::logSdIn).max().orElseThrow()).isGreaterThan(0.8);
    }

    @Test
    void arrivalProfileIsMonotoneAndCoversTheSpan() {
        ArrivalProfile p = ArrivalProfile.synthetic();
        double previous = -1;
        for (int i = 0; i <= 1000; i++) {
            double x = p.positionOf(i / 1000.0 * Math.nextDown(1.0));
            assertThat(x).isGreaterThanOrEqualTo(previous).isBetween(0.0, 1.0);
            previous = x;
        }
        assertThat(p.positionOf(0.5)).isCloseTo(0.5, within(0.1));
    }

    private static double median(List<Long> values) {
        long[] v = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    /** The agents' typical calls, per kind. */
    private static final class Typical {
        final List<Long> codeIn = new ArrayList<>();
        final List<Long> codeOut = new ArrayList<>();
        final List<Long> chatIn = new ArrayList<>();
        final List<Long> chatOut = new ArrayList<>();

        static Typical of(AgentPopulation population) {
            Typical t = new Typical();
            for (int i = 0; i < population.size(); i++) {
                Agent a = population.get(i);
                TokenSample c = a.workload().typical();
                (a.kind() == AgentKind.CODE ? t.codeIn : t.chatIn).add((long) c.in());
                (a.kind() == AgentKind.CODE ? t.codeOut : t.chatOut).add((long) c.out());
            }
            return t;
        }
    }

    /** Tallies over generated events, per agent kind (told apart by request_type). */
    private static final class Stats {
        final List<Long> codeIn = new ArrayList<>();
        final List<Long> codeOut = new ArrayList<>();
        final List<Long> chatIn = new ArrayList<>();
        final List<Long> chatOut = new ArrayList<>();
        double errorShare;
        double toolShareOfSuccesses;
        double sampledShare;
        double cacheShare;
        double meanLatencyShortOut;
        double meanLatencyLongOut;
        double busiestTenthShare;

        static Stats of(List<MetricEvent> events) {
            Stats s = new Stats();
            int errors = 0;
            int successes = 0;
            int tools = 0;
            int sampled = 0;
            int cached = 0;
            double shortSum = 0;
            int shortN = 0;
            double longSum = 0;
            int longN = 0;
            java.util.Map<String, Integer> perAgent = new java.util.HashMap<>();
            for (MetricEvent e : events) {
                perAgent.merge(e.getAgentId(), 1, Integer::sum);
                if (e.getSampleRate() < 1) {
                    sampled++;
                }
                if (e.getCacheReadTokens() != null) {
                    cached++;
                }
                if (!e.getSuccess()) {
                    errors++;
                    continue;
                }
                successes++;
                if (e.getToolCalls() != null) {
                    tools++;
                }
                boolean code = AgentKind.CODE.requestType().equals(e.getRequestType());
                (code ? s.codeIn : s.chatIn).add(e.getTokensIn());
                (code ? s.codeOut : s.chatOut).add(e.getTokensOut());
                if (e.getTokensOut() < 20) {
                    shortSum += e.getLatencyMs();
                    shortN++;
                } else if (e.getTokensOut() > 300) {
                    longSum += e.getLatencyMs();
                    longN++;
                }
            }
            s.errorShare = (double) errors / events.size();
            s.toolShareOfSuccesses = (double) tools / successes;
            s.sampledShare = (double) sampled / events.size();
            s.cacheShare = (double) cached / events.size();
            s.meanLatencyShortOut = shortSum / shortN;
            s.meanLatencyLongOut = longSum / longN;
            int[] counts = perAgent.values().stream().mapToInt(Integer::intValue).sorted().toArray();
            long top = 0;
            for (int i = counts.length - Math.max(1, counts.length / 10); i < counts.length; i++) {
                top += counts[i];
            }
            s.busiestTenthShare = (double) top / events.size();
            return s;
        }
    }
}
