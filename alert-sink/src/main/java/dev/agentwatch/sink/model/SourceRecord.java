package dev.agentwatch.sink.model;

/**
 * Where a record was read: written into dead-letter headers so a parked alert can be traced to its input, and named
 * when a silence record is refused.
 */
public record SourceRecord(String topic, int partition, long offset) {

}
