package dev.agentwatch.config;

import java.util.List;

/** The product's topics, named in configuration (SPEC names are the defaults in config/agentwatch.yaml). */
public record TopicNames(String metrics, String metricsDlq, String alerts, String alertsDlq, String rules,
                         String silences, int partitions, short replicationFactor) {

    static TopicNames from(ConfigNode topics) {
        topics.allowOnly(List.of("metrics", "metrics_dlq", "alerts", "alerts_dlq", "rules", "silences", "partitions",
                "replication_factor"));
        int partitions = topics.get("partitions").map(ConfigNode::integer).orElse(6);
        int rf = topics.get("replication_factor").map(ConfigNode::integer).orElse(1);
        if (partitions < 1) {
            throw topics.require("partitions").error("must be at least 1");
        }
        if (rf < 1 || rf > Short.MAX_VALUE) {
            throw topics.require("replication_factor").error("must be at least 1");
        }
        return new TopicNames(
                topics.require("metrics").text(),
                topics.require("metrics_dlq").text(),
                topics.require("alerts").text(),
                topics.require("alerts_dlq").text(),
                topics.require("rules").text(),
                topics.require("silences").text(),
                partitions,
                (short) rf);
    }
}
