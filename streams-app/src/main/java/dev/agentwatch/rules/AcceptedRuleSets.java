package dev.agentwatch.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The rules records this instance accepted, kept in the global store under their topic keys with the offset each
 * was accepted at: the newest runs, and when a tombstone withdraws it, the newest left. A refused record is never
 * kept, so it can neither replace the running rules nor be installed at the next start. Each value is the record's
 * as it came, with the field {@value #OFFSET} added (the codec ignores it); a value without it, as stores kept the
 * single record before, counts as older than any offset.
 */
final class AcceptedRuleSets {

    static final String OFFSET = "accepted_at_offset";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeyValueStore<String, String> store;

    record Accepted(String key, long offset, String value) {
    }

    AcceptedRuleSets(KeyValueStore<String, String> store) {
        this.store = store;
    }

    /** @param value a record value the codec decoded */
    void put(String key, long offset, String value) {
        try {
            ObjectNode o = (ObjectNode) JSON.readTree(value);
            o.put(OFFSET, offset);
            store.put(key, o.toString());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a decoded rules record", e);
        }
    }

    /** @return whether a record under {@code key} had been accepted */
    boolean remove(String key) {
        return store.delete(key) != null;
    }

    List<Accepted> newestFirst() {
        List<Accepted> out = new ArrayList<>();
        try (KeyValueIterator<String, String> all = store.all()) {
            all.forEachRemaining(kv -> out.add(new Accepted(kv.key, offsetOf(kv.value), kv.value)));
        }
        out.sort(Comparator.comparingLong(Accepted::offset).reversed());
        return out;
    }

    private static long offsetOf(String stored) {
        try {
            return JSON.readTree(stored).path(OFFSET).asLong(-1);
        } catch (JsonProcessingException e) {
            return -1; // decoding it will say what is wrong
        }
    }
}
