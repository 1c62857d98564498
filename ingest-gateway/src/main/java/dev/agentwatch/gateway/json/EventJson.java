package dev.agentwatch.gateway.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code POST /v1/metrics} body: one event object or a JSON array of them, in SPEC section 1's field names or in
 * the seed articles' shape ({@link EventFields} maps both). The body is parsed whole before anything is sent, with
 * limits on nesting and string length, so a hostile body costs bounded work and is refused whole.
 */
public final class EventJson {

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(8)
                    .maxStringLength(64 * 1024)
                    .maxNumberLength(64)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private EventJson() {
    }

    /**
     * The events of a body, each mapped or with its field errors, in body order.
     *
     * @param nowMs       the receive time: the timestamp of an event that gives none
     * @param maxEvents   more events than this is a body too large
     * @throws BadBodyException if the body is not JSON or not an object or array of objects
     * @throws TooManyEventsException if the array holds more than {@code maxEvents}
     */
    public static List<MappedEvent> parse(byte[] body, long nowMs, int maxEvents) throws BadBodyException, TooManyEventsException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadBodyException("not valid JSON: " + e.getOriginalMessage() + location(e));
        } catch (IOException e) {
            throw new BadBodyException("unreadable body: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new BadBodyException("the body is empty; send one event object or an array of them");
        }
        List<MappedEvent> out = new ArrayList<>();
        if (root.isObject()) {
            out.add(EventFields.map(root, nowMs));
        } else if (root.isArray()) {
            if (root.size() > maxEvents) {
                throw new TooManyEventsException(root.size(), maxEvents);
            }
            if (root.isEmpty()) {
                throw new BadBodyException("the array is empty; send at least one event");
            }
            for (JsonNode item : root) {
                if (!item.isObject()) {
                    throw new BadBodyException("[" + out.size() + "]: expected an event object, got " + item.getNodeType());
                }
                out.add(EventFields.map(item, nowMs));
            }
        } else {
            throw new BadBodyException("expected one event object or an array of them, got " + root.getNodeType());
        }
        return out;
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
