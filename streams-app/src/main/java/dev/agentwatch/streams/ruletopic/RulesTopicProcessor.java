package dev.agentwatch.streams.ruletopic;

import dev.agentwatch.rules.PrintableText;
import dev.agentwatch.rules.RuleBook;
import dev.agentwatch.rules.RuleError;
import dev.agentwatch.rules.RuleFileException;
import dev.agentwatch.rules.RuleSet;
import dev.agentwatch.rules.RulesTopicCodec;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.util.List;

/**
 * Reads the rules topic into the global store and the {@link RuleBook}. Kafka Streams runs it over each new
 * record and, at a start, before any stream thread runs, over the records since the store's checkpoint (all of
 * them with an empty state directory; KAFKA-7663), then calls {@link #init} once more.
 *
 * <p>It throws for no record: a throw stops the global stream thread, which cannot be replaced, so one record
 * would stop every instance. A refused record is counted and logged by the book and changes nothing. In offset
 * order, the newest record that compiles runs; a tombstone withdraws the version under its key, and if that version
 * was running, the newest accepted version left runs (none left: no rules). So the same rules run whether an
 * instance read the records as they came, restarted from its checkpoint, or replayed the compacted topic from the
 * beginning, as long as no refused record was written under an accepted record's key (compaction would then drop
 * the accepted one).
 *
 * <p>Cost: at {@link #init} and after a tombstone of the running version, the accepted versions are ordered from
 * an index in memory and compiled newest first, stopping at the first that compiles; a tombstone of any other
 * version (as {@code rules apply} writes for the versions older than the newest
 * {@value RulesTopicCodec#KEPT_VERSIONS}) reads and compiles nothing. Offsets order one partition only: a record
 * of any partition but 0 is refused (the rules topic has one; see {@link RulesTopicCodec#checkPartitions}).
 */
public final class RulesTopicProcessor implements Processor<String, String, Void, Void> {

    private final String storeName;
    private final RuleBook book;
    private ProcessorContext<Void, Void> context;
    private AcceptedRuleSets accepted;
    private String topic; // the configured name, until a record names it
    private String running; // the key of the accepted record whose rules run; null: none does

    public RulesTopicProcessor(String storeName, String topic, RuleBook book) {
        this.storeName = storeName;
        this.topic = topic;
        this.book = book;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        accepted = new AcceptedRuleSets(context.getStateStore(storeName));
        // Nothing stored: the book keeps what it holds (empty, unless a tool installed rules itself, as the
        // benchmarks do).
        installNewest();
    }

    @Override
    public void process(Record<String, String> record) {
        RecordMetadata at = context.recordMetadata().orElse(null);
        if (at != null) {
            topic = at.topic();
        }
        try {
            if (at != null && at.partition() != 0) {
                throw new RuleFileException(List.of(new RuleError("<topic " + topic + ">", 0, 0, "partition "
                        + at.partition() + ": the rules topic must have exactly one partition (offsets order the records "
                        + "of one partition only); only partition 0 is read")));
            }
            if (record.value() == null) {
                RulesTopicCodec.checkKey(topic, record.key());
                // a version that was not running was older than the running one or did not compile here
                if (accepted.remove(record.key()) && record.key().equals(running) && !installNewest()) {
                    book.install(RuleSet.EMPTY); // the last version withdrawn: no rules
                }
                return;
            }
            RuleSet rules = RulesTopicCodec.decode(topic, record.key(), record.value(), book.options());
            accepted.put(record.key(), at == null ? -1 : at.offset(), record.value());
            book.install(rules); // records come in offset order: this one is the newest
            running = record.key();
        } catch (RuleFileException e) {
            book.refuse(describe(at, record.key()), e);
        }
    }

    /** Installs the newest stored version that compiles; false if there is none (the book is left as it is). */
    private boolean installNewest() {
        for (AcceptedRuleSets.Accepted a : accepted.newestFirst()) {
            String value = accepted.value(a.key()); // read only now: each version older than the one installed stays unread
            if (value == null) {
                continue;
            }
            try {
                book.install(RulesTopicCodec.decode(topic, a.key(), value, book.options()));
                running = a.key();
                return true;
            } catch (RuleFileException e) {
                // accepted once, but it does not compile with this instance's settings (another slice width, say)
                book.refuse("kept from offset " + a.offset() + ", key '" + a.key() + "'", e);
            }
        }
        running = null;
        return false;
    }

    private String describe(RecordMetadata at, String key) {
        String where = at == null ? topic : at.topic() + "-" + at.partition() + " offset " + at.offset();
        return where + ", key " + (key == null ? "null" : "'" + PrintableText.of(key, 100) + "'");
    }
}
