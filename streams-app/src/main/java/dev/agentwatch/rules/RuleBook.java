package dev.agentwatch.rules;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The rules an instance runs: one shared, immutable {@link RuleSet}, replaced whole when a new file is
 * applied. Written by the global thread that reads the rules topic; read by stream threads at each evaluation,
 * so every task of every instance switches at its next evaluation after the record arrives.
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

    /** Rule records that did not compile here (the running rules stayed). */
    public long refusedCount() {
        return refused.get();
    }

    /**
     * Compiles a rules-topic record and switches to it; a record that does not compile changes nothing.
     *
     * @return whether the record was taken
     */
    public boolean apply(String value) {
        if (value == null) {
            install(RuleSet.EMPTY); // a tombstone: every rule removed
            return true;
        }
        try {
            install(RulesTopicCodec.decode(value, options));
            return true;
        } catch (RuleFileException e) {
            refused.incrementAndGet();
            log.error("rules record refused, keeping rule_version {}: {}", current().version(), e.getMessage());
            return false;
        }
    }

    public void install(RuleSet rules) {
        RuleSet before = current.getAndSet(rules);
        if (before.version() != rules.version()) {
            log.info("rules now at rule_version {} ({} rules from {})", rules.version(), rules.rules().size(), rules.sourceName());
        }
    }
}
