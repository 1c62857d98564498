package dev.agentwatch.cli.rules;

import dev.agentwatch.config.AgentwatchConfig;
import dev.agentwatch.config.KafkaEndpoints;
import dev.agentwatch.config.YamlFiles;
import dev.agentwatch.ingest.IngestCounters;
import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.rules.RuleBook;
import dev.agentwatch.rules.RuleCompileOptions;
import dev.agentwatch.rules.RulesTopicCodec;
import dev.agentwatch.streams.AgentwatchTopology;
import dev.agentwatch.streams.AppTopology;
import dev.agentwatch.streams.StreamsAppMain;
import dev.agentwatch.streams.StreamsSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounded history through the real broker: `rules apply` (the command, in this JVM) publishes fifteen
 * versions; the topic keeps the newest ten and tombstones the rest, a running instance and one started from an
 * empty state directory (the real topology) run the newest and keep ten versions in their stores; versions an
 * operator tombstones by hand are withdrawn, and later applies count only the versions left.
 */
@WithLocalKafka
class RulesHistoryBrokerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void applyKeepsTheNewestTenVersionsAndAnInstanceFromAnEmptyStateDirectoryRunsTheNewest(LocalKafka kafka) throws Exception {
        Path dir = Files.createTempDirectory("aw-rules-history");
        AgentwatchConfig config = config(kafka, kafka.uniqueName("rules-history"), dir);
        StreamsSettings settings = StreamsSettings.from(config);
        StreamsAppMain.ensureTopics(settings); // as the app does at its start: the rules topic has one partition
        String topic = settings.topics().rules();

