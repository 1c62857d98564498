package dev.agentwatch.sink.silence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentwatch.sink.matching.MatchType;
import dev.agentwatch.sink.matching.Matcher;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON value of a silence on the silences topic, in the shape of Alertmanager's API
 * ({@code matchers: [{name, value, isRegex, isEqual}]}, RFC 3339 times), so tooling that knows one knows the other.
 */
public final class SilenceCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SilenceCodec() {
    }

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
        try {
            return JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write silence " + s.id(), e);
        }
    }

    /** Throws IllegalArgumentException naming the problem when the bytes are not a silence. */
    public static Silence decode(byte[] bytes) {
        JsonNode o;
        try {
            o = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("unreadable: " + e.getMessage());
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("expected a JSON object, got " + new String(bytes, StandardCharsets.UTF_8));
        }
        List<Matcher> matchers = new ArrayList<>();
        for (JsonNode m : o.path("matchers")) {
            matchers.add(new Matcher(text(m, "name"), MatchType.of(m.path("isEqual").asBoolean(true), m.path("isRegex").asBoolean(false)),
                    text(m, "value")));
        }
        return new Silence(text(o, "id"), matchers, time(o, "startsAt"), time(o, "endsAt"),
                o.path("createdBy").asText(""), o.path("comment").asText(""),
                o.hasNonNull("updatedAt") ? time(o, "updatedAt") : time(o, "startsAt"));
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("missing text field '" + field + "'");
        }
        return v.asText();
    }

    private static Instant time(JsonNode o, String field) {
        try {
            return Instant.parse(text(o, field));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + field + "' is not an RFC 3339 UTC time: " + o.get(field));
        }
    }
}
