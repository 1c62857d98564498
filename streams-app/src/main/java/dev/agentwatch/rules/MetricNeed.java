package dev.agentwatch.rules;

import dev.agentwatch.window.MetricRef;

/** A window metric some rule reads: the topology keeps a running window of {@code windowMs} for it. */
public record MetricNeed(MetricRef metric, long windowMs) {
}