        List<String> keys = new ArrayList<>(); // keys.get(i): version i + 1
        try (Instance running = Instance.start(settings, dir.resolve("state-running"))) {
            for (int i = 1; i <= 15; i++) {
                keys.add(apply(config, dir, i));
            }
            Map<String, String> latest = latest(kafka, topic);
            assertThat(live(latest)).containsExactlyInAnyOrderElementsOf(keys.subList(5, 15));
            assertThat(tombstoned(latest)).containsExactlyInAnyOrderElementsOf(keys.subList(0, 5));
            await(() -> running.runs(keys.get(14)) && running.storedVersions() == 10, "running: version 15, 10 stored");

            try (Instance fresh = Instance.start(settings, dir.resolve("state-fresh"))) {
                await(() -> fresh.runs(keys.get(14)) && fresh.storedVersions() == 10, "fresh: version 15, 10 stored");
                assertThat(fresh.rules.refusedCount()).isZero();

                // an operator withdraws the two newest by hand: both instances fall back to version 13
                tombstone(kafka, topic, keys.get(14), keys.get(13));
                await(() -> running.runs(keys.get(12)) && fresh.runs(keys.get(12)), "both: version 13");

                // eight versions are left: two more applies withdraw nothing, the third withdraws version 6
                keys.add(apply(config, dir, 16));
                keys.add(apply(config, dir, 17));
                List<String> withdrawn = new ArrayList<>(keys.subList(0, 5));
                withdrawn.addAll(keys.subList(13, 15));
                assertThat(tombstoned(latest(kafka, topic))).containsExactlyInAnyOrderElementsOf(withdrawn);
                keys.add(apply(config, dir, 18));
                latest = latest(kafka, topic);
                List<String> expected = new ArrayList<>(keys.subList(6, 13));
                expected.addAll(keys.subList(15, 18));
                assertThat(live(latest)).containsExactlyInAnyOrderElementsOf(expected);
                await(() -> fresh.runs(keys.get(17)) && fresh.storedVersions() == 10
                        && running.runs(keys.get(17)) && running.storedVersions() == 10, "both: version 18, 10 stored");
            }
        }
    }

    @Test
    void aRulesTopicOfMoreThanOnePartitionIsRefusedAndNothingIsApplied(LocalKafka kafka) throws Exception {
        Path dir = Files.createTempDirectory("aw-rules-partitions");
        AgentwatchConfig config = config(kafka, kafka.uniqueName("rules-partitions"), dir);
        String topic = config.topics().rules();
        Path file = Files.writeString(dir.resolve("r.yaml"), "- alert: A\n  condition: latency_p95 > 1000ms\n");

        Run missing = run(config, file);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("the rules topic '" + topic + "' does not exist").contains("nothing was applied");

        kafka.createTopic(topic, 3, Map.of("cleanup.policy", "compact"));
        Run refused = run(config, file);
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("configuration error: the rules topic '" + topic + "' has 3 partitions; it must "
                + "have exactly one").contains("nothing was applied");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            assertThat(admin.listOffsets(Map.of(
                    new TopicPartition(topic, 0), org.apache.kafka.clients.admin.OffsetSpec.latest(),
                    new TopicPartition(topic, 1), org.apache.kafka.clients.admin.OffsetSpec.latest(),
                    new TopicPartition(topic, 2), org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get().values())
                    .allSatisfy(o -> assertThat(o.offset()).isZero());
        }
    }

    /** A copy of config/agentwatch.yaml with this test's topics, application id and state directory. */
    private static AgentwatchConfig config(LocalKafka kafka, String prefix, Path dir) throws Exception {
        String yaml = Files.readString(Path.of("..", "config", "agentwatch.yaml"))
                .replace("agentwatch.", prefix + ".")
                .replace("application_id: agentwatch-streams", "application_id: " + prefix + "-app")
                .replace("partitions: 6", "partitions: 2")
                .replace("state_dir: .run/state", "state_dir: " + dir.resolve("state"));
        Path file = Files.writeString(dir.resolve("agentwatch.yaml"), yaml);
        return AgentwatchConfig.of(YamlFiles.read(file), Map.of(KafkaEndpoints.BOOTSTRAP_ENV, kafka.bootstrapServers(),
                KafkaEndpoints.REGISTRY_ENV, kafka.schemaRegistryUrl()));
    }

    private record Run(int exitCode, String out, String err) {
    }

    /** `agentwatch rules apply FILE`, the command as picocli runs it, with this test's configuration. */
    private static Run run(AgentwatchConfig config, Path file) {
        RulesApplyCommand command = new RulesApplyCommand();
        command.config = () -> config;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(file.toString());
        return new Run(code, out.toString(), err.toString());
    }

    /** Applies version {@code n} of a rule file; returns its key. */
    private static String apply(AgentwatchConfig config, Path dir, int n) throws Exception {
        Path file = Files.writeString(dir.resolve("v" + n + ".yaml"), "- alert: AgentTimeout\n  condition: latency_p95 > "
                + (1000 + n) + "ms\n");
        Run r = run(config, file);
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).isEmpty();
        Matcher m = Pattern.compile("key (ruleset@[0-9a-f]{16})").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        return m.group(1);
    }

    /** The latest record of each key of the topic (null: a tombstone), as compaction will leave it. */
    private static Map<String, String> latest(LocalKafka kafka, String topic) throws Exception {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            Map<String, String> out = new java.util.HashMap<>();
            RulesTopicHistory.read(consumer, new TopicPartition(topic, 0), WAIT).forEach((k, v) -> out.put(k, v.value()));
            return out;
        }
    }

    private static List<String> live(Map<String, String> latest) {
        return latest.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey).toList();
    }

    private static List<String> tombstoned(Map<String, String> latest) {
        return latest.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).toList();
    }

    private static void tombstone(LocalKafka kafka, String topic, String... keys) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (String key : keys) {
                producer.send(new ProducerRecord<>(topic, key, null)).get();
            }
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    /** One streams-app instance: the real topology, its own rule book and state directory. */
    private static final class Instance implements AutoCloseable {

        final RuleBook rules;
        final KafkaStreams streams;

        private Instance(RuleBook rules, KafkaStreams streams) {
            this.rules = rules;
            this.streams = streams;
        }

        static Instance start(StreamsSettings settings, Path stateDir) {
            RuleBook rules = new RuleBook(new RuleCompileOptions(settings.slice()));
            var topology = AppTopology.build(settings, new AppTopology.Shared(new IngestCounters(), rules)).topology();
            Properties props = StreamsAppMain.streamsProperties(settings);
            props.put("state.dir", stateDir.toString());
            props.put("commit.interval.ms", 100);
            KafkaStreams streams = new KafkaStreams(topology, props);
            streams.start();
            return new Instance(rules, streams);
        }

        boolean runs(String key) {
            return streams.state() == KafkaStreams.State.RUNNING
                    && RulesTopicCodec.keyOf(rules.current()).equals(key);
        }

        /** Rule sets in the instance's global store (entries under rules keys). */
        long storedVersions() {
            if (streams.state() != KafkaStreams.State.RUNNING) {
                return -1;
            }
            ReadOnlyKeyValueStore<String, String> store = streams.store(StoreQueryParameters.fromNameAndType(
                    AgentwatchTopology.RULES_STORE, QueryableStoreTypes.keyValueStore()));
            long n = 0;
            try (KeyValueIterator<String, String> all = store.all()) {
                while (all.hasNext()) {
                    if (RulesTopicCodec.isKey(all.next().key)) {
                        n++;
                    }
                }
            }
            return n;
        }

        @Override
        public void close() {
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
        }
    }
}
