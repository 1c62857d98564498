package dev.agentwatch.sink.pipeline;

import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.sink.dedup.Deduplicator;
import dev.agentwatch.sink.grouping.GroupSnapshot;
import dev.agentwatch.sink.grouping.Grouper;
import dev.agentwatch.sink.inhibit.Inhibitor;
import dev.agentwatch.sink.model.AlertLabels;
import dev.agentwatch.sink.model.SourceRecord;
import dev.agentwatch.sink.mute.MuteStage;
import dev.agentwatch.sink.notify.Notifier;
import dev.agentwatch.sink.offsets.Ticket;
import dev.agentwatch.sink.routing.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's stages, in their order. A consumed alert goes through the first three at once ({@link #accept}):
 * dedup, route, group. A group that is due goes through the rest ({@link #flushDue}): the muting stages in the order
 * given (inhibition, then silences), then notify, which queues the flush for each integration that has news; retry is
 * the delivery queues' work, pumped apart. Owned by the consumer thread.
 */
public final class AlertPipeline {

    private static final Logger log = LoggerFactory.getLogger(AlertPipeline.class);
    /** Resolved inhibition sources are kept this long, to order late duplicates; then forgotten. */
    private static final Duration RESOLVED_SOURCE_MEMORY = Duration.ofHours(1);

    private final Inhibitor inhibitor;
    private final Deduplicator dedup;
    private final Route route;
    private final Grouper grouper;
    private final List<MuteStage> muting;
    private final Notifier notifier;
    private final Clock clock;
    private Instant lastSweep = Instant.MIN;

    /**
     * @param inhibitor learns the sources of inhibition from every alert, duplicates and records done before a restart
     *                  included (it mutes through one of {@code muting})
     * @param muting    the muting stages, in the order a flush goes through them
     */
    public AlertPipeline(Inhibitor inhibitor, Deduplicator dedup, Route route, Grouper grouper, List<MuteStage> muting,
                         Notifier notifier, Clock clock) {
        this.inhibitor = inhibitor;
        this.dedup = dedup;
        this.route = route;
        this.grouper = grouper;
        this.muting = List.copyOf(muting);
        this.notifier = notifier;
        this.clock = clock;
    }

    /** Takes one consumed alert; the ticket's initial hold is released here, so it is done if nothing is owed. */
    public void accept(int partition, AlertEvent alert, Ticket ticket, SourceRecord source) {
        try {
            Map<String, String> labels = AlertLabels.of(alert);
            inhibitor.observe(alert, labels);
            if (!dedup.isNew(partition, alert)) {
                log.debug("duplicate {} {} dropped", alert.getStatus(), alert.getFingerprint());
                return;
            }
            Instant now = clock.instant();
            for (Route r : route.match(labels)) {
                grouper.add(r, partition, alert, labels, ticket, source, now);
            }
        } finally {
            ticket.release();
        }
    }

    /** A record an earlier owner already delivered (skipped after a restart): its state is learnt, nothing is sent. */
    public void observe(int partition, AlertEvent alert) {
        inhibitor.observe(alert, AlertLabels.of(alert));
        dedup.isNew(partition, alert);
    }

    /** Flushes the groups that are due: each goes through the muting stages, then to notify. */
    public void flushDue() {
        Instant now = clock.instant();
        for (GroupSnapshot due : grouper.due(now)) {
            GroupSnapshot s = due;
            for (MuteStage stage : muting) {
                s = stage.apply(s, now);
            }
            notifier.notify(s, now);
        }
        if (Duration.between(lastSweep, now).toMinutes() >= 1 || lastSweep == Instant.MIN) {
            inhibitor.forgetResolvedBefore(now.minus(RESOLVED_SOURCE_MEMORY));
            lastSweep = now;
        }
    }

    /** When the next group flush is due; null when there are no groups. */
    public Instant nextDue() {
        return grouper.nextDue();
    }

    public void forgetPartition(int partition) {
        grouper.forgetPartition(partition);
        dedup.forgetPartition(partition);
        notifier.forgetPartition(partition);
    }

    public int groupCount() {
        return grouper.size();
    }
}
