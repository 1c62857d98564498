package dev.agentwatch.sink.broker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.sink.kafka.SilenceAdmin;
import dev.agentwatch.sink.matching.Matcher;
import dev.agentwatch.sink.silence.Silence;
import dev.agentwatch.sink.testing.Alerts;
import dev.agentwatch.sink.testing.EngineHarness;
import dev.agentwatch.sink.testing.StubServer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A silence's id gets a record the sink refuses ({@code matchers: []}). Compaction keeps only the newest record of a
 * key, so an instance started after the topic is compacted never sees the good version: the one that was running
 * must then not keep it either, or two instances (or one before and after a restart) disagree on what is muted.
 * Real broker, real compaction.
 */
@WithLocalKafka
class SilenceRefusedUpdateBrokerTest {

    @RegisterExtension
    final StubServer wm = new StubServer();

    private static String yaml(String group) {
        return """
                route:
                  receiver: hook
                  group_by: ['...']
                  group_wait: 0s
                  group_interval: 1s
                receivers:
                  - name: hook
                    webhook_configs:
                      - url_env: HOOK_URL
                consumer:
                  group_id: %s
                """.formatted(group);
    }

    private Set<String> delivered(String path) {
        return EngineHarness.bodies(wm, path).stream().flatMap(b -> {
            List<String> fps = new ArrayList<>();
            b.path("alerts").forEach((JsonNode a) -> fps.add(a.path("fingerprint").asText()));
            return fps.stream();
        }).collect(Collectors.toSet());
    }

    /** The values the topic holds for {@code key}, oldest first, read from its beginning. */
    private static List<String> valuesOf(LocalKafka kafka, String topic, String key) {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            List<String> out = new ArrayList<>();
            while (c.position(tp) < end) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        out.add(r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8));
                    }
                }
            }
            return out;
        }
    }

    @Test
    void aRefusedUpdateRemovesTheSilenceOnRunningInstancesAsCompactionDoesForNewOnes(LocalKafka kafka) throws Exception {
        wm.answer("/running", 200, "");
        wm.answer("/restarted", 200, "");
        try (BrokerFixture f = new BrokerFixture(kafka, 1)) {
            String silences = f.topics.silences();
            // Compacted as the sink makes it, but cleaned within seconds instead of days.
            kafka.createTopic(silences, 1, Map.of("cleanup.policy", "compact", "segment.ms", "100", "min.cleanable.dirty.ratio", "0.01"));
            Silence s;
            try (SilenceAdmin admin = new SilenceAdmin(kafka.bootstrapServers(), silences, java.util.Optional.of((short) 1), Clock.systemUTC())) {
                s = admin.add(List.of(Matcher.parse("agent_id=\"agent-muted\"")), null, Instant.now().plus(Duration.ofHours(1)), "test",
                        "muted until its update is refused");
            }
            try (RunningSink running = new RunningSink(f, yaml(f.prefix + "-running"), Map.of("HOOK_URL", wm.baseUrl() + "/running"))) {
                Instant now = Instant.now();
                f.send(List.of(Alerts.firing("fp-muted", "AgentTimeout", "agent-muted", "CRITICAL", now),
                        Alerts.firing("fp-loud", "AgentTimeout", "agent-loud", "CRITICAL", now)));
                Await.until("the loud alert delivered", Duration.ofSeconds(30), () -> delivered("/running").contains("fp-loud"));
                Thread.sleep(1_500);
                assertThat(delivered("/running")).as("silenced").doesNotContain("fp-muted");

                String refused = """
                        {"id":"%s","matchers":[],"startsAt":"%s","endsAt":"%s","createdBy":"someone","comment":"by hand"}
                        """.formatted(s.id(), now, now.plus(Duration.ofHours(1)));
                try (KafkaProducer<String, byte[]> p = f.producer(null)) {
                    p.send(new ProducerRecord<>(silences, s.id(), refused.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
                    Thread.sleep(200);
                    // A later record rolls the segment holding the refused one, so the cleaner may compact it.
                    p.send(new ProducerRecord<>(silences, "roll", null)).get(30, TimeUnit.SECONDS);
                }
                Await.until("the good version compacted away", Duration.ofSeconds(90), () -> valuesOf(kafka, silences, s.id()).size() == 1);
                Await.until("the refusal counted", Duration.ofSeconds(10), () ->
                        HttpGet.metric(running.sink.httpPort(), "agentwatch_sink_silences_refused_total{reason=\"no-matchers\"}") == 1);

                try (RunningSink restarted = new RunningSink(f, yaml(f.prefix + "-restarted"), Map.of("HOOK_URL", wm.baseUrl() + "/restarted"))) {
                    f.send(List.of(Alerts.firing("fp-muted-again", "AgentTimeout", "agent-muted", "CRITICAL", Instant.now())));
                    Await.until("the instance started on the compacted topic delivers it", Duration.ofSeconds(30),
                            () -> delivered("/restarted").contains("fp-muted-again"));
                    Await.until("the running instance agrees", Duration.ofSeconds(10), () -> delivered("/running").contains("fp-muted-again"));
                    assertThat(HttpGet.metric(running.sink.httpPort(), "agentwatch_sink_silences_dropped_total{reason=\"no-matchers\"}"))
                            .isEqualTo(1);
                }
            }
        }
    }
}
