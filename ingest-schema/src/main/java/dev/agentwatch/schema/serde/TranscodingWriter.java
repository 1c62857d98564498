package dev.agentwatch.schema.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Writes records of one schema in the encoding of another that can read it (Avro schema resolution), for
 * {@code use.latest.version} when a producer's class is older than the subject's latest schema. Encodes twice,
 * so only that case pays for it; thread-safe (scratch buffers are per call).
 */
final class TranscodingWriter implements DatumWriter<Object> {

    private final DatumWriter<Object> sourceWriter;
    private final GenericDatumReader<Object> resolver;
    private final GenericDatumWriter<Object> targetWriter;

    TranscodingWriter(DatumWriter<Object> sourceWriter, Schema source, Schema target) {
        this.sourceWriter = sourceWriter;
        this.resolver = new GenericDatumReader<>(source, target, GenericData.get());
        this.targetWriter = new GenericDatumWriter<>(target, GenericData.get());
    }

    @Override
    public void setSchema(Schema schema) {
        throw new UnsupportedOperationException("a transcoding writer's schemas are fixed");
    }

    @Override
    public void write(Object datum, Encoder out) throws IOException {
        ByteArrayOutputStream scratch = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(scratch, null);
        sourceWriter.write(datum, encoder);
        encoder.flush();
        byte[] sourceBytes = scratch.toByteArray();
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(sourceBytes, null);
        targetWriter.write(resolver.read(null, decoder), out);
    }
}
