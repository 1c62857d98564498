package dev.agentwatch.rules;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Reads the rules topic into the global store and the {@link RuleBook}. Kafka Streams runs it over each new
 * record and, at a start, before any stream thread runs, over the records since the store's checkpoint (all of
 * them with an empty state directory; KAFKA-7663), then calls {@link #init} once more.
 *
 * <p>It throws for no record: a throw stops the global stream thread, which cannot be replaced, so one record
 * would stop every instance. A refused record is counted and logged by the book and changes nothing. In offset
 * order, the newest record that compiles runs; a tombstone withdraws the version under its key, and the newest
 * accepted version left runs (none left: no rules). So the same rules run whether an instance read the records as
 * they came, restarted from its checkpoint, or replayed the compacted topic from the beginning, as long as no
 * refused record was written under an accepted record's key (compaction would then drop the accepted one).
 */
public final class RulesTopicProcessor implements Processor<String, String, Void, Void> {

    private final String storeName;
    private final RuleBook book;
    private ProcessorContext<Void, Void> context;
    private AcceptedRuleSets accepted;
    private String topic = "agentwatch.rules"; // until a record names it

    public RulesTopicProcessor(String storeName, RuleBook book) {
        this.storeName = storeName;
        this.book = book;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        accepted = new AcceptedRuleSets(context.getStateStore(storeName));
        installNewest();
    }

    @Override
    public void process(Record<String, String> record) {
        RecordMetadata at = context.recordMetadata().orElse(null);
        if (at != null) {
            topic = at.topic();
        }
        try {
            if (record.value() == null) {
                RulesTopicCodec.checkKey(topic, record.key());
                if (accepted.remove(record.key())) {
                    installNewest();
                }
                return;
            }
            RuleSet rules = RulesTopicCodec.decode(topic, record.key(), record.value(), book.options());
            accepted.put(record.key(), at == null ? -1 : at.offset(), record.value());
            book.install(rules); // records come in offset order: this one is the newest
        } catch (RuleFileException e) {
            book.refuse(describe(at, record.key()), e);
        }
    }

    private void installNewest() {
        for (AcceptedRuleSets.Accepted a : accepted.newestFirst()) {
            try {
                book.install(RulesTopicCodec.decode(topic, a.key(), a.value(), book.options()));
                return;
            } catch (RuleFileException e) {
                // accepted once, but it does not compile with this instance's settings (another slice width, say)
                book.refuse("kept from offset " + a.offset() + ", key '" + a.key() + "'", e);
            }
        }
        book.install(RuleSet.EMPTY);
    }

    private String describe(RecordMetadata at, String key) {
        String where = at == null ? topic : at.topic() + "-" + at.partition() + " offset " + at.offset();
        return where + ", key " + (key == null ? "null" : "'" + PrintableText.of(key, 100) + "'");
    }
}
