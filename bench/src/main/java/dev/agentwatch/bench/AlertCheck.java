package dev.agentwatch.bench;

import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AlertStatus;
import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.serde.AvroDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a streams pass alerted on, against the injected incidents: found, missed, fired more than once (a flap pages
 * twice), and alerts nobody injected.
 */
final class AlertCheck {

    /** One FIRING that no incident explains. */
    record Other(String rule, String agent, double value, long samples) {
        @Override
        public String toString() {
            return rule + "@" + agent + " value=" + value + " samples=" + samples;
        }
    }

    record Result(int incidents, int found, List<String> missed, List<String> repeated, List<Other> others, int firing,
                  int resolved) {
        boolean ok() {
            return found == incidents && repeated.isEmpty() && others.isEmpty();
        }

        /** Other alerts counted by rule name, as {@code rule=alerts on agents}. */
        String othersByRule() {
            Map<String, Integer> alerts = new TreeMap<>();
            Map<String, Set<String>> agents = new HashMap<>();
            for (Other o : others) {
                alerts.merge(o.rule(), 1, Integer::sum);
                agents.computeIfAbsent(o.rule(), r -> new HashSet<>()).add(o.agent());
            }
            StringBuilder b = new StringBuilder("{");
            alerts.forEach((rule, n) -> b.append(b.length() > 1 ? ", " : "").append(rule).append('=').append(n).append(" on ")
                    .append(agents.get(rule).size()).append(" agents"));
            return b.append('}').toString();
        }
    }

    private AlertCheck() {
    }

    /** End offsets of the alerts topic, per partition: where the next pass's alerts start. */
    static Map<TopicPartition, Long> endOffsets(String bootstrap, String topic) {
        try (KafkaConsumer<String, byte[]> c = consumer(bootstrap)) {
            return c.endOffsets(partitions(c, topic));
        }
    }

    static Result check(String bootstrap, String registry, String topic, Map<TopicPartition, Long> from, Incidents incidents) {
        List<AlertEvent> alerts = new ArrayList<>();
        AvroDeserializer<AlertEvent> values = new AvroDeserializer<>(AlertEvent.class);
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry), false);
        try (KafkaConsumer<String, byte[]> c = consumer(bootstrap)) {
            List<TopicPartition> parts = partitions(c, topic);
            c.assign(parts);
            parts.forEach(p -> c.seek(p, from.getOrDefault(p, 0L)));
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    alerts.add(values.deserialize(topic, r.value()));
                }
            }
        } finally {
            values.close();
        }
        Map<String, Incidents.Incident> byAgent = new HashMap<>();
        incidents.all().forEach(i -> byAgent.put(i.agentId(), i));
        Map<String, Integer> firingsByIncident = new TreeMap<>();
        List<Other> others = new ArrayList<>();
        int firing = 0;
        for (AlertEvent a : alerts) {
            if (a.getStatus() != AlertStatus.FIRING) {
                continue;
            }
            firing++;
            Incidents.Incident i = byAgent.get(a.getAgentId());
            if (i != null && i.kind().rule.equals(a.getAlert())) {
                firingsByIncident.merge(a.getAgentId(), 1, Integer::sum);
            } else {
                others.add(new Other(a.getAlert(), a.getAgentId(), a.getValue(), a.getSampleCount()));
            }
        }
        List<String> missed = byAgent.keySet().stream().filter(id -> !firingsByIncident.containsKey(id)).sorted()
                .map(id -> byAgent.get(id).kind().rule + "@" + id).collect(Collectors.toList());
        List<String> repeated = firingsByIncident.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> byAgent.get(e.getKey()).kind().rule + "@" + e.getKey() + " x" + e.getValue()).toList();
        return new Result(byAgent.size(), firingsByIncident.size(), missed, repeated, others, firing, alerts.size() - firing);
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic) {
        return c.partitionsFor(topic, Duration.ofSeconds(30)).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }
}
