package dev.agentwatch.streams.agents;

import dev.agentwatch.fleet.FleetView;
import dev.agentwatch.ingest.DecodedMetric;
import dev.agentwatch.ingest.IngestCounters;
import dev.agentwatch.pricing.PriceTable;
import dev.agentwatch.rules.RuleBook;
import dev.agentwatch.rules.RuleCompileOptions;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.window.SliceAggregate;
import dev.agentwatch.window.SliceKeys;
import dev.agentwatch.window.WindowSpec;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the agent processor writes to the slice store, and when: each changed slice once, before the commit. */
class SliceStoreTest {

    private static final long T0 = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli();

    private MockProcessorContext<Object, Object> context;
    private SliceStore slices;
    private AgentProcessor processor;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(T0 + 86_400_000L); // events of these tests are in its past
        // No cache or changelog: the mock context has neither.
        slices = SliceStore.builder(Stores.inMemoryKeyValueStore("slices")).withCachingDisabled().withLoggingDisabled().build();
        register(slices);
        register(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("baselines"), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build());
        register(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("alerts"), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build());
        WindowSpec spec = new WindowSpec(Duration.ofSeconds(10), Duration.ofSeconds(30),
                List.of(Duration.ofMinutes(1), Duration.ofMinutes(5)));
        var settings = new AgentProcessor.Settings("slices", "baselines", "alerts", "metrics", "dlq", "alerts-out", spec,
                PriceTable.EMPTY, Duration.ofDays(1), Duration.ofMinutes(1), Duration.ofHours(1));
        processor = new AgentProcessor(settings, new RuleBook(new RuleCompileOptions(Duration.ofSeconds(10))),
                new IngestCounters(), (boundary, changed) -> { }, new FleetView(), AgentAdmission.unlimited(),
                new dev.agentwatch.alerting.AlertTally());
        processor.init(context);
    }

    @Test
    void aSliceIsWrittenOnceBeforeTheCommitWithEveryEventItTook() {
        process("a", T0 + 1_000, 100);
        process("a", T0 + 2_000, 200);
        process("a", T0 + 3_000, 300);
        assertThat(slices.get(sliceKey("a", T0))).as("nothing written before the commit").isNull();

        slices.flushCache(); // what Kafka Streams calls before it commits the task

        SliceAggregate stored = slice("a", T0);
        assertThat(stored.rawCount()).isEqualTo(3);
        assertThat(stored.latencySum()).isEqualTo(600.0);
    }

    @Test
    void aSliceEvictedBeforeTheCommitKeepsItsOwnContentWhenItsObjectIsReused() {
        process("a", T0 + 1_000, 111);
        // Six minutes later in event time, in the same commit: a's slice leaves memory (windows of 5 min at most)
        // and its object is reused for b's; a's slice stays in the store until its 5-minute baseline bucket seals.
        long later = T0 + 360_000;
        process("b", later + 1_000, 999);

        slices.flushCache();

        SliceAggregate a = slice("a", T0);
        assertThat(a.rawCount()).isEqualTo(1);
        assertThat(a.latencyMax()).isEqualTo(111.0);
        SliceAggregate b = slice("b", later);
        assertThat(b.rawCount()).isEqualTo(1);
        assertThat(b.latencyMax()).isEqualTo(999.0);
    }

    @Test
    void aSliceChangedAfterACommitIsWrittenAgainAtTheNext() {
        process("a", T0 + 1_000, 100);
        slices.flushCache();
        process("a", T0 + 2_000, 50);
        assertThat(slice("a", T0).rawCount()).as("the store holds the last commit until the next").isEqualTo(1);

        slices.flushCache();

        assertThat(slice("a", T0).rawCount()).isEqualTo(2);
        assertThat(slice("a", T0).latencySum()).isEqualTo(150.0);
    }

    @Test
    void aBacklogAcrossSeveralBaselineBucketsInOneCommitLeavesNoSliceBehindInTheStore() {
        for (long t = T0; t <= T0 + 60 * 60_000L; t += 60_000) {
            process("b", t, 100); // the partition's event time moves on an hour
        }
        slices.flushCache();
        // "a" catches up on 25 minutes of backlog older than the slices held, all before the next commit: each new
        // 5-minute baseline bucket seals the one before, which releases its slices from the store.
        for (long t = T0 + 20 * 60_000L; t < T0 + 45 * 60_000L; t += 30_000) {
            process("a", t, 200);
        }
        slices.flushCache();

        long openBucket = T0 + 40 * 60_000L;
        List<Long> kept = new java.util.ArrayList<>();
        try (var it = slices.all()) {
            while (it.hasNext()) {
                byte[] key = it.next().key.get();
                if (SliceKeys.agentId(key).equals("a") && SliceKeys.sliceStart(key) != SliceStore.INFO_SLICE) {
                    kept.add(SliceKeys.sliceStart(key));
                }
            }
        }
        assertThat(kept).as("a's slices left in the store").isNotEmpty().allMatch(start -> start >= openBucket);
    }

    private void process(String agent, long timestamp, double latencyMs) {
        MetricEvent e = MetricEvent.newBuilder().setEventId(agent + "-" + timestamp).setAgentId(agent)
                .setTimestamp(Instant.ofEpochMilli(timestamp)).setSuccess(true).setLatencyMs(latencyMs).build();
        processor.process(new Record<>(agent, new DecodedMetric(e, new byte[0], new byte[0]), timestamp));
    }

    private SliceAggregate slice(String agent, long start) {
        byte[] value = slices.get(sliceKey(agent, start));
        assertThat(value).as("slice of %s at %d", agent, start).isNotNull();
        return SliceAggregate.decode(ByteBuffer.wrap(value));
    }

    private static Bytes sliceKey(String agent, long start) {
        return Bytes.wrap(SliceKeys.key(SliceKeys.agentPrefix(agent), start));
    }

    private void register(StateStore store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }
}
