package dev.agentwatch.schema.serde;

import dev.agentwatch.schema.registry.UnknownSchemaIdException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Schema ids the registry said it does not know, remembered for a while so that a stream of records naming
 * unknown ids costs one registry call per id and minute, not one per record. Bounded: the oldest entries go
 * first. An id registered meanwhile is found again once its entry expires.
 */
final class UnknownSchemaIds {

    static final long TTL_NANOS = 60_000_000_000L;
    static final int MAX_IDS = 10_000;

    private record Entry(UnknownSchemaIdException answer, long atNanos) {}

    private final Map<Integer, Entry> ids = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Entry> eldest) {
            return size() > MAX_IDS;
        }
    };

    /** The registry's answer for an id it did not know less than a minute ago, or null. */
    synchronized UnknownSchemaIdException recent(int schemaId, long nowNanos) {
        Entry e = ids.get(schemaId);
        if (e == null) {
            return null;
        }
        if (nowNanos - e.atNanos() >= TTL_NANOS) {
            ids.remove(schemaId);
            return null;
        }
        return e.answer();
    }

    synchronized void remember(int schemaId, UnknownSchemaIdException answer, long nowNanos) {
        ids.put(schemaId, new Entry(answer, nowNanos));
    }

    synchronized void clear() {
        ids.clear();
    }
}
