package dev.agentwatch.schema.serde;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** How records of one schema are written to one subject: the id for the header and the writer of the body. */
record WriterPlan(int schemaId, DatumWriter<Object> writer) {

    /** Writes records of {@code schema} as they are; the model of a generated class keeps its logical types. */
    static DatumWriter<Object> writerFor(Schema schema, IndexedRecord sample) {
        if (sample instanceof SpecificRecord) {
            return new SpecificDatumWriter<>(schema, SpecificData.getForClass(sample.getClass()));
        }
        return new GenericDatumWriter<>(schema, GenericData.get());
    }
}
