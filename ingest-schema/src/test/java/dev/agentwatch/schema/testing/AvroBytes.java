package dev.agentwatch.schema.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** Avro bodies written by Avro's own encoder, independent of the code under test. */
public final class AvroBytes {

    private AvroBytes() {}

    public static byte[] encode(SpecificRecord record) {
        var writer = new SpecificDatumWriter<Object>(record.getSchema(), SpecificData.getForClass(record.getClass()));
        return write(out -> writer.write(record, out));
    }

    public static byte[] encodeGeneric(GenericRecord record) {
        var writer = new GenericDatumWriter<Object>(record.getSchema(), GenericData.get());
        return write(out -> writer.write(record, out));
    }

    public interface Body {
        void writeTo(BinaryEncoder out) throws IOException;
    }

    public static byte[] write(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        try {
            body.writeTo(encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
