package dev.agentwatch.localcluster.junit;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

import dev.agentwatch.localcluster.SingleNodeSettings;

/** One combined broker and controller inside the test JVM, on Kafka's own test kit; its data is deleted on close. */
final class InProcessBroker implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private InProcessBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    static InProcessBroker start() {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                // The test kit defaults to the newest, unstable metadata version; tests should see what users run.
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                .build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
        SingleNodeSettings.brokerSettings().forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = null;
        try {
            cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new InProcessBroker(cluster);
        } catch (Exception e) {
            if (cluster != null) {
                closeQuietly(cluster);
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the in-process Kafka broker did not start", e);
        }
    }

    String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("the in-process Kafka broker did not shut down cleanly", e);
        }
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        try {
            cluster.close();
        } catch (Exception ignored) {
            // Already failing; the start-up error is the one to report.
        }
    }
}
