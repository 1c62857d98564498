package dev.agentwatch.sink.kafka;

import dev.agentwatch.topics.TopicCreator;
import dev.agentwatch.topics.TopicReplication;
import dev.agentwatch.topics.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates the sink's topics when they are missing, by the product's one topic contract ({@code ProductTopics},
 * {@link TopicReplication}), so the sink and the streams app make the same topic whichever starts first.
 */
public final class TopicSetup {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TopicSetup() {
    }

    /** {@code replicationFactor} empty: the broker's default. */
    public static void ensure(String bootstrapServers, Optional<Short> replicationFactor, List<TopicSpec> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicCreator.createMissing(admin, topics, TopicReplication.resolve(admin, replicationFactor, TIMEOUT), TIMEOUT);
        }
    }
}
