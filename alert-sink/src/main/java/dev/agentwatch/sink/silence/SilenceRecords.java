package dev.agentwatch.sink.silence;

import dev.agentwatch.sink.model.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each record of the silences topic does to a {@link SilenceStore}: values replace, tombstones remove. A record
 * that is not an acceptable silence (unreadable, too large, {@code matchers: []}, ...) is refused: logged once with
 * its reason and counted. A refused record under the id of a known silence removes that silence, as a tombstone
 * would: compaction keeps only the newest record of an id, so an instance that starts after it never sees the earlier
 * version, and one that was running must not keep it either, or instances (and one instance before and after a
 * restart) would disagree on what is muted. Other silences stay. Nothing in a record can make it throw, so nothing
 * can stop the thread that reads the topic.
 */
public final class SilenceRecords {

    private static final Logger log = LoggerFactory.getLogger(SilenceRecords.class);
    /** The key and the reason's words go into the log line; hostile ones are cut and their control characters hidden. */
    private static final int MAX_LOGGED = 200;

    private final SilenceStore store;
    private final SilenceRefusals refused;

    /** @param refused told of each refused record and of each silence it removed (the refusal counters) */
    public SilenceRecords(SilenceStore store, SilenceRefusals refused) {
        this.store = store;
        this.refused = refused;
    }

    /** Applies one record ({@code value} null: a tombstone); {@code where} is only for the log line of a refusal. */
    public void apply(String key, byte[] value, SourceRecord where) {
        try {
            if (key == null) {
                throw new InvalidSilenceException("no-key", "a silence record needs its id as the key");
            }
            if (value == null) {
                store.remove(key);
                return;
            }
            Silence s = SilenceCodec.decode(value);
            if (!s.id().equals(key)) {
                throw new InvalidSilenceException("key-mismatch", "the silence's id differs from the record key");
            }
            store.put(s);
        } catch (InvalidSilenceException e) {
            refuse(key, where, e.reason(), e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            // Whatever a decoder can throw on hostile bytes; the limits above should leave nothing to get here.
            refuse(key, where, "undecodable", e.getClass().getSimpleName());
        }
    }

    private void refuse(String key, SourceRecord where, String reason, String detail) {
        boolean dropped = key != null && store.remove(key);
        log.warn("silence record '{}' at {}-{} offset {} refused ({}): {}; {}", key == null ? "" : printable(key), where.topic(),
                where.partition(), where.offset(), reason, printable(detail), dropped
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
