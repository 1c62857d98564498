package dev.agentwatch.schema.serde;

import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;

/**
 * How payloads written with one schema id are read: a datum reader resolving the writer schema into the reader
 * class's schema, or (when the two cannot be reconciled) the reason, so that every such payload fails fast.
 */
record ReaderPlan<T>(int schemaId, String writerName, DatumReader<T> reader, boolean boundArrayItems,
        String incompatibility) {

    static <T> ReaderPlan<T> readable(int schemaId, Schema writerSchema, DatumReader<T> reader) {
        return new ReaderPlan<>(schemaId, writerSchema.getFullName(), reader, SchemaShapes.arrayItemsTakeBytes(writerSchema), null);
    }

    /** @param writerName the writer schema's full name, or what the registry holds instead of an Avro schema */
    static <T> ReaderPlan<T> unreadable(int schemaId, String writerName, String incompatibility) {
        return new ReaderPlan<>(schemaId, writerName, null, true, incompatibility);
    }
}
