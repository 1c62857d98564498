package dev.agentwatch.sink.broker;

import dev.agentwatch.sink.AlertSink;
import dev.agentwatch.sink.config.HttpSettings;
import dev.agentwatch.sink.config.SinkConfigLoader;
import dev.agentwatch.sink.testing.RecordingListener;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** An {@link AlertSink} running in this JVM on its own thread, with its console and deliveries recorded. */
final class RunningSink implements AutoCloseable {

    final AlertSink sink;
    final RecordingListener listener = new RecordingListener();
    final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final Thread thread;

    RunningSink(BrokerFixture f, String sinkYaml, Map<String, String> env) throws InterruptedException {
        // Any free port for /metrics and /health, so tests run next to each other and to `make run`.
        Map<String, String> withPort = new HashMap<>(env);
        withPort.putIfAbsent(HttpSettings.PORT_ENV, "0");
        var config = SinkConfigLoader.parse("sink.yaml", sinkYaml, withPort);
        sink = new AlertSink(new AlertSink.Settings(f.kafka.bootstrapServers(), f.kafka.schemaRegistryUrl(), f.topics, config),
                Clock.systemUTC(), new PrintStream(console, true, StandardCharsets.UTF_8), listener);
        thread = new Thread(() -> {
            try {
                sink.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sink-under-test");
        thread.start();
        if (!sink.awaitStarted(Duration.ofSeconds(60))) {
            throw new AssertionError("sink did not start");
        }
    }

    Set<Integer> partitions() {
        return sink.assignedPartitions();
    }

    String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        sink.close();
        try {
            thread.join(20_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
