/**
 * Per-agent aggregation core on the per-event hot path: {@link dev.agentwatch.window.SliceAggregate} sums one
 * agent's events over a fixed event-time slice (and, merged and subtracted, over sliding windows of slices),
 * {@link dev.agentwatch.window.QuantileSketch} gives its percentiles with a stated relative error, and
 * {@link dev.agentwatch.window.Metrics} resolves rule metric names into
 * {@link dev.agentwatch.window.MetricRef}s evaluated against a window. No I/O and no dependencies beyond the
 * JDK; adding an event allocates nothing in the steady state.
 */
package dev.agentwatch.window;
