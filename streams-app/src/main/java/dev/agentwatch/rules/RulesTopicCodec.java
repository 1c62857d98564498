package dev.agentwatch.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentwatch.topics.RulesRecords;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The records of the compacted topic {@code agentwatch.rules} (String key and value).
 *
 * <p>Keys: each applied rule file under its own key, {@code ruleset@<rule_version as 16 hex digits>}, so that
 * compaction keeps the latest record of every version applied, and no later record, however broken, makes
 * compaction drop the last good one. {@value #KEY}, the one key used before, is still read. Any other key is
 * refused. Value: JSON {@code {"format":1,"version":<long>,"source":"<name>","text":"<rule file>"}}; other fields
 * are ignored. The text, not a compiled form, travels: each instance compiles it, and the version (a hash of the
 * text) is checked on the way in, against the key too.
 *
 * <p>History: after publishing, {@code agentwatch rules apply} tombstones every rules key whose latest record is
 * older than the newest {@value #KEPT_VERSIONS} records that compile, so the topic, and every instance's store,
 * hold a bounded history; a record that does not compile (another producer's, say) never counts among those kept.
 * The topic has one partition: which record is newest is decided by offset ({@link #checkPartitions}).
 */
public final class RulesTopicCodec {

    /** The single key of the rules topic before per-version keys. */
    public static final String KEY = RulesRecords.LEGACY_KEY;
    static final int FORMAT = RulesRecords.FORMAT;
    /**
     * How many applied versions {@code agentwatch rules apply} keeps on the rules topic (the newest that compile;
     * older rules keys are tombstoned): enough to fall back on if the newest are withdrawn, few enough that a start
     * and the topic stay small. The one place this number is set.
     */
    public static final int KEPT_VERSIONS = 10;

    private static final String VERSION_KEY_PREFIX = RulesRecords.VERSION_KEY_PREFIX;
    private static final String KEYS = "expected 'ruleset@<version as 16 hex digits>' or the older 'ruleset'";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RulesTopicCodec() {
    }

    /** The key {@code agentwatch rules apply} publishes a rule set under. */
    public static String keyOf(RuleSet rules) {
        return VERSION_KEY_PREFIX + rules.versionHex();
    }

    public static String encode(RuleSet rules) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("version", rules.version());
        o.put("source", rules.sourceName());
        o.put("text", rules.text());
        return o.toString();
    }

    /**
     * Compiles a record of the rules topic; a tombstone (null value) is the caller's decision, not handled here.
     *
     * @param topic names the record in errors about the record itself, as {@code <topic NAME>}
     * @throws RuleFileException if the key is not a rules key, the record is malformed, its version does not match
     *     its text or its key, or the text does not compile here; never another exception, whatever the record
     */
    public static RuleSet decode(String topic, String key, String value, RuleCompileOptions options) {
        String where = where(topic);
        try {
            checkKey(topic, key);
            if (value == null) {
                throw refused(where, "value: a tombstone holds no rule set");
            }
            Envelope e = envelope(where, value);
            if (!key.equals(KEY)) {
                long named = Long.parseUnsignedLong(key.substring(VERSION_KEY_PREFIX.length()), 16);
                if (named != e.version) {
                    throw refused(where, "key '" + key + "' names rule_version " + named
                            + " but the record holds rule_version " + e.version);
                }
            }
            return RuleFiles.parse(e.source != null ? e.source : where, e.text, options);
        } catch (RuleFileException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw RuleFileException.unexpected(where, e);
        }
    }

    /**
     * Compiles a record's value whose key is not at hand (as the global store keeps it, or in a test).
     *
     * @throws RuleFileException as {@link #decode(String, String, String, RuleCompileOptions)} does
     */
    public static RuleSet decode(String value, RuleCompileOptions options) {
        return decode("<rules store>", KEY, value, options);
    }

    /** @return whether the rules topic uses this key: {@code ruleset@<16 hex digits>} or the older {@value #KEY} */
    public static boolean isKey(String key) {
        return RulesRecords.isKey(key);
    }

    /**
     * Instances order rules records by offset, which orders records of one partition only.
     *
     * @throws IllegalStateException naming the topic, unless it has exactly one partition
     */
    public static void checkPartitions(String topic, int partitions) {
        if (partitions != 1) {
            throw new IllegalStateException("the rules topic '" + topic + "' has " + partitions + " partitions; it must "
                    + "have exactly one (which rules record is newest is decided by offset, and offsets order one "
                    + "partition only): recreate it with one partition, then apply the current rule file again");
        }
    }

    /** @throws RuleFileException unless the key is one the rules topic uses */
    public static void checkKey(String topic, String key) {
        if (key == null) {
            throw refused(where(topic), "key: missing; " + KEYS);
        }
        if (!isKey(key)) {
            throw refused(where(topic), "key '" + key + "' is not a rules key; " + KEYS);
        }
    }

    private record Envelope(long version, String source, String text) {
    }

    private static Envelope envelope(String where, String value) {
        long bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > RuleLimits.MAX_RECORD_BYTES) {
            throw refused(where, "value: the record is " + bytes + " bytes; a rules record holds at most "
                    + RuleLimits.MAX_RECORD_BYTES + " (2 MiB)");
        }
        JsonNode o;
        try {
            o = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw refused(where, "value: not JSON: " + e.getOriginalMessage());
        }
        if (o == null || !o.isObject() || !o.path("text").isTextual() || !o.path("version").canConvertToLong()) {
            throw refused(where, "value: expected {\"format\":1,\"version\":...,\"source\":...,\"text\":...}");
        }
        if (o.path("format").asInt(-1) != FORMAT) {
            throw refused(where, "format: " + o.path("format") + " is unknown; this instance reads format " + FORMAT);
        }
        String text = o.get("text").asText();
        long version = o.get("version").asLong();
        if (version != RuleSet.versionOf(text)) {
            throw refused(where, "version: " + version + " does not match the text (its hash is " + RuleSet.versionOf(text) + ")");
        }
        // the name errors give the text: the file it was applied from, unless that is no name fit for a terminal
        String source = o.path("source").isTextual() ? o.get("source").asText() : null;
        boolean named = source != null && !source.isEmpty() && PrintableText.isPrintable(source, RuleLimits.MAX_SOURCE_NAME_CHARS);
        return new Envelope(version, named ? source : null, text);
    }

    private static String where(String topic) {
        return "<topic " + topic + ">";
    }

    private static RuleFileException refused(String where, String message) {
        return new RuleFileException(List.of(new RuleError(where, 0, 0, message)));
    }
}
