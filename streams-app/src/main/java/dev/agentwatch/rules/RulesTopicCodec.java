package dev.agentwatch.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The record of the compacted topic {@code agentwatch.rules} (String key and value): one key,
 * {@value #KEY}, so compaction keeps the latest applied file; the value is JSON
 * {@code {"format":1,"version":<long>,"source":"<name>","text":"<rule file>"}}. The text, not a compiled form,
 * travels: each instance compiles it, and the version (a hash of the text) is checked on the way in.
 */
public final class RulesTopicCodec {

    public static final String KEY = "ruleset";
    static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private RulesTopicCodec() {
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
     * Compiles a record's value. A null value (a tombstone) is the caller's decision, not handled here.
     *
     * @throws RuleFileException if the record is malformed, its version does not match its text, or the text
     *     does not compile here (the running rules should then stay, as for a refused file)
     */
    public static RuleSet decode(String value, RuleCompileOptions options) {
        JsonNode o;
        try {
            o = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw malformed("not JSON: " + e.getOriginalMessage());
        }
        if (o == null || !o.isObject() || !o.path("text").isTextual() || !o.path("version").canConvertToLong()) {
            throw malformed("expected {\"format\":1,\"version\":...,\"source\":...,\"text\":...}");
        }
        if (o.path("format").asInt(-1) != FORMAT) {
            throw malformed("unknown format " + o.path("format") + "; this instance reads format " + FORMAT);
        }
        String text = o.get("text").asText();
        String source = o.path("source").asText("<topic>");
        long version = o.get("version").asLong();
        if (version != RuleSet.versionOf(text)) {
            throw malformed("version " + version + " does not match the text (" + RuleSet.versionOf(text) + ")");
        }
        return RuleFiles.parse(source, text, options);
    }

    private static RuleFileException malformed(String message) {
        return new RuleFileException(List.of(new RuleError("<" + KEY + " record>", 0, 0, message)));
    }
}
