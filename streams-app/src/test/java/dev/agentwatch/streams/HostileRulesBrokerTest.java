package dev.agentwatch.streams;

import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.localcluster.prometheus.Exposition;
import dev.agentwatch.localcluster.prometheus.ExpositionParser;
import dev.agentwatch.rules.RuleCompileOptions;
import dev.agentwatch.rules.RuleFiles;
import dev.agentwatch.rules.RuleSet;
import dev.agentwatch.rules.RulesTopicCodec;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11 through the real broker: hostile records written straight to the rules topic stop no instance of
 * two running the real topology, and an instance restarted from its state directory or from none at all comes
 * back with the last good rules. Every key below is written once, so the topic already reads as compaction
 * would leave it: the hostile records under the older single key, the good rule set under its own.
 */
@WithLocalKafka
class HostileRulesBrokerTest {

    private static final String GOOD = """
            - alert: AgentTimeout
              condition: latency_p95 > 30000ms
              severity: CRITICAL
            """;

    @Test
    void hostileRulesRecordsStopNoInstanceAndTheLastGoodRulesSurviveRestarts(LocalKafka kafka) throws Exception {
        String prefix = kafka.uniqueName("hostile-rules");
        StreamsSettings settings = TestSettings.of(kafka.bootstrapServers(), kafka.schemaRegistryUrl(), prefix, TestSettings.prices());
        BrokerHarness.createTopics(kafka, settings.topics());
        RuleSet good = RuleFiles.parse("good.yaml", GOOD, new RuleCompileOptions(settings.slice()));
        List<ProducerRecord<byte[], byte[]>> hostile = hostileRecords(settings.topics().rules(), good);

        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(record(settings.topics().rules(), RulesTopicCodec.keyOf(good), RulesTopicCodec.encode(good))).get();
            Path dirA = Files.createTempDirectory("aw-rules-a");
            Instance a = Instance.start(settings, dirA);
            Instance b = Instance.start(settings, Files.createTempDirectory("aw-rules-b"));
            try {
                awaitRunningWith(good, a, b);

                for (ProducerRecord<byte[], byte[]> r : hostile) {
                    producer.send(r).get();
                }
                await(() -> a.refused() == hostile.size() && b.refused() == hostile.size(), "both instances refused every record");
                Thread.sleep(1_000); // a thread that died on one of them would show by now
                for (Instance i : List.of(a, b)) {
                    assertThat(i.streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
                    Exposition m = i.metrics();
                    assertThat(m.value("agentwatch_rule_version")).isEqualTo((double) good.version());
                    assertThat(m.value("agentwatch_rules_refused_total")).isEqualTo(hostile.size());
                }

                a.close();
                try (Instance fromCheckpoint = Instance.start(settings, dirA)) {
                    awaitRunningWith(good, fromCheckpoint, b);
                }
                try (Instance fromNothing = Instance.start(settings, Files.createTempDirectory("aw-rules-a-empty"))) {
                    awaitRunningWith(good, fromNothing, b);
                    assertThat(fromNothing.refused()).as("the topic replayed from its start").isEqualTo(hostile.size());
                }
            } finally {
                a.close();
                b.close();
            }
        }
    }

    /** What issue 11 and its review found, as a producer other than {@code agentwatch rules apply} could write it. */
    private static List<ProducerRecord<byte[], byte[]>> hostileRecords(String topic, RuleSet good) {
        int deep = 100_000;
        StringBuilder bomb = new StringBuilder("lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level <= 9; level++) {
            bomb.append("lol").append(level).append(": &lol").append(level).append(" [")
                    .append(String.join(", ", Collections.nCopies(9, "*lol" + (level - 1)))).append("]\n");
        }
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (String text : List.of(
                "- alert: A\n  condition: error_rate\u0001 > 5%\n",                 // the record that stopped the live system
                "rules: " + "[".repeat(deep) + "]".repeat(deep) + "\n",
                bomb.toString(),
                "- condition: \"" + "(".repeat(deep) + "error_rate" + ")".repeat(deep) + " > 5%\"\n",
                "- condition: nope > 1\n")) {
            out.add(record(topic, RulesTopicCodec.KEY, envelope(text)));
        }
        out.add(record(topic, RulesTopicCodec.KEY, "not json"));
        out.add(record(topic, RulesTopicCodec.KEY, RulesTopicCodec.encode(good).replace("30000ms", "3000ms")));
        out.add(record(topic, "junk", RulesTopicCodec.encode(good)));
        out.add(new ProducerRecord<>(topic, new byte[] {(byte) 0xff, 0}, new byte[] {(byte) 0xfe, 0, (byte) 0xff})); // not UTF-8
        out.add(new ProducerRecord<>(topic, "junk".getBytes(StandardCharsets.UTF_8), null));
        return out;
    }

    private static String envelope(String text) {
        return "{\"format\":1,\"version\":" + RuleSet.versionOf(text) + ",\"source\":\"hostile.yaml\",\"text\":"
                + new ObjectMapper().valueToTree(text) + "}";
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, String value) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    private static void awaitRunningWith(RuleSet rules, Instance... instances) throws InterruptedException {
        await(() -> List.of(instances).stream().allMatch(i -> i.streams.state() == KafkaStreams.State.RUNNING
                && i.fixture.rules.current().version() == rules.version()), "RUNNING with rule_version " + rules.version());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    /** One streams-app instance: the real topology, its own rule book and state directory. */
    private static final class Instance implements AutoCloseable {

        final TopologyFixture fixture;
        final KafkaStreams streams;
        private final StreamsHealth health;
        private boolean closed;

        private Instance(TopologyFixture fixture, KafkaStreams streams, StreamsHealth health) {
            this.fixture = fixture;
            this.streams = streams;
            this.health = health;
        }

        static Instance start(StreamsSettings settings, Path stateDir) {
            TopologyFixture fixture = new TopologyFixture(settings, (b, changed) -> { });
            Properties props = StreamsAppMain.streamsProperties(settings);
            props.put("state.dir", stateDir.toString());
            props.put("commit.interval.ms", 100);
            KafkaStreams streams = new KafkaStreams(fixture.topology, props);
            StreamsHealth health = new StreamsHealth();
            streams.setStateListener((now, before) -> health.stateChanged(now));
            streams.start();
            return new Instance(fixture, streams, health);
        }

        long refused() {
            return fixture.rules.refusedCount();
        }

        /** This instance's /metrics, parsed. */
        Exposition metrics() {
            try (StreamsMetrics m = new StreamsMetrics(fixture.counters, fixture.rules, health,
                    dev.agentwatch.streams.agents.AgentAdmission.unlimited(), new dev.agentwatch.alerting.AlertTally())) {
                return ExpositionParser.parse(m.scrape());
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                // leaving the group, as a rolling restart does, so the other instance need not wait out the session
                streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                        .withTimeout(Duration.ofSeconds(30)));
            }
        }
    }
}
