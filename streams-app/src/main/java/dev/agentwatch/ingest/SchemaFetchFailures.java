package dev.agentwatch.ingest;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Schema ids whose writer schema the registry has failed to hand over, and since when. A registry outage is not a
 * record's fault, so such records are retried (the stream thread is replaced and reads them again); but a registry
 * that keeps failing for one id (a 5xx for that schema alone, an answer it cannot parse) would stall the partition
 * for good. After {@link #GIVE_UP} of failures for an id, its records are dead-lettered as
 * {@code registry-unavailable} until a fetch of it succeeds. Shared by all stream threads of an instance, so a
 * replaced thread remembers.
 */
public final class SchemaFetchFailures {

    public static final Duration GIVE_UP = Duration.ofMinutes(10);
    static final int MAX_IDS = 10_000;

    private final Map<Integer, Long> failingSince = new ConcurrentHashMap<>();

    /** A fetch of {@code schemaId} failed at {@code nowMs}; true once it has failed for {@link #GIVE_UP}. */
    public boolean givenUp(int schemaId, long nowMs) {
        if (failingSince.size() >= MAX_IDS && !failingSince.containsKey(schemaId)) {
            return false; // bounded: further ids are retried like any outage
        }
        Long first = failingSince.putIfAbsent(schemaId, nowMs);
        return first != null && nowMs - first >= GIVE_UP.toMillis();
    }

    /** A record of {@code schemaId} was read: the registry answers for it again. */
    public void fetched(int schemaId) {
        if (!failingSince.isEmpty()) {
            failingSince.remove(schemaId);
        }
    }

    public boolean isEmpty() {
        return failingSince.isEmpty();
    }
}
