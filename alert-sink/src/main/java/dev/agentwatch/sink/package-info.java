/**
 * The alert sink's wiring: {@code AlertSinkMain} reads the configuration and starts an {@code AlertSink}, which
 * builds the engine, the Kafka readers and writers, the delivery threads and the {@code /metrics} and {@code /health}
 * server, and closes them in reverse order. Every other package of the sink is below this one.
 */
package dev.agentwatch.sink;
