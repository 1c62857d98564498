package dev.agentwatch.gateway;

import dev.agentwatch.config.AgentwatchConfig;
import dev.agentwatch.config.ConfigException;
import dev.agentwatch.schema.AvroSerdeConfig;
import org.apache.kafka.clients.CommonClientConfigs;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the HTTP gateway from {@code config/agentwatch.yaml} ({@code gateway:}); SIGTERM drains it (see
 * {@link Gateway#close()}) before the process exits.
 */
public final class GatewayMain {

    public static void main(String[] args) throws Exception {
        Gateway gateway;
        try {
            AgentwatchConfig config = AgentwatchConfig.load();
            GatewaySettings settings = GatewaySettings.from(config, System.getenv());
            gateway = new Gateway(settings,
                    Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers()),
                    Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, config.kafka().schemaRegistryUrl()),
                    config.topics().metrics(), config.topics().rules());
        } catch (ConfigException e) {
            System.err.println("gateway: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Gateway running = gateway;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("gateway: draining (requests in progress are answered, then Kafka is flushed)");
            running.close();
            System.out.println("gateway: stopped");
            stopped.countDown();
        }, "gateway-drain"));
        gateway.start();
        System.out.println("gateway listening on http://" + gateway.settings().bindAddress() + ":" + gateway.port());
        stopped.await();
    }
}
