package dev.agentwatch.streams.ruletopic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules records this instance accepted, kept in the global store under their topic keys with the offset each
 * was accepted at: the newest runs, and when a tombstone withdraws it, the newest left. A refused record is never
 * kept, so it can neither replace the running rules nor be installed at the next start.
 *
 * <p>Each value is the record's as it came, with the field {@value #OFFSET} added (the codec ignores it). Next to
 * each, under {@value #INDEX}{@code <key>}, the store keeps that offset alone (no topic key starts with {@code ~}),
 * and this class keeps those offsets in memory: ordering the accepted records, at a start or after a tombstone,
 * reads no value, and a value (up to 2 MiB) is read only when it is the newest left to try. A store written before
 * that index (no {@value #INDEXED} entry) is indexed once, reading each value's {@value #OFFSET}; a value without
 * it, as stores kept the single record before, counts as older than any offset.
 */
final class AcceptedRuleSets {

    static final String OFFSET = "accepted_at_offset";
    static final String INDEX = "~accepted_at_offset/";
    static final String INDEXED = "~indexed";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Comparator<Accepted> NEWEST_FIRST =
            Comparator.comparingLong(Accepted::offset).reversed().thenComparing(Accepted::key);

    private final KeyValueStore<String, String> store;
    private final Map<String, Long> offsets = new HashMap<>();

    /** An accepted record: its key and the offset it was accepted at (-1: not known). */
    record Accepted(String key, long offset) {
    }

    AcceptedRuleSets(KeyValueStore<String, String> store) {
        this.store = store;
        if (store.get(INDEXED) == null) {
            indexOnce();
        }
        try (KeyValueIterator<String, String> index = store.prefixScan(INDEX, new StringSerializer())) {
            index.forEachRemaining(kv -> offsets.put(kv.key.substring(INDEX.length()), parseOffset(kv.value)));
        }
    }

    /** @param value a record value the codec decoded */
    void put(String key, long offset, String value) {
        String stored;
        try {
            ObjectNode o = (ObjectNode) JSON.readTree(value);
            o.put(OFFSET, offset);
            stored = o.toString();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a decoded rules record", e);
        }
        // the index first: an entry without a value is skipped and dropped by value(); a value without one is unseen
        store.put(INDEX + key, Long.toString(offset));
        store.put(key, stored);
        offsets.put(key, offset);
    }

    /** @return whether a record under {@code key} had been accepted (its value is not read) */
    boolean remove(String key) {
        if (offsets.remove(key) == null) {
            return false;
        }
        store.put(key, null); // a delete that does not read the old value back, as delete() does
        store.put(INDEX + key, null);
        return true;
    }

    /** The accepted records, newest first, from memory: no value is read. */
    List<Accepted> newestFirst() {
        List<Accepted> out = new ArrayList<>(offsets.size());
        offsets.forEach((key, offset) -> out.add(new Accepted(key, offset)));
        out.sort(NEWEST_FIRST);
        return out;
    }

    /** @return the value accepted under {@code key}, or null if there is none (its index entry is then dropped) */
    String value(String key) {
        String v = store.get(key);
        if (v == null && offsets.containsKey(key)) {
            remove(key);
        }
        return v;
    }

    /** A store from before the index: one pass over its values, once. */
    private void indexOnce() {
        List<KeyValue<String, String>> entries = new ArrayList<>();
        try (KeyValueIterator<String, String> all = store.all()) {
            all.forEachRemaining(kv -> {
                if (!kv.key.startsWith("~")) {
                    entries.add(KeyValue.pair(INDEX + kv.key, Long.toString(offsetOf(kv.value))));
                }
            });
        }
        entries.forEach(e -> store.put(e.key, e.value));
        store.put(INDEXED, "1");
    }

    private static long parseOffset(String indexed) {
        try {
            return Long.parseLong(indexed);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long offsetOf(String stored) {
        try {
            return JSON.readTree(stored).path(OFFSET).asLong(-1);
        } catch (JsonProcessingException e) {
            return -1; // decoding it will say what is wrong
        }
    }
}
