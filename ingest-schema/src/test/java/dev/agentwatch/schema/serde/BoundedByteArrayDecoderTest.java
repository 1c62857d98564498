package dev.agentwatch.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.BoundedByteArrayDecoder.MalformedAvroException;
import dev.agentwatch.schema.testing.AvroBytes;
import dev.agentwatch.schema.testing.TestEvents;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

class BoundedByteArrayDecoderTest {

    private final BoundedByteArrayDecoder decoder = new BoundedByteArrayDecoder();

    @Test
    void readsWhatAvrosEncoderWrites() throws IOException {
        for (SpecificRecord event : List.<SpecificRecord>of(TestEvents.fullMetric(1), TestEvents.minimalMetric(2),
                TestEvents.extremeMetric(), TestEvents.firingAlert(3), TestEvents.resolvedAlert(4))) {
            byte[] body = AvroBytes.encode(event);
            assertThat(readSpecific(event, body)).isEqualTo(event);
            assertThat(decoder.remaining()).isZero();
        }
    }

    @Test
    void readsPrimitiveEdgeValues() throws IOException {
        int[] ints = {0, 1, -1, 63, -64, 64, 8191, -8192, Integer.MAX_VALUE, Integer.MIN_VALUE};
        long[] longs = {0, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 35, -(1L << 49)};
        double[] doubles = {0.0, -0.0, Double.NaN, Double.MIN_VALUE, -Double.MAX_VALUE, Double.NEGATIVE_INFINITY};
        float[] floats = {0f, -0f, Float.NaN, Float.MIN_VALUE, Float.MAX_VALUE};
        byte[] body = AvroBytes.write(out -> {
            for (int i : ints) out.writeInt(i);
            for (long l : longs) out.writeLong(l);
            for (double d : doubles) out.writeDouble(d);
            for (float f : floats) out.writeFloat(f);
            out.writeBoolean(true);
            out.writeBoolean(false);
            out.writeString("héllo ✓ 𝄞");
            out.writeBytes(new byte[] {1, 2, 3});
            out.writeFixed(new byte[] {9, 8});
        });
        decoder.reset(body, 0, body.length, true);
        for (int i : ints) assertThat(decoder.readInt()).isEqualTo(i);
        for (long l : longs) assertThat(decoder.readLong()).isEqualTo(l);
        for (double d : doubles) assertThat(Double.doubleToRawLongBits(decoder.readDouble()))
                .isEqualTo(Double.doubleToRawLongBits(d));
        for (float f : floats) assertThat(Float.floatToRawIntBits(decoder.readFloat()))
                .isEqualTo(Float.floatToRawIntBits(f));
        assertThat(decoder.readBoolean()).isTrue();
        assertThat(decoder.readBoolean()).isFalse();
        assertThat((Object) decoder.readString(new Utf8("old, longer than the new one"))).hasToString("héllo ✓ 𝄞");
        ByteBuffer bytes = decoder.readBytes(null);
        assertThat(bytes.remaining()).isEqualTo(3);
        assertThat(bytes.get(2)).isEqualTo((byte) 3);
        byte[] fixed = new byte[2];
        decoder.readFixed(fixed);
        assertThat(fixed).containsExactly(9, 8);
        assertThat(decoder.remaining()).isZero();
    }

    @Test
    void readsBlockedArraysAndMapsWithByteSizes() throws IOException {
        AlertEvent alert = TestEvents.firingAlert(1);
        // The blocking encoder writes negative counts followed by block sizes, as some writers do.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder blocking = EncoderFactory.get().blockingBinaryEncoder(bytes, null);
        new org.apache.avro.specific.SpecificDatumWriter<AlertEvent>(AlertEvent.getClassSchema(),
                SpecificData.getForClass(AlertEvent.class)).write(alert, blocking);
        blocking.flush();
        byte[] body = bytes.toByteArray();
        assertThat(readSpecific(alert, body)).isEqualTo(alert);
        assertThat(decoder.remaining()).isZero();

        // Skipping whole blocks by their size: a reader without the collections resolves past them.
        Schema narrow = SchemaBuilder.record("AlertEvent").namespace("dev.agentwatch.schema").fields()
                .requiredString("fingerprint").endRecord();
        GenericRecord read = new GenericDatumReader<GenericRecord>(AlertEvent.getClassSchema(), narrow)
                .read(null, decoder.reset(body, 0, body.length, true));
        assertThat(read.get("fingerprint")).hasToString(alert.getFingerprint());
        assertThat(decoder.remaining()).isZero();
    }

