/**
 * The engine without Kafka: {@code SinkEngine} builds, from the configuration, the delivery queues and the
 * {@code AlertPipeline}, which takes the stages in their order: dedup, route, group, the muting stages (inhibition,
 * then silences), notify; retry is the queues'. Tests drive it on one thread with a fake clock.
 */
package dev.agentwatch.sink.pipeline;
