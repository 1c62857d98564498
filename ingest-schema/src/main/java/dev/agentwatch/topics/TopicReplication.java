package dev.agentwatch.topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How the topics the apps create are replicated (SPEC section 7): the configured factor, else the broker's default;
 * and {@code min.insync.replicas} 2 where the factor is 3 or more, so an acks=all write is on two brokers before
 * it is acknowledged and one broker may be down without stopping writes. The streams app gives its changelog and
 * repartition topics the same rules through Kafka Streams' {@code replication.factor} and {@code topic.} prefix.
 *
 * @param configured the factor from configuration; empty means the broker's default
 * @param effective  the factor topics will get; empty when the broker's default could not be read (no override then)
 */
public record TopicReplication(Optional<Short> configured, OptionalInt effective) {

    /** A factor from which a second in-sync replica is required. */
    public static final int MIN_INSYNC_FROM_FACTOR = 3;
    public static final int MIN_INSYNC_REPLICAS = 2;
    static final String BROKER_DEFAULT = "default.replication.factor";
    private static final Logger log = LoggerFactory.getLogger(TopicReplication.class);

    /** The configured factor as it stands, without asking the cluster (tests, offline tools). */
    public static TopicReplication configuredOnly(Optional<Short> configured) {
        return new TopicReplication(configured, configured.map(f -> OptionalInt.of(f)).orElse(OptionalInt.empty()));
    }

    /**
     * The configured factor, else the {@code default.replication.factor} of the broker with the lowest id: Kafka
     * expects it the same on every node, and on a KRaft controller too (which applies it).
     */
    public static TopicReplication resolve(Admin admin, Optional<Short> configured, Duration timeout) {
        if (configured.isPresent()) {
            return configuredOnly(configured);
        }
        try {
            Node broker = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
                    .min(Comparator.comparingInt(Node::id))
                    .orElseThrow(() -> new IllegalStateException("the cluster lists no broker"));
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(broker.id()));
            Config config = admin.describeConfigs(List.of(resource)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
            ConfigEntry entry = config.get(BROKER_DEFAULT);
            return new TopicReplication(configured, OptionalInt.of(Integer.parseInt(entry.value())));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ClusterAuthorizationException) {
                // Topics are often made by an operator in a locked-down cluster; not knowing the factor only costs the override.
                log.warn("not allowed to read the brokers' {}; topics made here get the broker's min.insync.replicas", BROKER_DEFAULT);
                return new TopicReplication(configured, OptionalInt.empty());
            }
            throw new IllegalStateException("cannot read the brokers' " + BROKER_DEFAULT + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot read the brokers' " + BROKER_DEFAULT + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the brokers' " + BROKER_DEFAULT, e);
        }
    }

    /** {@code min.insync.replicas} to set on a topic made here, if any. */
    public OptionalInt minInsyncReplicas() {
        return effective.isPresent() && effective.getAsInt() >= MIN_INSYNC_FROM_FACTOR
                ? OptionalInt.of(MIN_INSYNC_REPLICAS) : OptionalInt.empty();
    }

    /** Topic-level configs for a topic made here. */
    public Map<String, String> topicConfigs() {
        OptionalInt min = minInsyncReplicas();
        return min.isPresent() ? Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(min.getAsInt())) : Map.of();
    }

    /** For the start-up log line. */
    public String describe() {
        String factor = effective.isPresent() ? Integer.toString(effective.getAsInt()) : "unknown";
        return "replication factor " + factor + (configured.isEmpty() ? " (broker default)" : " (configured)")
                + minInsyncReplicas().stream().mapToObj(m -> ", min.insync.replicas " + m).findFirst().orElse("");
    }
}