    @Test
    void everyPrefixOfARecordIsATruncation() {
        MetricEvent event = TestEvents.fullMetric(9);
        byte[] body = AvroBytes.encode(event);
        for (int length = 0; length < body.length; length++) {
            int len = length;
            assertThatThrownBy(() -> readSpecific(event, java.util.Arrays.copyOf(body, len)))
                    .as("prefix of %d bytes", len)
                    .isInstanceOf(EOFException.class);
        }
    }

    @Test
    void hugeClaimedLengthsFailWithoutAllocating() {
        byte[] string = AvroBytes.write(out -> out.writeLong(Integer.MAX_VALUE - 100));
        byte[] array = AvroBytes.write(out -> out.writeLong(1_000_000_000L));
        assertThatThrownBy(() -> decoder.reset(string, 0, string.length, true).readString())
                .isInstanceOf(EOFException.class).hasMessageContaining("claims 2147483547 bytes");
        assertThatThrownBy(() -> decoder.reset(array, 0, array.length, true).readArrayStart())
                .isInstanceOf(EOFException.class).hasMessageContaining("claims 1000000000 items");
        // Avro's own decoder allocates each claimed length before reading: about 2 GB per string here.
        long before = allocatedBytes();
        int failures = 0;
        for (int i = 0; i < 20; i++) {
            failures += fails(() -> decoder.reset(string, 0, string.length, true).readString());
            failures += fails(() -> decoder.reset(string, 0, string.length, true).readBytes(null));
            failures += fails(() -> decoder.reset(array, 0, array.length, true).readArrayStart());
            failures += fails(() -> decoder.reset(array, 0, array.length, false).readMapStart());
        }
        assertThat(failures).isEqualTo(80);
        assertThat(allocatedBytes() - before).as("bytes allocated by 80 rejected claims").isLessThan(4_000_000);
    }

    private interface Call {
        void run() throws IOException;
    }

    private static int fails(Call call) {
        try {
            call.run();
            return 0;
        } catch (EOFException expected) {
            return 1;
        } catch (IOException other) {
            throw new AssertionError("unexpected " + other, other);
        }
    }

    @Test
    void impossibleValuesAreMalformed() {
        byte[] negativeLength = AvroBytes.write(out -> out.writeLong(-5));
        assertThatThrownBy(() -> decoder.reset(negativeLength, 0, negativeLength.length, true).readString())
                .isInstanceOf(MalformedAvroException.class).hasMessageContaining("negative");
        byte[] badBoolean = {2};
        assertThatThrownBy(() -> decoder.reset(badBoolean, 0, 1, true).readBoolean())
                .isInstanceOf(MalformedAvroException.class);
        byte[] longVarint = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1};
        assertThatThrownBy(() -> decoder.reset(longVarint, 0, longVarint.length, true).readLong())
                .isInstanceOf(MalformedAvroException.class);
        byte[] intVarint = {-1, -1, -1, -1, 0x1f};
        assertThatThrownBy(() -> decoder.reset(intVarint, 0, intVarint.length, true).readInt())
                .isInstanceOf(MalformedAvroException.class);
        byte[] sixByteInt = {-1, -1, -1, -1, -1, 1};
        assertThatThrownBy(() -> decoder.reset(sixByteInt, 0, sixByteInt.length, true).readInt())
                .isInstanceOf(MalformedAvroException.class);
    }

    @Test
    void arraysOfZeroByteItemsAreNotBoundedByBytes() throws IOException {
        Schema nulls = SchemaBuilder.array().items().nullType();
        GenericData.Array<Object> tenNulls = new GenericData.Array<>(nulls, java.util.Collections.nCopies(10, null));
        byte[] body = AvroBytes.write(out -> new org.apache.avro.generic.GenericDatumWriter<Object>(nulls)
                .write(tenNulls, out));
        assertThat(body).hasSize(2); // count 10, end marker: the items take no bytes
        assertThat(SchemaShapes.arrayItemsTakeBytes(nulls)).isFalse();
        Object read = new GenericDatumReader<Object>(nulls).read(null, decoder.reset(body, 0, body.length, false));
        assertThat((List<?>) read).hasSize(10);
    }

    private <T extends SpecificRecord> T readSpecific(T like, byte[] body) throws IOException {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) like.getClass();
        var reader = new SpecificDatumReader<T>(like.getSchema(), like.getSchema(), SpecificData.getForClass(type));
        return reader.read(null, decoder.reset(body, 0, body.length, true));
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
