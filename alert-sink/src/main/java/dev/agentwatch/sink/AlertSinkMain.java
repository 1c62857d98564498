package dev.agentwatch.sink;

import dev.agentwatch.config.AgentwatchConfig;
import dev.agentwatch.config.ConfigException;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.serde.AvroDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The alert sink, so far with the console receiver only: reads committed alerts and prints each.
 * Routing, grouping, inhibition, silences and the Slack and PagerDuty receivers come with their issue.
 */
public final class AlertSinkMain {

    private static final Logger log = LoggerFactory.getLogger(AlertSinkMain.class);

    public static void main(String[] args) {
        AgentwatchConfig config;
        try {
            config = AgentwatchConfig.load();
        } catch (ConfigException e) {
            System.err.println("agentwatch alert sink: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        var kafka = config.kafka();
        String topic = config.topics().alerts();
        AvroDeserializer<AlertEvent> alerts = new AvroDeserializer<>(AlertEvent.class);
        alerts.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, kafka.schemaRegistryUrl()), false);
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "agentwatch-alert-sink",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        ConsoleReceiver console = new ConsoleReceiver(System.out);
        try (KafkaConsumer<String, AlertEvent> consumer = new KafkaConsumer<>(props, new StringDeserializer(), alerts)) {
            Thread main = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                consumer.wakeup();
                try {
                    main.join(10_000);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "shutdown"));
            consumer.subscribe(List.of(topic));
            log.info("alert sink started: console receiver on topic {}", topic);
            while (true) {
                for (ConsumerRecord<String, AlertEvent> r : consumer.poll(Duration.ofSeconds(1))) {
                    console.deliver(r.value());
                }
                // Offsets move only after the batch was delivered.
                consumer.commitSync();
            }
        } catch (WakeupException stopping) {
            log.info("alert sink stopped");
        }
    }
}
