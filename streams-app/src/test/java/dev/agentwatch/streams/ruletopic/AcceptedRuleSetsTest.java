package dev.agentwatch.streams.ruletopic;

import dev.agentwatch.rules.Rule;
import dev.agentwatch.rules.RuleBook;
import dev.agentwatch.rules.RuleCompileOptions;
import dev.agentwatch.rules.RuleSet;
import dev.agentwatch.rules.Rules;
import dev.agentwatch.rules.RulesTopicCodec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a start and a tombstone cost, whatever the history: the global store's values pass through its value serde
 * when read (Kafka's metered store), so a deserializer that counts the rule-set values it turns into strings counts
 * every value this instance could parse. Ordering the accepted versions reads none; a start reads the newest
 * versions down to the first that compiles here; a tombstone of a version that is not running reads none.
 */
class AcceptedRuleSetsTest {

    private static final String TOPIC = "agentwatch.rules";
    private static final String STORE = "rules-global";
    private static final int VERSIONS = 20;
    /** About 0.9 MB of text per version: near the 1 MiB a rule file may have. */
    private static final String PADDING = "# " + "x".repeat(900_000) + "\n";

    private final AtomicInteger valuesRead = new AtomicInteger();
    private MockProcessorContext<Void, Void> context;
    private KeyValueStore<String, String> store;
    private long offset;

    @BeforeEach
    void store() {
        Deserializer<String> counting = new StringDeserializer() {
            @Override
            public String deserialize(String topic, byte[] data) {
                String s = super.deserialize(topic, data);
                if (s != null && s.startsWith("{")) {
                    valuesRead.incrementAndGet();
                }
                return s;
            }
        };
        Serde<String> values = Serdes.serdeFrom(new StringSerializer(), counting);
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), values)
                .withLoggingDisabled().build();
        context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    @Test
    void aStartCompilesOnlyTheNewestVersionsDownToTheFirstThatCompilesHere() {
        // written by an instance with 5 s slices; the two newest have a window of 15 s, not whole 10 s slices
        RuleBook fiveSecondSlices = new RuleBook(new RuleCompileOptions(Duration.ofSeconds(5)));
        RulesTopicProcessor writer = started(fiveSecondSlices);
        List<Long> versions = new ArrayList<>();
        for (int i = 1; i <= VERSIONS; i++) {
            String window = i > VERSIONS - 2 ? "15s" : "1min";
            String text = PADDING + "- alert: A\n  condition: error_rate > " + i + "% for " + window + "\n";
            long version = RuleSet.versionOf(text);
            versions.add(version);
            ObjectNode record = new ObjectMapper().createObjectNode().put("format", 1).put("version", version)
                    .put("source", "v" + i + ".yaml").put("text", text);
            publish(writer, String.format("ruleset@%016x", version), record.toString());
        }
        assertThat(fiveSecondSlices.current().version()).isEqualTo(versions.get(VERSIONS - 1));
        assertThat(fiveSecondSlices.refusedCount()).isZero();

        valuesRead.set(0);
        RuleBook tenSecondSlices = new RuleBook(RuleCompileOptions.DEFAULTS);
        started(tenSecondSlices);
        assertThat(tenSecondSlices.current().version()).isEqualTo(versions.get(VERSIONS - 3));
        assertThat(tenSecondSlices.refusedCount()).isEqualTo(2);
        assertThat(valuesRead.get()).as("values read at the start, of %d kept", VERSIONS).isEqualTo(3);
    }

    @Test
    void aTombstoneOfAVersionThatIsNotRunningReadsNothing() {
        RuleBook book = new RuleBook(RuleCompileOptions.DEFAULTS);
        RulesTopicProcessor processor = started(book);
        List<RuleSet> versions = publishVersions(processor, VERSIONS);

        valuesRead.set(0);
        for (RuleSet old : versions.subList(0, VERSIONS - 10)) { // as `rules apply` withdraws all but the newest ten
            withdraw(processor, RulesTopicCodec.keyOf(old));
        }
        assertThat(valuesRead.get()).isZero();
        assertThat(book.current().version()).isEqualTo(versions.get(VERSIONS - 1).version());

        withdraw(processor, RulesTopicCodec.keyOf(versions.get(VERSIONS - 1))); // the running one: the next newest runs
        assertThat(book.current().version()).isEqualTo(versions.get(VERSIONS - 2).version());
        assertThat(valuesRead.get()).isOne();
        assertThat(book.refusedCount()).isZero();
    }

    @Test
    void versionsTombstonedByHandAreWithdrawnAndTheNewestLeftRunsAlsoAfterARestart() {
        RuleBook book = new RuleBook(RuleCompileOptions.DEFAULTS);
        RulesTopicProcessor processor = started(book);
        List<RuleSet> v = publishVersions(processor, 6);

        // an operator withdraws the running version, one in the middle, one never applied and the oldest
        withdraw(processor, RulesTopicCodec.keyOf(v.get(5)));
        withdraw(processor, RulesTopicCodec.keyOf(v.get(3)));
        withdraw(processor, "ruleset@0123456789abcdef");
        withdraw(processor, RulesTopicCodec.keyOf(v.get(0)));
        assertThat(book.current().version()).isEqualTo(v.get(4).version());
        RuleBook restarted = new RuleBook(RuleCompileOptions.DEFAULTS);
        started(restarted);
        assertThat(restarted.current().version()).isEqualTo(v.get(4).version());

        // then the newest left, and again (a second tombstone of a key changes nothing)
        withdraw(processor, RulesTopicCodec.keyOf(v.get(4)));
        withdraw(processor, RulesTopicCodec.keyOf(v.get(4)));
        assertThat(book.current().version()).isEqualTo(v.get(2).version());

        // re-applying a withdrawn version makes it the newest; withdrawing every version leaves no rules
        publish(processor, RulesTopicCodec.keyOf(v.get(0)), RulesTopicCodec.encode(v.get(0)));
        assertThat(book.current().version()).isEqualTo(v.get(0).version());
        for (RuleSet r : v) {
            withdraw(processor, RulesTopicCodec.keyOf(r));
        }
        assertThat(book.current().rules()).isEmpty();
        RuleBook empty = new RuleBook(RuleCompileOptions.DEFAULTS);
        started(empty);
        assertThat(empty.current().rules()).isEmpty();
        assertThat(book.refusedCount() + restarted.refusedCount() + empty.refusedCount()).isZero();
    }

    @Test
    void aStoreWrittenBeforeTheIndexIsIndexedOnceAtTheFirstStart() {
        // as the previous release kept accepted records: the value with its offset, nothing else
        List<RuleSet> v = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            RuleSet r = Rules.parse("- alert: A\n  condition: error_rate > " + i + "%\n");
            v.add(r);
            ObjectNode o = (ObjectNode) json(RulesTopicCodec.encode(r));
            o.put("accepted_at_offset", i * 10L);
            store.put(RulesTopicCodec.keyOf(r), o.toString());
        }
        store.put(RulesTopicCodec.KEY, RulesTopicCodec.encode(Rules.parse("- alert: Older\n  condition: error_rate > 9%\n")));

        RuleBook first = new RuleBook(RuleCompileOptions.DEFAULTS);
        started(first);
        assertThat(first.current().version()).isEqualTo(v.get(4).version());

        valuesRead.set(0);
        RuleBook second = new RuleBook(RuleCompileOptions.DEFAULTS);
        RulesTopicProcessor processor = started(second);
        assertThat(second.current().version()).isEqualTo(v.get(4).version());
        assertThat(valuesRead.get()).isOne();

        for (RuleSet r : v) {
            withdraw(processor, RulesTopicCodec.keyOf(r));
        }
        assertThat(second.current().rules()).extracting(Rule::name).containsExactly("Older"); // no offset: the oldest
    }

    @Test
    void aRecordOfAnotherPartitionIsRefused() {
        RuleBook book = new RuleBook(RuleCompileOptions.DEFAULTS);
        RulesTopicProcessor processor = started(book);
        RuleSet good = publishVersions(processor, 1).get(0);
        RuleSet other = Rules.parse("- alert: B\n  condition: error_rate > 50%\n");
        context.setRecordMetadata(TOPIC, 1, 0);
        processor.process(new Record<>(RulesTopicCodec.keyOf(other), RulesTopicCodec.encode(other), 0L));
        processor.process(new Record<>(RulesTopicCodec.keyOf(good), null, 0L));
        assertThat(book.refusedCount()).isEqualTo(2);
        assertThat(book.current().version()).isEqualTo(good.version());
    }

    private RulesTopicProcessor started(RuleBook book) {
        RulesTopicProcessor p = new RulesTopicProcessor(STORE, TOPIC, book);
        p.init(context);
        return p;
    }

    private List<RuleSet> publishVersions(RulesTopicProcessor processor, int n) {
        List<RuleSet> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            RuleSet v = Rules.parse("- alert: A\n  condition: error_rate > " + i + "%\n");
            out.add(v);
            publish(processor, RulesTopicCodec.keyOf(v), RulesTopicCodec.encode(v));
        }
        return out;
    }

    private void publish(RulesTopicProcessor processor, String key, String value) {
        context.setRecordMetadata(TOPIC, 0, offset++);
        processor.process(new Record<>(key, value, 0L));
    }

    private void withdraw(RulesTopicProcessor processor, String key) {
        publish(processor, key, null);
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String s) {
        try {
            return new ObjectMapper().readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
