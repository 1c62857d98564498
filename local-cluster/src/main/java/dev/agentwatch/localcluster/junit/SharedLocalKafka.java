package dev.agentwatch.localcluster.junit;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.agentwatch.localcluster.RegistryProcess;

/** The broker, registry and admin client behind {@link LocalKafka}; closed by JUnit at the end of the run. */
final class SharedLocalKafka implements LocalKafka, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedLocalKafka.class);
    private static final long TOPIC_TIMEOUT_MS = 30_000;

    private final InProcessBroker broker;
    private final TestRegistry registry;
    private final Admin admin;
    private boolean closed;

    private SharedLocalKafka(InProcessBroker broker, TestRegistry registry) {
        this.broker = broker;
        this.registry = registry;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    static SharedLocalKafka start() {
        long t0 = System.nanoTime();
        Path jar = RegistryProcess.locateJar(); // before anything starts: a missing jar is the likeliest failure
        // The registry is a separate JVM and needs no Kafka; booting both at once saves its start-up time.
        CompletableFuture<TestRegistry> registry = CompletableFuture.supplyAsync(() -> TestRegistry.start(jar), task -> {
            Thread thread = new Thread(task, "agentwatch-registry-start");
            thread.setDaemon(true);
            thread.start();
        });
        InProcessBroker broker;
        try {
            broker = InProcessBroker.start();
        } catch (RuntimeException e) {
            registry.thenAccept(TestRegistry::close);
            throw e;
        }
        try {
            SharedLocalKafka started = new SharedLocalKafka(broker, registry.join());
            LOG.info("local Kafka at {} and schema registry at {} ready in {} ms", started.bootstrapServers(),
                    started.schemaRegistryUrl(), (System.nanoTime() - t0) / 1_000_000);
            return started;
        } catch (CompletionException e) {
            broker.close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    @Override
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public String schemaRegistryUrl() {
        return registry.url();
    }

    @Override
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        NewTopic topic = new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(configs);
        try {
            admin.createTopics(List.of(topic)).all().get(TOPIC_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name, e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name, e);
        }
        awaitLeaders(name);
    }

    /** CreateTopics returns when the controller has the topic; the broker may not serve it for a moment. */
    private void awaitLeaders(String name) {
        long deadline = System.currentTimeMillis() + TOPIC_TIMEOUT_MS;
        while (true) {
            try {
                TopicDescription description = admin.describeTopics(List.of(name)).allTopicNames()
                        .get(5, TimeUnit.SECONDS).get(name);
                if (description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("cannot describe topic " + name, e.getCause());
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot describe topic " + name, e);
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("topic " + name + " has no leader after " + TOPIC_TIMEOUT_MS + " ms");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for topic " + name, e);
            }
        }
    }

    @Override
    public String uniqueName(String prefix) {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        String separator = prefix.isEmpty() || prefix.endsWith("-") || prefix.endsWith(".") || prefix.endsWith("_") ? "" : "-";
        return prefix + separator + HexFormat.of().formatHex(random);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            admin.close();
        } finally {
            try {
                broker.close();
            } finally {
                registry.close();
            }
        }
    }
}
