package dev.agentwatch.faults.harness;

/** Where an acknowledged record landed. */
public record SentRecord(String kind, int partition, long offset) {
}
