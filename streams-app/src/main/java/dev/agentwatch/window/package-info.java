/**
 * Per-agent aggregation core on the per-event hot path, the bottom layer of the streams app:
 * {@link dev.agentwatch.window.SliceAggregate} sums one agent's events over a fixed event-time slice (and, merged
 * and subtracted, over sliding windows of slices), {@link dev.agentwatch.window.QuantileSketch} gives its
 * percentiles with a stated relative error, {@link dev.agentwatch.window.WindowEngine} moves one task's agents'
 * windows on with event time, and {@link dev.agentwatch.window.Metrics} resolves rule metric names into
 * {@link dev.agentwatch.window.MetricRef}s evaluated against a window. Events arrive as
 * {@link dev.agentwatch.window.Observation}s (plain Java values); the binary codecs of slices and agents' info live
 * here too. No I/O and no dependencies beyond the JDK (checked by {@code StreamsAppArchitectureTest}); adding an
 * event allocates nothing in the steady state.
 */
package dev.agentwatch.window;
