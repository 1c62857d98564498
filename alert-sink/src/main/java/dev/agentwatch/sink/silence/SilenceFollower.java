package dev.agentwatch.sink.silence;

import dev.agentwatch.sink.kafka.WholeTopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * Keeps a {@link SilenceStore} equal to the silences topic: values replace, tombstones remove. A record that is
 * not an acceptable silence (unreadable, too large, {@code matchers: []}, ...) is refused: logged once with its
 * reason, counted, and skipped, while the silences already known (an earlier version of the same id included) stay.
 * Nothing in a record can stop the reading thread.
 */
public final class SilenceFollower {

    private static final Logger log = LoggerFactory.getLogger(SilenceFollower.class);
    /** The key and the reason's words go into the log line; hostile ones are cut and their control characters hidden. */
    private static final int MAX_LOGGED = 200;

    private SilenceFollower() {
    }

    /** @param refused called with the reason code of each refused record (the refusal counter) */
    public static WholeTopicReader follow(String bootstrapServers, String topic, SilenceStore store, Consumer<String> refused) {
        return new WholeTopicReader(bootstrapServers, topic, r -> apply(store, r, refused));
    }

    /** Applies one record; never throws. */
    static void apply(SilenceStore store, ConsumerRecord<String, byte[]> r, Consumer<String> refused) {
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
            refuse(r, refused, e.reason(), e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            // Whatever a decoder can throw on hostile bytes; the limits above should leave nothing to get here.
            refuse(r, refused, "undecodable", e.getClass().getSimpleName());
        }
    }

    private static void refuse(ConsumerRecord<String, byte[]> r, Consumer<String> refused, String reason, String detail) {
        log.warn("silence record '{}' at {}-{} offset {} refused ({}): {}; the silences already known stay",
                r.key() == null ? "" : printable(r.key()), r.topic(), r.partition(), r.offset(), reason, printable(detail));
        refused.accept(reason);
    }

    static String printable(String text) {
        String cut = text.length() > MAX_LOGGED ? text.substring(0, MAX_LOGGED) + "..." : text;
        StringBuilder sb = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return sb.toString();
    }
}
