package dev.agentwatch.sink.broker;

import dev.agentwatch.localcluster.SingleNodeSettings;
import dev.agentwatch.localcluster.junit.LocalKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A broker of its own for tests that need what the shared one does not do: ACLs (Kafka's StandardAuthorizer) and no
 * automatic topic creation, so a deleted topic stays missing. Everyone may do everything until a test adds a DENY.
 * The schema registry is the shared one (it keeps its schemas apart from Kafka).
 */
final class SecuredBroker implements LocalKafka, AutoCloseable {

    private static final String EVERYONE = "User:*";

    private final KafkaClusterTestKit cluster;
    private final LocalKafka shared;
    private final Admin admin;

    private SecuredBroker(KafkaClusterTestKit cluster, LocalKafka shared) {
        this.cluster = cluster;
        this.shared = shared;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
    }

    /** @param shared the shared broker, for its registry and unique names */
    static SecuredBroker start(LocalKafka shared) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction()).build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
        SingleNodeSettings.brokerSettings().forEach(builder::setConfigProp);
        builder.setConfigProp("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        builder.setConfigProp("allow.everyone.if.no.acl.found", "true");
        builder.setConfigProp("auto.create.topics.enable", "false");
        KafkaClusterTestKit cluster = builder.build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        SecuredBroker b = new SecuredBroker(cluster, shared);
        // Once a resource has an ACL, "no ACL found" no longer allows: allow everything everywhere, so a DENY is the
        // only thing that refuses.
        b.acls(AclPermissionType.ALLOW, List.of(
                new ResourcePattern(ResourceType.TOPIC, "*", PatternType.LITERAL),
                new ResourcePattern(ResourceType.GROUP, "*", PatternType.LITERAL),
                new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "*", PatternType.LITERAL),
                new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL)), AclOperation.ALL);
        return b;
    }

    @Override
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public String schemaRegistryUrl() {
        return shared.schemaRegistryUrl();
    }

    @Override
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try {
            admin.createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(configs)))
                    .all().get(30, TimeUnit.SECONDS);
            // Created is not yet served: wait until every partition has a leader (the broker may not even know
            // the topic for a moment: UnknownTopicOrPartition, asked again).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!led(name)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + name + " has no leader");
                }
                Thread.sleep(50);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name, e);
        }
    }

    private boolean led(String name) throws Exception {
        try {
            return admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS).get(name).partitions().stream()
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public String uniqueName(String prefix) {
        return shared.uniqueName(prefix);
    }

    /** Deletes the topic; with automatic creation off it stays missing until {@link #createTopic}. */
    void deleteTopic(String name) throws Exception {
        admin.deleteTopics(List.of(name)).all().get(30, TimeUnit.SECONDS);
    }

    /** Nobody may write to {@code topic} (TopicAuthorizationException), until {@link #allowAll()}. */
    void denyWrite(String topic) throws Exception {
        acls(AclPermissionType.DENY, List.of(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL)), AclOperation.WRITE);
    }

    /**
     * No producer may get an idempotent producer id: the broker allows one to whoever may write to some topic or has
     * IDEMPOTENT_WRITE on the cluster, so both are denied. An idempotent producer refused so goes into a fatal state.
     */
    void denyIdempotentProducers() throws Exception {
        acls(AclPermissionType.DENY, List.of(new ResourcePattern(ResourceType.TOPIC, "*", PatternType.LITERAL)), AclOperation.WRITE);
        acls(AclPermissionType.DENY, List.of(new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL)),
                AclOperation.IDEMPOTENT_WRITE);
    }

    /** Removes every DENY. */
    void allowAll() throws Exception {
        admin.deleteAcls(List.of(DENIES)).all().get(30, TimeUnit.SECONDS);
        awaitAcls(DENIES, 0);
    }

    private static final AclBindingFilter DENIES = new AclBindingFilter(ResourcePatternFilter.ANY,
            new AccessControlEntryFilter(null, null, AclOperation.ANY, AclPermissionType.DENY));

    private void acls(AclPermissionType type, List<ResourcePattern> on, AclOperation op) throws Exception {
        List<AclBinding> bindings = on.stream().map(p -> new AclBinding(p, new AccessControlEntry(EVERYONE, "*", op, type))).toList();
        admin.createAcls(bindings).all().get(30, TimeUnit.SECONDS);
        for (AclBinding b : bindings) {
            awaitAcls(b.toFilter(), 1);
        }
    }

    /** ACLs reach the broker's authorizer through the metadata log; the broker answers DescribeAcls from it. */
    private void awaitAcls(AclBindingFilter filter, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (admin.describeAcls(filter).values().get(30, TimeUnit.SECONDS).size() != count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the broker does not show " + count + " ACL(s) for " + filter);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws Exception {
        admin.close();
        cluster.close();
    }
}
