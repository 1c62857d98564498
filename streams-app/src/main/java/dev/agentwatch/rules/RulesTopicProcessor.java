package dev.agentwatch.rules;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global copy of the rules topic and hands each new record to the {@link RuleBook}. At start the
 * store already holds the latest record (restored before any stream thread runs), so {@link #init} installs it.
 */
public final class RulesTopicProcessor implements Processor<String, String, Void, Void> {

    private final String storeName;
    private final RuleBook book;
    private KeyValueStore<String, String> store;

    public RulesTopicProcessor(String storeName, RuleBook book) {
        this.storeName = storeName;
        this.book = book;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        String latest = store.get(RulesTopicCodec.KEY);
        if (latest != null) {
            book.apply(latest);
        }
    }

    @Override
    public void process(Record<String, String> record) {
        if (!RulesTopicCodec.KEY.equals(record.key())) {
            return; // not a rule set record; the topic has one key
        }
        // Only a record that compiles is kept: init installs what the store holds, and a refused record must
        // not replace the running rules at the next start.
        if (!book.apply(record.value())) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
