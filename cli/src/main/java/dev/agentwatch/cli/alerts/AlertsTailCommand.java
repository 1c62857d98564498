package dev.agentwatch.cli.alerts;

import dev.agentwatch.cli.client.ClientConfig;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.serde.AvroDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * Follows the alerts topic, committed records only (what the sink sees), without a consumer group: tailing
 * must not take partitions from, or move offsets of, anyone.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print alerts as they are written (read_committed). Ctrl-C to stop.")
public final class AlertsTailCommand implements Callable<Integer> {

    @Option(names = "--from-beginning", description = "Start at the oldest retained alert, not the newest.")
    boolean fromBeginning;

    @Option(names = "--max", description = "Stop after this many alerts.", defaultValue = "-1")
    long max;

    @Option(names = "--timeout", description = "Stop after this long without reaching --max (e.g. 2m); default: never.")
    Duration timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ClientConfig config = ClientConfig.load();
        PrintWriter out = spec.commandLine().getOut();
        AvroDeserializer<AlertEvent> values = new AvroDeserializer<>(AlertEvent.class);
        values.configure(config.serdeConfig(), false);
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        String topic = config.topics().alerts();
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        long printed = 0;
        try (KafkaConsumer<String, AlertEvent> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            if (partitions.isEmpty()) {
                spec.commandLine().getErr().println("no topic " + topic + " at " + config.kafka().bootstrapServers()
                        + " (the streams app creates it at start)");
                return 1;
            }
            // Ctrl-C: end the poll; nothing to commit or leave (no group), so no waiting for the main thread.
            Thread hook = new Thread(consumer::wakeup, "alerts-tail-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            out.println("tailing " + topic + " at " + config.kafka().bootstrapServers() + (fromBeginning ? " from the beginning" : ""));
            out.flush();
            while (System.nanoTime() < deadline && (max < 0 || printed < max)) {
                for (ConsumerRecord<String, AlertEvent> r : consumer.poll(Duration.ofMillis(500))) {
                    out.println(AlertLine.format(r.value()));
                    if (++printed == max) {
                        break;
                    }
                }
                out.flush();
            }
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (WakeupException stopped) {
            // Ctrl-C
        } finally {
            values.close();
        }
        return max < 0 || printed >= max ? 0 : 1;
    }
}
