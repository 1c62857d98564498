package dev.agentwatch.schema.serde;

import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.registry.SchemaIncompatibilities;
import dev.agentwatch.schema.registry.SchemaRegistryClient;
import dev.agentwatch.schema.registry.SchemaRegistryException;
import dev.agentwatch.schema.registry.UnknownSchemaIdException;
import dev.agentwatch.schema.registry.UnreadableSchemaException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer of Confluent-wire-format Avro into generated specific classes.
 *
 * <p>The reader class is the one given to the constructor, else {@code specific.avro.value.type} /
 * {@code specific.avro.key.type}, else the class named by each writer schema. The writer schema is fetched by id
 * once and resolved into the reader class's schema, so a reader built from an older schema reads data written
 * with a newer, compatible one. Generic records are not supported ({@code specific.avro.reader=false} is refused).
 *
 * <p>Hot path: after the first payload of each schema id, deserializing does no I/O and allocates only the
 * record; the decoder is per thread and bounds every length by the payload's size, so corrupt payloads cannot
 * make it allocate more than the payload holds.
 *
 * <p>Every failure is a {@link WireFormatException} carrying a {@link FailureReason}: null in, null out
 * (tombstones); anything else either is a record or says why not.
 */
public class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private static final ThreadLocal<BoundedByteArrayDecoder> DECODERS =
            ThreadLocal.withInitial(BoundedByteArrayDecoder::new);

    private SchemaRegistryClient client;
    private boolean ownsClient;
    private Class<? extends SpecificRecord> readerType;
    private SpecificData classFinder;
    private final Map<Integer, ReaderPlan<T>> plans = new ConcurrentHashMap<>();
    private final UnknownSchemaIds unknownIds = new UnknownSchemaIds();
    /** Most topics carry one schema id at a time: skip the map (and boxing) for it. */
    private volatile ReaderPlan<T> lastPlan;

    /** For Kafka to instantiate by class name; {@link #configure} creates the registry client. */
    public AvroDeserializer() {}

    /** Reads every payload as {@code readerType}. */
    public AvroDeserializer(Class<T> readerType) {
        this.readerType = readerType;
    }

    /** Reads every payload as {@code readerType}, with a client owned by the caller (not closed here). */
    public AvroDeserializer(Class<T> readerType, SchemaRegistryClient client) {
        this.readerType = readerType;
        this.client = client;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        boolean create = client == null;
        ownsClient |= create;
        configure(configs, isKey, create ? SerdeSettings.newClient(configs, isKey) : client);
    }

    /** Configures with a client owned by someone else (the enclosing serde). */
    void configure(Map<String, ?> configs, boolean isKey, SchemaRegistryClient sharedClient) {
        SerdeSettings settings = SerdeSettings.from(configs, isKey);
        this.client = sharedClient;
        if (readerType == null) {
            readerType = settings.readerType();
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        this.classFinder = new SpecificData(loader != null ? loader : AvroDeserializer.class.getClassLoader());
        plans.clear();
        unknownIds.clear();
        lastPlan = null;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        return decode(topic, data, 0, data.length);
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        return deserialize(topic, data);
    }

    /** Reads heap buffers in place instead of copying them (the consumer's default path copies). */
    @Override
    public T deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (data.hasArray()) {
            return decode(topic, data.array(), data.arrayOffset() + data.position(), data.remaining());
        }
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return decode(topic, copy, 0, copy.length);
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }

    private T decode(String topic, byte[] data, int offset, int length) {
        int schemaId = WireFormat.schemaId(topic, data, offset, length);
        ReaderPlan<T> plan = plan(topic, schemaId);
        if (plan.incompatibility() != null) {
            throw new IncompatibleWriterSchemaException("Payload on topic " + topic + " was written with schema id "
                    + schemaId + " (" + plan.writerName() + "), which cannot be read here: " + plan.incompatibility());
        }
        int bodyLength = length - WireFormat.HEADER_SIZE;
        BoundedByteArrayDecoder decoder = DECODERS.get()
                .reset(data, offset + WireFormat.HEADER_SIZE, bodyLength, plan.boundArrayItems());
        T record;
        int left;
        try {
            record = plan.reader().read(null, decoder);
            left = decoder.remaining();
        } catch (EOFException e) {
            throw new TruncatedAvroException(describe(topic, schemaId, bodyLength) + " is truncated: "
                    + e.getMessage(), e);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            // Avro signals impossible data with assorted runtime exceptions (bad union or enum index, ...). Deep
            // nesting recurses; recursive writer schemas are refused, so this is a last line of defence.
            throw new CorruptAvroException(describe(topic, schemaId, bodyLength) + " is corrupt: " + e, e);
        } finally {
            decoder.release();
        }
        if (left > 0) {
            throw new TrailingBytesException(describe(topic, schemaId, bodyLength) + " has " + left
                    + " byte(s) left over after the record", left);
        }
        return record;
    }

    private static String describe(String topic, int schemaId, int bodyLength) {
        return "Avro body of a payload on topic " + topic + " (schema id " + schemaId + ", " + bodyLength + " bytes)";
    }

    private ReaderPlan<T> plan(String topic, int schemaId) {
        ReaderPlan<T> plan = lastPlan;
        if (plan != null && plan.schemaId() == schemaId) {
            return plan;
        }
        if (client == null) {
            throw new IllegalStateException("AvroDeserializer used before configure()");
        }
        plan = plans.get(schemaId);
        if (plan == null) {
            plan = createPlan(topic, schemaId);
            ReaderPlan<T> raced = plans.putIfAbsent(schemaId, plan);
            plan = raced != null ? raced : plan;
        }
        lastPlan = plan;
        return plan;
    }

    private ReaderPlan<T> createPlan(String topic, int schemaId) {
        Schema writer;
        long now = System.nanoTime();
        UnknownSchemaIdException known = unknownIds.recent(schemaId, now);
        try {
            if (known != null) {
                throw known;
            }
            writer = client.schemaById(schemaId);
        } catch (UnknownSchemaIdException e) {
            if (known == null) {
                unknownIds.remember(schemaId, e, now);
            }
            throw new SchemaIdNotFoundException("Payload on topic " + topic + " names schema id " + schemaId
                    + ", which the registry does not know: " + e.getMessage(), schemaId, e);
        } catch (UnreadableSchemaException e) {
            return ReaderPlan.unreadable(schemaId, "not an Avro schema", e.getMessage());
        } catch (SchemaRegistryException e) {
            throw new WriterSchemaUnavailableException("Could not fetch writer schema id " + schemaId
                    + " for a payload on topic " + topic + ": " + e.getMessage(), schemaId, e);
        }
        try {
            return planFor(schemaId, writer);
        } catch (RuntimeException | StackOverflowError e) {
            // Whatever a writer schema makes Avro's resolution throw is the schema's fault, decided once per id.
            return ReaderPlan.unreadable(schemaId, writer.getFullName(), "Avro cannot resolve it: " + e);
        }
    }

    private ReaderPlan<T> planFor(int schemaId, Schema writer) {
        if (SchemaShapes.isRecursive(writer)) {
            return ReaderPlan.unreadable(schemaId, writer.getFullName(), "the schema is recursive (a record contains "
                    + "itself), which metric events never are and which lets a payload nest deep enough to overflow "
                    + "the reader's stack");
        }
        Class<?> type = readerType != null ? readerType : classFinder.getClass(writer);
        if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
            return ReaderPlan.unreadable(schemaId, writer.getFullName(), "no generated class named " + writer.getFullName()
                    + " on the classpath; set " + AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE + " / "
                    + AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE + " or pass the class to the deserializer");
        }
        Schema readerSchema = SpecificData.get().getSchema(type);
        var compatibility = SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return ReaderPlan.unreadable(schemaId, writer.getFullName(), type.getName() + " cannot read it: "
                    + SchemaIncompatibilities.describe(compatibility));
        }
        // The class's own model carries its logical-type conversions (timestamps as Instant).
        SpecificData model = SpecificData.getForClass(type);
        // Avro's datum reader builds its fast reader lazily in an unsynchronized field; building it here, before
        // the plan is published through the concurrent map, hands every thread a complete reader.
        DatumReader<T> reader;
        try {
            reader = model.isFastReaderEnabled()
                    ? model.getFastReaderBuilder().createDatumReader(writer, readerSchema)
                    : new SpecificDatumReader<>(writer, readerSchema, model);
        } catch (IOException | RuntimeException e) {
            return ReaderPlan.unreadable(schemaId, writer.getFullName(), "Avro cannot resolve it into " + type.getName() + ": " + e);
        }
        return ReaderPlan.readable(schemaId, writer, reader);
    }
}
