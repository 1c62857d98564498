/**
 * Third stage: alert groups by partition, route node and {@code group_by} labels, each flushed after
 * {@code group_wait}, then every {@code group_interval}, as a {@code GroupSnapshot}.
 */
package dev.agentwatch.sink.grouping;
