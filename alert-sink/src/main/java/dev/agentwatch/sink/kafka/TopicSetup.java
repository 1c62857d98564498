package dev.agentwatch.sink.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Creates the sink's topics when they are missing; existing ones are left alone. */
public final class TopicSetup {

    /** One topic to make sure of. */
    public record Wanted(String name, int partitions, boolean compacted) {

        /** A topic of events, keyed and spread over {@code partitions}. */
        public static Wanted events(String name, int partitions) {
            return new Wanted(name, partitions, false);
        }

        /**
         * A compacted log of settings that readers take whole (silences): one partition, as the streams app makes
         * it too, so whichever starts first makes the same topic.
         */
        public static Wanted settings(String name) {
            return new Wanted(name, 1, true);
        }
    }

    private TopicSetup() {
    }

    public static void ensure(String bootstrapServers, short replicationFactor, List<Wanted> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Wanted w : topics) {
                if (!existing.contains(w.name())) {
                    NewTopic t = new NewTopic(w.name(), Optional.of(w.partitions()), Optional.of(replicationFactor));
                    if (w.compacted()) {
                        t.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                    }
                    missing.add(t);
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e; // another instance creating it at the same time is fine, anything else is not
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics " + topics + ": " + e, e);
        }
    }
}
