package dev.agentwatch.sink;

import dev.agentwatch.config.AgentwatchConfig;
import dev.agentwatch.config.ConfigException;
import dev.agentwatch.sink.config.SinkConfig;
import dev.agentwatch.sink.config.SinkConfigLoader;
import dev.agentwatch.sink.delivery.DeliveryListener;
import dev.agentwatch.sink.secrets.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Starts the alert sink. Reads {@code $AGENTWATCH_CONFIG} (default {@code config/agentwatch.yaml}) for Kafka,
 * the registry and topic names, and {@code $AGENTWATCH_SINK_CONFIG} (default {@code config/alert-sink.yaml}) for
 * routes, receivers and inhibit rules. Exit code 2 on a configuration error.
 */
public final class AlertSinkMain {

    private static final Logger log = LoggerFactory.getLogger(AlertSinkMain.class);

    private AlertSinkMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env = System.getenv();
        AgentwatchConfig config;
        SinkConfig sinkConfig;
        try {
            config = AgentwatchConfig.load();
            Path sinkPath = SinkConfigLoader.path(env);
            sinkConfig = SinkConfigLoader.load(sinkPath, env);
        } catch (ConfigException e) {
            System.err.println("agentwatch alert sink: configuration error: " + Redactor.scrub(e.getMessage()));
            System.exit(2);
            return;
        }
        var kafka = config.kafka();
        AlertSink sink = new AlertSink(new AlertSink.Settings(kafka.bootstrapServers(), kafka.schemaRegistryUrl(),
                config.topics(), sinkConfig), Clock.systemUTC(), System.out, DeliveryListener.NONE);
        Runtime.getRuntime().addShutdownHook(new Thread(sink::close, "shutdown"));
        try {
            sink.run();
        } catch (RuntimeException e) {
            log.error("alert sink failed: {}", Redactor.describe(e));
            System.exit(1);
        }
    }
}
