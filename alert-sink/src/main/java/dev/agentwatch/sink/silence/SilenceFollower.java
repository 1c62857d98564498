package dev.agentwatch.sink.silence;

import dev.agentwatch.sink.kafka.WholeTopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Keeps a {@link SilenceStore} equal to the silences topic: values replace, tombstones remove. */
public final class SilenceFollower {

    private SilenceFollower() {
    }

    public static WholeTopicReader follow(String bootstrapServers, String topic, SilenceStore store) {
        return new WholeTopicReader(bootstrapServers, topic, r -> apply(store, r));
    }

    static void apply(SilenceStore store, ConsumerRecord<String, byte[]> r) {
        if (r.key() == null) {
            throw new IllegalArgumentException("silence without a key");
        }
        if (r.value() == null) {
            store.remove(r.key());
            return;
        }
        Silence s = SilenceCodec.decode(r.value());
        if (!s.id().equals(r.key())) {
            throw new IllegalArgumentException("silence id " + s.id() + " differs from its key " + r.key());
        }
        store.put(s);
    }
}
