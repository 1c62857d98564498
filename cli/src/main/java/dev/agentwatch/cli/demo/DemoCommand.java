package dev.agentwatch.cli.demo;

import dev.agentwatch.cli.client.ClientConfig;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.AvroSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;

/** Demo traffic for {@code make run}: a small fleet in real time, with one latency incident. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Send synthetic agent traffic (stamped now) with one injected incident, until stopped.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--agents", defaultValue = "12", description = "Fleet size (default ${DEFAULT-VALUE}).")
    int agents;

    @Option(names = "--rate", defaultValue = "40", description = "Events per second over the fleet (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--incident-after", defaultValue = "30s", description = "When the incident starts (default ${DEFAULT-VALUE}).")
    Duration incidentAfter;

    @Option(names = "--incident-for", defaultValue = "3min", description = "How long it lasts (default ${DEFAULT-VALUE}).")
    Duration incidentFor;

    @Option(names = "--duration", description = "Stop after this long; default: until stopped.")
    Duration duration;

    @Option(names = "--seed", defaultValue = "7")
    long seed;

    @Spec
    CommandSpec spec;

    private static final Duration NO_BROKER_FOR = Duration.ofSeconds(60);

    @Override
    public Integer call() {
        ClientConfig config = ClientConfig.load();
        PrintWriter out = spec.commandLine().getOut();
        Instant start = Instant.now();
        DemoFleet fleet = new DemoFleet(agents, seed, start.plus(incidentAfter), incidentFor);
        AvroSerializer<MetricEvent> values = new AvroSerializer<>();
        values.configure(config.serdeConfig(), false);
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5);
        long periodNanos = (long) (1e9 / rate);
        long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        String topic = config.topics().metrics();
        out.printf("demo: %d agents, %.0f events/s to %s; incident on %s (latency 35-45 s) from %s for %s%n",
                agents, rate, topic, fleet.incidentAgent().id(), start.plus(incidentAfter), incidentFor);
        out.flush();
        boolean wasIncident = false;
        // Demo traffic left behind by a stopped cluster would otherwise write into the next one on the same port.
        java.util.concurrent.atomic.AtomicLong lastAck = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
        java.util.concurrent.atomic.AtomicBoolean giving = new java.util.concurrent.atomic.AtomicBoolean();
        try (KafkaProducer<String, MetricEvent> producer = new KafkaProducer<>(props, new StringSerializer(), values)) {
            long next = System.nanoTime();
            long sent = 0;
            while (next < end) {
                if (System.nanoTime() - lastAck.get() > NO_BROKER_FOR.toNanos()) {
                    System.err.println("demo: no event acknowledged for " + NO_BROKER_FOR.toSeconds() + " s (is the broker gone?); stopping");
                    giving.set(true);
                    producer.close(Duration.ZERO); // the unsent events go: a plain close would wait for the broker forever
                    return 1;
                }
                Instant now = Instant.now();
                MetricEvent e = fleet.next(now);
                producer.send(new ProducerRecord<>(topic, null, now.toEpochMilli(), e.getAgentId(), e), (md, failure) -> {
                    if (failure != null && !giving.get()) {
                        System.err.println("demo: send failed: " + failure);
                    } else {
                        lastAck.set(System.nanoTime());
                    }
                });
                sent++;
                boolean incident = fleet.inIncident(now);
                if (incident != wasIncident) {
                    out.println("demo: incident " + (incident ? "started" : "ended") + " at " + now + " (" + sent + " events sent)");
                    out.flush();
                    wasIncident = incident;
                }
                next += periodNanos;
                LockSupport.parkNanos(next - System.nanoTime());
            }
        } finally {
            values.close();
        }
        return 0;
    }
}
