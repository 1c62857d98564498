package dev.agentwatch.gateway.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code POST /v1/metrics} body: one event object or a JSON array of them, in SPEC section 1's field names or in
 * the seed articles' shape ({@link EventReader} maps both). The body is parsed whole before anything is sent, with
 * limits on nesting and string length, so a hostile body costs bounded work and is refused whole.
 */
public final class EventJson {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(8)
                    .maxStringLength(64 * 1024)
                    .maxNumberLength(64)
                    .build())
            .build();

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
        try (JsonParser p = JSON.createParser(body)) {
            JsonToken root = p.nextToken();
            List<MappedEvent> out = new ArrayList<>();
            if (root == null) {
                throw new BadBodyException("the body is empty; send one event object or an array of them");
            } else if (root == JsonToken.START_OBJECT) {
                out.add(EventReader.read(p, nowMs));
            } else if (root == JsonToken.START_ARRAY) {
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t != JsonToken.START_OBJECT) {
                        throw new BadBodyException("[" + out.size() + "]: expected an event object, got " + t.asString());
                    }
                    if (out.size() == maxEvents) {
                        throw new TooManyEventsException(maxEvents);
                    }
                    out.add(EventReader.read(p, nowMs));
                }
                if (out.isEmpty()) {
                    throw new BadBodyException("the array is empty; send at least one event");
                }
            } else {
                throw new BadBodyException("expected one event object or an array of them, got " + root.asString());
            }
            if (p.nextToken() != null) {
                throw new BadBodyException("trailing content after the JSON value" + location(p));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new BadBodyException("not valid JSON: " + e.getOriginalMessage() + location(e));
        } catch (IOException e) {
            throw new BadBodyException("unreadable body: " + e.getMessage());
        }
    }

    private static String location(JsonParser p) {
        return " (line " + p.currentLocation().getLineNr() + ", column " + p.currentLocation().getColumnNr() + ")";
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
