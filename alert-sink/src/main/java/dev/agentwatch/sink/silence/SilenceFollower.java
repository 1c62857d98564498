package dev.agentwatch.sink.silence;

import dev.agentwatch.sink.kafka.WholeTopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link SilenceStore} equal to the silences topic: values replace, tombstones remove. A record that is
 * not an acceptable silence (unreadable, too large, {@code matchers: []}, ...) is refused: logged once with its
 * reason and counted. A refused record under the id of a known silence removes that silence, as a tombstone would:
 * compaction keeps only the newest record of an id, so an instance that starts after it never sees the earlier
 * version, and one that was running must not keep it either, or instances (and one instance before and after a
 * restart) would disagree on what is muted. Other silences stay. Nothing in a record can stop the reading thread.
 */
public final class SilenceFollower {

    private static final Logger log = LoggerFactory.getLogger(SilenceFollower.class);
    /** The key and the reason's words go into the log line; hostile ones are cut and their control characters hidden. */
    private static final int MAX_LOGGED = 200;

    private SilenceFollower() {
    }

    /** @param refused told of each refused record and of each silence it removed (the refusal counters) */
    public static WholeTopicReader follow(String bootstrapServers, String topic, SilenceStore store, SilenceRefusals refused) {
        return new WholeTopicReader(bootstrapServers, topic, r -> apply(store, r, refused));
    }

    /** Applies one record; never throws. */
    static void apply(SilenceStore store, ConsumerRecord<String, byte[]> r, SilenceRefusals refused) {
        try {
            if (r.key() == null) {
                throw new InvalidSilenceException("no-key", "a silence record needs its id as the key");
            }
            if (r.value() == null) {
                store.remove(r.key());
                return;
            }
            Silence s = SilenceCodec.decode(r.value());
            if (!s.id().equals(r.key())) {
                throw new InvalidSilenceException("key-mismatch", "the silence's id differs from the record key");
            }
            store.put(s);
        } catch (InvalidSilenceException e) {
            refuse(store, r, refused, e.reason(), e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            // Whatever a decoder can throw on hostile bytes; the limits above should leave nothing to get here.
            refuse(store, r, refused, "undecodable", e.getClass().getSimpleName());
        }
    }

    private static void refuse(SilenceStore store, ConsumerRecord<String, byte[]> r, SilenceRefusals refused, String reason,
                               String detail) {
        boolean dropped = r.key() != null && store.remove(r.key());
        log.warn("silence record '{}' at {}-{} offset {} refused ({}): {}; {}", r.key() == null ? "" : printable(r.key()), r.topic(),
                r.partition(), r.offset(), reason, printable(detail), dropped
                        ? "the silence with this id is removed, as compaction will leave only this record of it"
                        : "the other silences stay");
        refused.refused(reason);
        if (dropped) {
            refused.dropped(reason);
        }
    }

    static String printable(String text) {
        String cut = text.length() > MAX_LOGGED ? text.substring(0, MAX_LOGGED) + "..." : text;
        StringBuilder sb = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return sb.toString();
    }
}
