package dev.agentwatch.schema.serde;

import dev.agentwatch.schema.registry.SchemaRegistryClient;
import dev.agentwatch.schema.registry.SchemaRegistryClients;

import static dev.agentwatch.schema.AvroSerdeConfig.AUTO_REGISTER_SCHEMAS;
import static dev.agentwatch.schema.AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_DEFAULT;
import static dev.agentwatch.schema.AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE;
import static dev.agentwatch.schema.AvroSerdeConfig.SPECIFIC_AVRO_READER;
import static dev.agentwatch.schema.AvroSerdeConfig.SPECIFIC_AVRO_READER_DEFAULT;
import static dev.agentwatch.schema.AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE;
import static dev.agentwatch.schema.AvroSerdeConfig.USE_LATEST_VERSION;
import static dev.agentwatch.schema.AvroSerdeConfig.USE_LATEST_VERSION_DEFAULT;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;

/** The serde options of a Kafka config map, validated. */
record SerdeSettings(boolean autoRegister, boolean useLatestVersion, Class<? extends SpecificRecord> readerType) {

    /** Confluent's subject-strategy keys: only the default, TopicNameStrategy, is implemented here. */
    private static final String KEY_SUBJECT_STRATEGY = "key.subject.name.strategy";
    private static final String VALUE_SUBJECT_STRATEGY = "value.subject.name.strategy";

    /** A registry client of our own for a serde configured without one; a bad config is refused first. */
    static SchemaRegistryClient newClient(Map<String, ?> configs, boolean isKey) {
        from(configs, isKey);
        return SchemaRegistryClients.fromConfigs(configs);
    }

    static SerdeSettings from(Map<String, ?> configs, boolean isKey) {
        if (!bool(configs, SPECIFIC_AVRO_READER, SPECIFIC_AVRO_READER_DEFAULT)) {
            throw new ConfigException(SPECIFIC_AVRO_READER, false,
                    "these serdes only read generated specific classes; use Confluent's serde for GenericRecord");
        }
        Object strategy = configs.get(isKey ? KEY_SUBJECT_STRATEGY : VALUE_SUBJECT_STRATEGY);
        if (strategy != null && !strategyName(strategy).endsWith("TopicNameStrategy")) {
            throw new ConfigException(isKey ? KEY_SUBJECT_STRATEGY : VALUE_SUBJECT_STRATEGY, strategyName(strategy),
                    "only TopicNameStrategy (<topic>-key / <topic>-value) is supported");
        }
        return new SerdeSettings(
                bool(configs, AUTO_REGISTER_SCHEMAS, AUTO_REGISTER_SCHEMAS_DEFAULT),
                bool(configs, USE_LATEST_VERSION, USE_LATEST_VERSION_DEFAULT),
                readerType(configs.get(isKey ? SPECIFIC_AVRO_KEY_TYPE : SPECIFIC_AVRO_VALUE_TYPE),
                        isKey ? SPECIFIC_AVRO_KEY_TYPE : SPECIFIC_AVRO_VALUE_TYPE));
    }

    /** TopicNameStrategy: the subject of a topic's values is {@code <topic>-value}, of its keys {@code <topic>-key}. */
    static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    private static String strategyName(Object strategy) {
        return strategy instanceof Class<?> c ? c.getName() : strategy.toString();
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean defaultValue) {
        Object value = configs.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException(key, value, "must be true or false");
    }

    private static Class<? extends SpecificRecord> readerType(Object value, String key) {
        if (value == null) {
            return null;
        }
        Class<?> type;
        if (value instanceof Class<?> c) {
            type = c;
        } else {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            try {
                type = Class.forName(value.toString().trim(), true,
                        loader != null ? loader : SerdeSettings.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new ConfigException(key, value, "no such class on the classpath");
            }
        }
        if (!SpecificRecord.class.isAssignableFrom(type)) {
            throw new ConfigException(key, type.getName(), "must be an Avro-generated SpecificRecord class");
        }
        return type.asSubclass(SpecificRecord.class);
    }
}
