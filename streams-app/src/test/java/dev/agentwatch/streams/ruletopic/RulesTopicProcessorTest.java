package dev.agentwatch.streams.ruletopic;

import dev.agentwatch.rules.RuleBook;
import dev.agentwatch.rules.RuleCompileOptions;
import dev.agentwatch.rules.RuleSet;
import dev.agentwatch.rules.Rules;
import dev.agentwatch.rules.RulesTopicCodec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules topic's global processor, driven as Kafka Streams drives it (the same global store): it never
 * throws, whatever the record's bytes; a refused record is counted and changes nothing; the newest accepted
 * record runs, and a tombstone withdraws its version.
 */
class RulesTopicProcessorTest {

    private static final String TOPIC = "agentwatch.rules";
    private static final String STORE = "rules-global";
    private static final String CONTROL_CHARACTER = "- alert: A\n  condition: error_rate\u0001 > 5%\n";

    private RuleBook book;
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> rules;
    private TestInputTopic<byte[], byte[]> raw;

    @BeforeEach
    void start() {
        book = new RuleBook(RuleCompileOptions.DEFAULTS);
        Topology topology = new Topology();
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                        Serdes.String()).withLoggingDisabled(), "rules-source", Serdes.String().deserializer(),
                Serdes.String().deserializer(), TOPIC, "rules-book", () -> new RulesTopicProcessor(STORE, TOPIC, book));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rules-processor-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put("processing.exception.handler.global.enabled", true);
        driver = new TopologyTestDriver(topology, props);
        rules = driver.createInputTopic(TOPIC, new StringSerializer(), new StringSerializer());
        raw = driver.createInputTopic(TOPIC, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void hostileRecordsAreCountedAndTheRunningRulesStay() {
        RuleSet good = publish("- alert: A\n  condition: error_rate > 5%\n");
        List<String[]> hostile = List.of(
                new String[] {RulesTopicCodec.KEY, envelope(CONTROL_CHARACTER)},
                new String[] {RulesTopicCodec.KEY, envelope("rules: " + "[".repeat(100_000) + "]".repeat(100_000))},
                new String[] {RulesTopicCodec.KEY, envelope("- condition: \"" + "(".repeat(100_000) + "error_rate"
                        + ")".repeat(100_000) + " > 1\"\n")},
                new String[] {RulesTopicCodec.KEY, "not json"},
                new String[] {RulesTopicCodec.KEY, RulesTopicCodec.encode(good).replace("5%", "6%")},
                new String[] {"not-a-rules-key", RulesTopicCodec.encode(good)},
                new String[] {null, RulesTopicCodec.encode(good)},
                new String[] {"junk", null});
        for (String[] r : hostile) {
            rules.pipeInput(r[0], r[1]);
        }
        assertThat(book.refusedCount()).isEqualTo(hostile.size());
        assertThat(book.current().version()).isEqualTo(good.version());
    }

    @Test
    void noBytesMakeTheProcessorThrow() {
        RuleSet good = publish("- alert: A\n  condition: error_rate > 5%\n");
        byte[] envelope = RulesTopicCodec.encode(good).getBytes(StandardCharsets.UTF_8);
        byte[] key = RulesTopicCodec.keyOf(good).getBytes(StandardCharsets.UTF_8);
        Random random = new Random(11);
        for (int i = 0; i < 2_000; i++) {
            byte[] value = i % 2 == 0 ? new byte[random.nextInt(200)] : envelope.clone();
            if (i % 2 == 0) {
                random.nextBytes(value);
            } else {
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    value[random.nextInt(value.length)] = (byte) random.nextInt(256);
                }
            }
            raw.pipeInput(i % 3 == 0 ? key : randomBytes(random), value);
        }
        assertThat(book.current().version()).isEqualTo(good.version());
        assertThat(book.refusedCount()).isGreaterThan(1_000);
    }

    @Test
    void theNewestAcceptedRecordRunsAndATombstoneWithdrawsItsVersion() {
        RuleSet first = publish("- alert: A\n  condition: error_rate > 5%\n");
        RuleSet second = publish("- alert: A\n  condition: error_rate > 7%\n");
        assertThat(book.current().version()).isEqualTo(second.version());

        withdraw("ruleset@0123456789abcdef"); // a version never accepted: nothing changes
        assertThat(book.current().version()).isEqualTo(second.version());

        withdraw(RulesTopicCodec.keyOf(second));
        assertThat(book.current().version()).isEqualTo(first.version());

        RuleSet again = publish("- alert: A\n  condition: error_rate > 7%\n"); // applied again: the newest again
        assertThat(again.version()).isEqualTo(second.version());
        assertThat(book.current().version()).isEqualTo(second.version());

        withdraw(RulesTopicCodec.keyOf(second));
        withdraw(RulesTopicCodec.keyOf(first));
        assertThat(book.current().rules()).isEmpty();
        assertThat(book.refusedCount()).isZero();
    }

    @Test
    void removingEveryRuleIsApplyingAnEmptyRuleFile() {
        publish("- alert: A\n  condition: error_rate > 5%\n");
        publish("rules: []\n");
        assertThat(book.current().rules()).isEmpty();
    }

    @Test
    void aCompactedTopicWithOnlyAHostileRecordUnderTheOlderKeyStillYieldsTheLastGoodRules() {
        // what compaction leaves of: good rules under the older key, newer good rules, a hostile record under the
        // older key (which removed the first good record): a fresh instance reads exactly this
        RuleSet good = publish("- alert: A\n  condition: error_rate > 5%\n");
        rules.pipeInput(RulesTopicCodec.KEY, envelope(CONTROL_CHARACTER));
        assertThat(book.current().version()).isEqualTo(good.version());
        assertThat(book.refusedCount()).isOne();
    }

    @Test
    void recordsOfTheOlderSingleKeyAreStillRead() {
        RuleSet legacy = Rules.parse("- alert: A\n  condition: error_rate > 5%\n");
        rules.pipeInput(RulesTopicCodec.KEY, RulesTopicCodec.encode(legacy));
        assertThat(book.current().version()).isEqualTo(legacy.version());
        RuleSet newer = publish("- alert: A\n  condition: error_rate > 9%\n");
        assertThat(book.current().version()).isEqualTo(newer.version());
        withdraw(RulesTopicCodec.keyOf(newer));
        assertThat(book.current().version()).isEqualTo(legacy.version());
        withdraw(RulesTopicCodec.KEY); // as before per-version keys: a tombstone there removes those rules
        assertThat(book.current().rules()).isEmpty();
    }

    @Test
    void aRestartedInstanceInstallsTheNewestAcceptedRecordFromItsStore() {
        KeyValueStore<String, String> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE),
                Serdes.String(), Serdes.String()).withLoggingDisabled().build();
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        RulesTopicProcessor before = new RulesTopicProcessor(STORE, TOPIC, book);
        before.init(context);
        RuleSet older = Rules.parse("- alert: A\n  condition: error_rate > 5%\n");
        RuleSet newer = Rules.parse("- alert: A\n  condition: error_rate > 7%\n");
        long offset = 0;
        for (String[] r : List.of(new String[] {RulesTopicCodec.keyOf(newer), RulesTopicCodec.encode(newer)},
                new String[] {RulesTopicCodec.keyOf(older), RulesTopicCodec.encode(older)},
                new String[] {RulesTopicCodec.KEY, envelope(CONTROL_CHARACTER)})) {
            context.setRecordMetadata(TOPIC, 0, offset++);
            before.process(new Record<>(r[0], r[1], 0L));
        }
        assertThat(book.current().version()).isEqualTo(older.version());

        RuleBook restarted = new RuleBook(RuleCompileOptions.DEFAULTS);
        new RulesTopicProcessor(STORE, TOPIC, restarted).init(context);
        assertThat(restarted.current().version()).isEqualTo(older.version());
        assertThat(restarted.refusedCount()).isZero();
    }

    /** A tombstone under {@code key}. */
    private void withdraw(String key) {
        rules.pipeInput(key, (String) null);
    }

    private RuleSet publish(String text) {
        RuleSet set = Rules.parse(text);
        rules.pipeInput(RulesTopicCodec.keyOf(set), RulesTopicCodec.encode(set));
        return set;
    }

    private static String envelope(String text) {
        return "{\"format\":1,\"version\":" + RuleSet.versionOf(text) + ",\"source\":\"hostile.yaml\",\"text\":"
                + new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(text) + "}";
    }

    private static byte[] randomBytes(Random random) {
        List<Byte> bytes = new ArrayList<>();
        for (int n = random.nextInt(24); n > 0; n--) {
            bytes.add((byte) random.nextInt(256));
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }
}
