package dev.agentwatch.rules;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The rules an instance runs: one shared, immutable {@link RuleSet}, replaced whole when a new file is
 * applied. Written by the global thread that reads the rules topic ({@link RulesTopicProcessor}); read by stream
 * threads at each evaluation, so every task of every instance switches at its next evaluation after the record
 * arrives.
 */
public final class RuleBook {

    private static final Logger log = LoggerFactory.getLogger(RuleBook.class);

    private final RuleCompileOptions options;
    private final AtomicReference<RuleSet> current = new AtomicReference<>(RuleSet.EMPTY);
    private final AtomicLong refused = new AtomicLong();

    public RuleBook(RuleCompileOptions options) {
        this.options = options;
    }

    public RuleSet current() {
        return current.get();
    }

    public RuleCompileOptions options() {
        return options;
    }

    /** Rules-topic records refused since this instance started, those replayed at the start included. */
    public long refusedCount() {
        return refused.get();
    }

    /**
     * Counts and logs, once, a rules record that does not compile here; the running rules stay.
     *
     * @param record which record, for the log
     */
    public void refuse(String record, RuleFileException e) {
        refused.incrementAndGet();
        if (e.getCause() != null) {
            log.error("rules record refused ({}), keeping rule_version {}: {}", record, current().version(), e.summary(),
                    e.getCause());
        } else {
            log.warn("rules record refused ({}), keeping rule_version {}: {}", record, current().version(), e.summary());
        }
    }

    public void install(RuleSet rules) {
        RuleSet before = current.getAndSet(rules);
        if (before.version() != rules.version()) {
            log.info("rules now at rule_version {} ({} rules from {})", rules.version(), rules.rules().size(), rules.sourceName());
        }
    }
}
