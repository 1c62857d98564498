/**
 * Kafka serdes for Avro records in Confluent's wire format ({@link dev.agentwatch.schema.serde.AvroSerializer},
 * {@link dev.agentwatch.schema.serde.AvroDeserializer}, {@link dev.agentwatch.schema.serde.AvroSerde}).
 * Deserialization failures are {@link dev.agentwatch.schema.serde.WireFormatException}s with a
 * {@link dev.agentwatch.schema.serde.FailureReason} for dead-letter routing.
 */
package dev.agentwatch.schema.serde;
