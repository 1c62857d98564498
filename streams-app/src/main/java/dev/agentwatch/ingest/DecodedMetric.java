package dev.agentwatch.ingest;

import dev.agentwatch.schema.MetricEvent;

/**
 * A valid metric event with the bytes it came from, so a later stage that refuses it (as late) can still
 * dead-letter the original record unchanged.
 */
public record DecodedMetric(MetricEvent event, byte[] rawKey, byte[] rawValue) {
}
