package dev.agentwatch.sink;

import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.sink.dedup.Deduplicator;
import dev.agentwatch.sink.grouping.GroupSnapshot;
import dev.agentwatch.sink.grouping.Grouper;
import dev.agentwatch.sink.inhibit.Inhibitor;
import dev.agentwatch.sink.model.AlertLabels;
import dev.agentwatch.sink.model.NotifiedAlert;
import dev.agentwatch.sink.model.SourceRecord;
import dev.agentwatch.sink.notify.Notifier;
import dev.agentwatch.sink.offsets.Ticket;
import dev.agentwatch.sink.routing.Route;
import dev.agentwatch.sink.silence.SilenceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stages in order: dedup, route, group ({@link #accept}); then, when a group is due, inhibit, silence and
 * notify ({@link #flushDue}); retries happen in the delivery queues. Owned by the consumer thread.
 */
public final class AlertPipeline {

    private static final Logger log = LoggerFactory.getLogger(AlertPipeline.class);
    /** Resolved inhibition sources are kept this long, to order late duplicates; then forgotten. */
    private static final Duration RESOLVED_SOURCE_MEMORY = Duration.ofHours(1);

    private final Deduplicator dedup;
    private final Route route;
    private final Grouper grouper = new Grouper();
    private final Inhibitor inhibitor;
    private final SilenceStore silences;
    private final Notifier notifier;
    private final Clock clock;
    private Instant lastSweep = Instant.MIN;

    public AlertPipeline(Deduplicator dedup, Route route, Inhibitor inhibitor, SilenceStore silences, Notifier notifier, Clock clock) {
        this.dedup = dedup;
        this.route = route;
        this.inhibitor = inhibitor;
        this.silences = silences;
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

    /** Flushes the groups that are due: mutes, then hands each to the notify stage. */
    public void flushDue() {
        Instant now = clock.instant();
        for (GroupSnapshot s : grouper.due(now)) {
            notifier.notify(mute(s, now), now);
        }
        if (Duration.between(lastSweep, now).toMinutes() >= 1 || lastSweep == Instant.MIN) {
            inhibitor.forgetResolvedBefore(now.minus(RESOLVED_SOURCE_MEMORY));
            lastSweep = now;
        }
    }

    /** Firing alerts that are inhibited or silenced leave the flush; their records are done (nothing to send). */
    private GroupSnapshot mute(GroupSnapshot s, Instant now) {
        List<NotifiedAlert> kept = new ArrayList<>(s.alerts().size());
        for (NotifiedAlert a : s.alerts()) {
            if (a.firing() && inhibitor.inhibited(a.fingerprint(), a.labels())) {
                log.debug("{} {} inhibited", a.event().getAlert(), a.fingerprint());
                a.tickets().forEach(Ticket::release);
            } else if (a.firing() && silences.mutedBy(a.labels(), now).isPresent()) {
                log.debug("{} {} silenced", a.event().getAlert(), a.fingerprint());
                a.tickets().forEach(Ticket::release);
            } else {
                kept.add(a);
            }
        }
        return kept.size() == s.alerts().size() ? s : s.withAlerts(kept);
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
