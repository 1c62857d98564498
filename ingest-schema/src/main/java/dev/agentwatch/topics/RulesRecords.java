package dev.agentwatch.topics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The envelope of a record of the rules topic, as far as a reader that does not compile rules needs it: which
 * keys are rules keys, and the rule file's text in a value. The streams app's {@code RulesTopicCodec} writes the
 * envelope and checks the rest (version against text, limits) before it compiles.
 */
public final class RulesRecords {

    /** The single key of the rules topic before per-version keys. */
    public static final String LEGACY_KEY = "ruleset";
    /** Per-version keys are this prefix and the rule version as 16 hex digits. */
    public static final String VERSION_KEY_PREFIX = LEGACY_KEY + "@";
    /** The envelope format written and read. */
    public static final int FORMAT = 1;

    private static final Pattern VERSION_KEY = Pattern.compile(Pattern.quote(VERSION_KEY_PREFIX) + "[0-9a-f]{16}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private RulesRecords() {
    }

    /** @return whether the rules topic uses this key: {@code ruleset@<16 hex digits>} or the older {@code ruleset} */
    public static boolean isKey(String key) {
        return key != null && (key.equals(LEGACY_KEY) || VERSION_KEY.matcher(key).matches());
    }

    /** The rule file's text of a value in the current format; empty for anything else. Never throws. */
    public static Optional<String> text(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            JsonNode o = JSON.readTree(value);
            if (o != null && o.isObject() && o.path("format").asInt(-1) == FORMAT && o.path("text").isTextual()) {
                return Optional.of(o.get("text").asText());
            }
        } catch (Exception | StackOverflowError notJson) {
            // not an envelope: no text
        }
        return Optional.empty();
    }
}
