package dev.agentwatch.sink.silence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentwatch.sink.matching.MatchType;
import dev.agentwatch.sink.matching.Matcher;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON value of a silence on the silences topic, in the shape of Alertmanager's API
 * ({@code matchers: [{name, value, isRegex, isEqual}]}, RFC 3339 times), so tooling that knows one knows the other.
 * Records come from anyone who can write the topic, so they are read defensively: at most
 * {@value #MAX_RECORD_BYTES} bytes, nesting at most {@value #MAX_DEPTH} deep, no duplicate keys, one JSON value, each
 * field of its type, and the matchers' text bounded ({@link SilenceRules}) before any regex is compiled.
 */
public final class SilenceCodec {

    public static final int MAX_RECORD_BYTES = 64 * 1024;
    /** A silence is an object holding an array of objects: depth 3. */
    static final int MAX_DEPTH = 8;

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxDocumentLength(MAX_RECORD_BYTES)
                    .maxStringLength(MAX_RECORD_BYTES)
                    .maxNumberLength(64)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private SilenceCodec() {
    }

    /** Throws {@link InvalidSilenceException} when the silence would not fit in a record the sink accepts. */
    public static byte[] encode(Silence s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", s.id());
        ArrayNode ms = o.putArray("matchers");
        for (Matcher m : s.matchers()) {
            ms.addObject().put("name", m.name()).put("value", m.value())
                    .put("isRegex", m.type().isRegex()).put("isEqual", m.type().isEqual());
        }
        o.put("startsAt", s.startsAt().toString());
        o.put("endsAt", s.endsAt().toString());
        o.put("createdBy", s.createdBy());
        o.put("comment", s.comment());
        o.put("updatedAt", s.updatedAt().toString());
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write silence " + s.id(), e);
        }
        if (bytes.length > MAX_RECORD_BYTES) {
            throw tooLarge(bytes.length);
        }
        return bytes;
    }

    /**
     * The silence in these bytes, or {@link InvalidSilenceException} naming the problem. Only checks that the bytes
     * are a well-formed silence record; {@link SilenceRules} says whether the silence is acceptable.
     */
    public static Silence decode(byte[] bytes) {
        if (bytes.length > MAX_RECORD_BYTES) {
            throw tooLarge(bytes.length);
        }
        JsonNode o;
        try {
            o = JSON.readTree(bytes);
        } catch (StreamConstraintsException e) {
            throw new InvalidSilenceException("too-complex", "JSON beyond the limits of a silence: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new InvalidSilenceException("not-json", "not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new InvalidSilenceException("not-json", "unreadable: " + e.getMessage());
        }
        if (o == null || !o.isObject()) {
            throw new InvalidSilenceException("not-an-object", "expected a JSON object");
        }
        JsonNode list = o.get("matchers");
        if (list == null || !list.isArray()) {
            throw new InvalidSilenceException("bad-field", "missing array field 'matchers'");
        }
        if (list.size() > SilenceRules.MAX_MATCHERS) {
            throw new InvalidSilenceException("too-many-matchers", "a silence takes at most " + SilenceRules.MAX_MATCHERS
                    + " matchers, got " + list.size());
        }
        List<Matcher> matchers = new ArrayList<>();
        for (JsonNode m : list) {
            if (!m.isObject()) {
                throw new InvalidSilenceException("bad-field", "each matcher must be an object");
            }
            String name = text(m, "name");
            String value = text(m, "value");
            SilenceRules.checkMatcher(name, value);
            MatchType type = MatchType.of(bool(m, "isEqual", true), bool(m, "isRegex", false));
            try {
                matchers.add(new Matcher(name, type, value));
            } catch (IllegalArgumentException e) {
                throw new InvalidSilenceException("bad-matcher", e.getMessage());
            }
        }
        return new Silence(text(o, "id"), matchers, time(o, "startsAt"), time(o, "endsAt"),
                optionalText(o, "createdBy"), optionalText(o, "comment"),
                o.hasNonNull("updatedAt") ? time(o, "updatedAt") : time(o, "startsAt"));
    }

    private static InvalidSilenceException tooLarge(int size) {
        return new InvalidSilenceException("too-large", "a silence record is at most " + MAX_RECORD_BYTES + " bytes, got " + size);
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw new InvalidSilenceException("bad-field", "missing text field '" + field + "'");
        }
        return v.asText();
    }

    private static String optionalText(JsonNode o, String field) {
        return o.hasNonNull(field) ? text(o, field) : "";
    }

    private static boolean bool(JsonNode o, String field, boolean dflt) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw new InvalidSilenceException("bad-field", "field '" + field + "' must be true or false");
        }
        return v.booleanValue();
    }

    private static Instant time(JsonNode o, String field) {
        String t = text(o, field);
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw new InvalidSilenceException("bad-time", "field '" + field + "' is not an RFC 3339 UTC time");
        }
    }
}
