package dev.agentwatch.config;

import java.util.List;
import java.util.Optional;

/**
 * The product's topics, named in configuration (SPEC names are the defaults in config/agentwatch.yaml), with the
 * partitions and the replication factor an app uses when it creates a missing one. No replication factor
 * configured means the broker's default ({@code default.replication.factor}), as SPEC section 7 asks.
 */
public record TopicNames(String metrics, String metricsDlq, String alerts, String alertsDlq, String rules,
                         String silences, int partitions, Optional<Short> replicationFactor) {

    /** With an explicit replication factor (tests on a one-node cluster). */
    public TopicNames(String metrics, String metricsDlq, String alerts, String alertsDlq, String rules, String silences,
                      int partitions, short replicationFactor) {
        this(metrics, metricsDlq, alerts, alertsDlq, rules, silences, partitions, Optional.of(replicationFactor));
    }

    static TopicNames from(ConfigNode topics) {
        topics.allowOnly(List.of("metrics", "metrics_dlq", "alerts", "alerts_dlq", "rules", "silences", "partitions",
                "replication_factor"));
        int partitions = topics.get("partitions").map(ConfigNode::integer).orElse(6);
        if (partitions < 1) {
            throw topics.require("partitions").error("must be at least 1");
        }
        Optional<Short> rf = topics.get("replication_factor").map(node -> {
            int n = node.integer();
            if (n < 1 || n > Short.MAX_VALUE) {
                throw node.error("must be at least 1 (leave it out for the broker's default.replication.factor)");
            }
            return (short) n;
        });
        return new TopicNames(
                topics.require("metrics").text(),
                topics.require("metrics_dlq").text(),
                topics.require("alerts").text(),
                topics.require("alerts_dlq").text(),
                topics.require("rules").text(),
                topics.require("silences").text(),
                partitions,
                rf);
    }
}
