/**
 * Everything that talks to Kafka: the consumer loop that feeds the pipeline and commits only what is done, the
 * dead-letter topic (the {@code ParkingLot} the queues park in), the silences topic (followed into a
 * {@code SilenceStore}; written by {@code SilenceAdmin}, the API of {@code agentwatch silence}), whole-topic readers
 * and topic creation. No other package but the wiring imports Kafka.
 */
package dev.agentwatch.sink.kafka;
