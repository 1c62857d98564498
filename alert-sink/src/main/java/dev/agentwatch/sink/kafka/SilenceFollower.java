package dev.agentwatch.sink.kafka;

import dev.agentwatch.sink.model.SourceRecord;
import dev.agentwatch.sink.silence.SilenceRecords;
import dev.agentwatch.sink.silence.SilenceRefusals;
import dev.agentwatch.sink.silence.SilenceStore;

/**
 * Keeps a {@link SilenceStore} equal to the silences topic: reads the whole compacted topic and follows it, handing
 * each record to {@link SilenceRecords}, which says what it does to the store and refuses what is not a silence.
 */
public final class SilenceFollower {

    private SilenceFollower() {
    }

    /** @param refused told of each refused record and of each silence it removed (the refusal counters) */
    public static WholeTopicReader follow(String bootstrapServers, String topic, SilenceStore store, SilenceRefusals refused) {
        SilenceRecords records = new SilenceRecords(store, refused);
        return new WholeTopicReader(bootstrapServers, topic,
                r -> records.apply(r.key(), r.value(), new SourceRecord(r.topic(), r.partition(), r.offset())));
    }
}
