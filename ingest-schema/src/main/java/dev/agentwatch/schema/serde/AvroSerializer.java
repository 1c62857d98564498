package dev.agentwatch.schema.serde;

import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.registry.IncompatibleSchemaException;
import dev.agentwatch.schema.registry.RegisteredSchema;
import dev.agentwatch.schema.registry.SchemaIncompatibilities;
import dev.agentwatch.schema.registry.SchemaNotRegisteredException;
import dev.agentwatch.schema.registry.SchemaRegistryClient;
import dev.agentwatch.schema.registry.SchemaRegistryException;
import dev.agentwatch.schema.registry.SchemaRegistryUnavailableException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka serializer of Avro records (generated specific classes or GenericRecord) in Confluent's wire format,
 * subject {@code <topic>-value} / {@code <topic>-key}. Configured with Confluent's keys
 * ({@link AvroSerdeConfig}): {@code schema.registry.url}, {@code auto.register.schemas} (default true),
 * {@code use.latest.version} (default false, applies when auto-registration is off).
 *
 * <p>After the first record of each (topic, schema), serializing does no I/O: the schema id and datum writer are
 * cached. With {@code use.latest.version} the subject's latest version is re-read every
 * {@code latest.cache.ttl.sec}; if the registry is unavailable then, the last known version is kept.
 *
 * <p>Failures are {@link AvroSerializationException}s; null records serialize to null (tombstones).
 */
public class AvroSerializer<T extends IndexedRecord> implements Serializer<T> {

    private static final Logger LOG = LoggerFactory.getLogger(AvroSerializer.class);
    private static final ThreadLocal<EncodeScratch> SCRATCH = ThreadLocal.withInitial(EncodeScratch::new);

    private SchemaRegistryClient client;
    private boolean ownsClient;
    private boolean isKey;
    private boolean autoRegister = AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_DEFAULT;
    private boolean useLatestVersion = AvroSerdeConfig.USE_LATEST_VERSION_DEFAULT;
    private final Map<String, TopicPlans> plansByTopic = new ConcurrentHashMap<>();

    /** Per-thread output buffer and encoder, reused across records. */
    private static final class EncodeScratch {
        final GrowableOutput out = new GrowableOutput();
        BinaryEncoder encoder;
    }

    /** A topic's subject and the plans of the schemas written to it. */
    private record TopicPlans(String subject, Map<Schema, WriterPlan> bySchema) {}

    /** For Kafka to instantiate by class name; {@link #configure} creates the registry client. */
    public AvroSerializer() {}

    /** Uses a client owned by the caller (it is not closed by {@link #close()}). */
    public AvroSerializer(SchemaRegistryClient client) {
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
        this.isKey = isKey;
        this.autoRegister = settings.autoRegister();
        this.useLatestVersion = settings.useLatestVersion();
        if (autoRegister && useLatestVersion) {
            LOG.warn("{} is ignored while {} is true (as in Confluent's serializer)",
                    AvroSerdeConfig.USE_LATEST_VERSION, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS);
        }
        plansByTopic.clear();
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        WriterPlan plan = plan(topic, record);
        EncodeScratch scratch = SCRATCH.get();
        GrowableOutput out = scratch.out;
        out.reset();
        int headerAt = out.skip(WireFormat.HEADER_SIZE);
        WireFormat.writeHeader(plan.schemaId(), out.array(), headerAt);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, scratch.encoder);
            scratch.encoder = encoder;
            plan.writer().write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new AvroSerializationException("Could not serialize a " + record.getSchema().getFullName()
                    + " for topic " + topic + ": it does not match its schema: " + e, e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }

    private WriterPlan plan(String topic, T record) {
        if (client == null) {
            throw new IllegalStateException("AvroSerializer used before configure()");
        }
        Schema schema = record.getSchema();
        TopicPlans topicPlans = plansByTopic.get(topic);
        if (topicPlans == null) {
            topicPlans = plansByTopic.computeIfAbsent(topic,
                    t -> new TopicPlans(SerdeSettings.subject(t, isKey), new ConcurrentHashMap<>()));
        }
        WriterPlan plan = topicPlans.bySchema().get(schema);
        if (useLatestVersion && !autoRegister) {
            return latestPlan(topicPlans, schema, record, plan);
        }
        if (plan == null) {
            plan = new WriterPlan(schemaId(topicPlans.subject(), schema), WriterPlan.writerFor(schema, record));
            topicPlans.bySchema().putIfAbsent(schema, plan);
        }
        return plan;
    }

    private int schemaId(String subject, Schema schema) {
        try {
            return autoRegister ? client.register(subject, schema) : client.idOf(subject, schema);
        } catch (IncompatibleSchemaException e) {
            throw new AvroSerializationException("Could not register schema " + schema.getFullName()
                    + " under subject '" + subject + "': " + e.getMessage(), e);
        } catch (SchemaNotRegisteredException e) {
            throw new AvroSerializationException(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS + " is false and schema "
                    + schema.getFullName() + " is not registered under subject '" + subject + "': "
                    + e.getMessage(), e);
        } catch (SchemaRegistryException e) {
            throw new AvroSerializationException("Could not get a schema id for " + schema.getFullName()
                    + " under subject '" + subject + "': " + e.getMessage(), e);
        }
    }

    /** use.latest.version: write with the subject's latest schema, converting the record if its schema differs. */
    private WriterPlan latestPlan(TopicPlans topicPlans, Schema schema, T record, WriterPlan current) {
        RegisteredSchema latest;
        try {
            latest = client.latest(topicPlans.subject());
        } catch (SchemaRegistryUnavailableException e) {
            if (current != null) {
                return current; // keep writing with the last known version until the registry is back
            }
            throw new AvroSerializationException("Could not fetch the latest schema of subject '"
                    + topicPlans.subject() + "': " + e.getMessage(), e);
        } catch (SchemaRegistryException e) {
            throw new AvroSerializationException("Could not fetch the latest schema of subject '"
                    + topicPlans.subject() + "' (" + AvroSerdeConfig.USE_LATEST_VERSION + " is true): "
                    + e.getMessage(), e);
        }
        if (current != null && current.schemaId() == latest.id()) {
            return current;
        }
        WriterPlan plan = new WriterPlan(latest.id(), latestWriter(topicPlans.subject(), schema, record, latest));
        topicPlans.bySchema().put(schema, plan);
        return plan;
    }

    private static DatumWriter<Object> latestWriter(
            String subject, Schema schema, IndexedRecord record, RegisteredSchema latest) {
        DatumWriter<Object> own = WriterPlan.writerFor(schema, record);
        if (SchemaNormalization.parsingFingerprint64(schema)
                == SchemaNormalization.parsingFingerprint64(latest.schema())) {
            return own; // same encoding: no conversion needed
        }
        var compatibility = SchemaCompatibility.checkReaderWriterCompatibility(latest.schema(), schema);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new AvroSerializationException("The latest schema of subject '" + subject + "' (id " + latest.id()
                    + ", version " + latest.version() + ") cannot represent records of " + schema.getFullName()
                    + " as this producer has it: " + SchemaIncompatibilities.describe(compatibility), null);
        }
        return new TranscodingWriter(own, schema, latest.schema());
    }
}
