package dev.agentwatch.schema.serde;

import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;

/**
 * How payloads written with one schema id are read: a datum reader resolving the writer schema into the reader
 * class's schema, or (when the two cannot be reconciled) the reason, so that every such payload fails fast.
 */
record ReaderPlan<T>(int schemaId, Schema writerSchema, DatumReader<T> reader, boolean boundArrayItems,
        String incompatibility) {

    static <T> ReaderPlan<T> readable(int schemaId, Schema writerSchema, DatumReader<T> reader) {
        return new ReaderPlan<>(schemaId, writerSchema, reader, SchemaShapes.arrayItemsTakeBytes(writerSchema), null);
    }

    static <T> ReaderPlan<T> unreadable(int schemaId, Schema writerSchema, String incompatibility) {
        return new ReaderPlan<>(schemaId, writerSchema, null, true, incompatibility);
    }
}
