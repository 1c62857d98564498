package dev.agentwatch.topics;

import dev.agentwatch.config.TopicNames;

import java.util.Arrays;
import java.util.List;

/**
 * The product's topics as every app creates them, so whichever app starts first makes the same topic: events
 * topics with the configured partitions, rules and silences compacted with one partition.
 */
public final class ProductTopics {

    private ProductTopics() {
    }

    public static List<TopicSpec> all(TopicNames names) {
        return List.of(
                TopicSpec.events(names.metrics(), names.partitions()),
                TopicSpec.events(names.metricsDlq(), names.partitions()),
                TopicSpec.events(names.alerts(), names.partitions()),
                TopicSpec.events(names.alertsDlq(), names.partitions()),
                TopicSpec.settings(names.rules()),
                TopicSpec.settings(names.silences()));
    }

    /** The specs of the given topics, in that order; a name that is not one of the product's is an error. */
    public static List<TopicSpec> named(TopicNames names, String... topics) {
        List<TopicSpec> all = all(names);
        return Arrays.stream(topics).map(t -> all.stream().filter(s -> s.name().equals(t)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(t + " is not one of the product's topics"))).toList();
    }
}
