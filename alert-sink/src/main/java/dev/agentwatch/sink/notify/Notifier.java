package dev.agentwatch.sink.notify;

import dev.agentwatch.sink.delivery.DeliveryQueue;
import dev.agentwatch.sink.grouping.GroupSnapshot;
import dev.agentwatch.sink.model.Notification;
import dev.agentwatch.sink.model.NotifiedAlert;
import dev.agentwatch.sink.offsets.Ticket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sixth stage: for each integration of the group's receiver, decides whether this flush is news
 * ({@link NotificationLog}) and queues it, each part holding the tickets of the alerts it carries; the log counts it
 * as told once its queue delivered it. Then gives back the group's own hold, so a record is done exactly when every
 * queue that took it has delivered or parked it.
 */
public final class Notifier {

    private final Map<String, List<DeliveryQueue>> queuesByReceiver;
    private final NotificationLog log = new NotificationLog();

    public Notifier(Map<String, List<DeliveryQueue>> queuesByReceiver) {
        this.queuesByReceiver = Map.copyOf(queuesByReceiver);
    }

    public void notify(GroupSnapshot s, Instant now) {
        try {
            for (DeliveryQueue q : queuesByReceiver.getOrDefault(s.route().receiver(), List.of())) {
                var integration = q.integration();
                log.decide(integration.name(), integration.sendResolved(), s, now).ifPresent(n -> {
                    List<NotificationLog.QueuedPart> parts = new ArrayList<>(1);
                    for (Notification part : integration.split(n)) {
                        holdTickets(part);
                        parts.add(new NotificationLog.QueuedPart(part, q.enqueue(part, s.key().partition())));
                    }
                    log.queued(integration.name(), n, parts);
                });
            }
            if (s.groupGone()) {
                log.forget(s.key());
            }
        } finally {
            s.releaseTickets();
        }
    }

    private static void holdTickets(Notification part) {
        for (NotifiedAlert a : part.alerts()) {
            a.tickets().forEach(Ticket::hold);
        }
    }

    public void forgetPartition(int partition) {
        log.forgetPartition(partition);
        queuesByReceiver.values().forEach(qs -> qs.forEach(q -> q.cancel(partition)));
    }

}
