package dev.agentwatch.sink.notify;

import dev.agentwatch.sink.delivery.Receipt;
import dev.agentwatch.sink.grouping.GroupSnapshot;
import dev.agentwatch.sink.model.GroupKey;
import dev.agentwatch.sink.model.Notification;
import dev.agentwatch.sink.model.NotifiedAlert;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What each integration was told about each group, and from that whether a flush is news for it
 * (Alertmanager's notification log and dedup stage):
 * <ul>
 *   <li>never notified: send when something fires (or when an alert resolved whose start this instance never saw,
 *       since it may have been announced before a restart);</li>
 *   <li>an alert fires that was not in the last notification: send;</li>
 *   <li>nothing fires any more but something did: send (the resolutions, if the integration sends them);</li>
 *   <li>an alert that was announced resolved: send if the integration sends resolutions;</li>
 *   <li>otherwise send again only when {@code repeat_interval} has passed.</li>
 * </ul>
 * As in Alertmanager, a notification counts as told only once it was delivered: one that is parked is not, so the
 * next flush of its group tells it again (for an integration that splits, what the delivered parts carried is told).
 * While one is still on its way, a flush is judged against it, so a receiver that is down does not collect a copy
 * of it at every flush.
 * Unlike Alertmanager, an alert that resolved is forgotten even when its resolution was not sent, so its firing
 * again is news. Owned by one thread; the queues' workers only write the receipts it reads.
 */
final class NotificationLog {

    /** What a notification told: the alerts firing in it, and the flush it came from. */
    private record Entry(Set<String> firing, Instant at) {
    }

    /** One part of a notification as its queue took it. */
    record QueuedPart(Notification part, Receipt receipt) {
    }

    /** A notification queued and not yet settled, and its parts. */
    private record Queued(Entry entry, List<QueuedPart> parts) {

        boolean onItsWay() {
            for (QueuedPart p : parts) {
                if (p.receipt().state() == Receipt.State.PENDING) {
                    return true;
                }
            }
            return false;
        }

        /** Once settled: what it told, counting only the parts delivered; null when none was. */
        Entry told() {
            Set<String> firing = new HashSet<>();
            int delivered = 0;
            for (QueuedPart p : parts) {
                if (p.receipt().state() == Receipt.State.DELIVERED) {
                    delivered++;
                    for (NotifiedAlert a : p.part().alerts()) {
                        if (a.firing()) {
                            firing.add(a.fingerprint());
                        }
                    }
                }
            }
            return delivered == parts.size() ? entry : delivered == 0 ? null : new Entry(firing, entry.at());
        }
    }

    /** One integration and one group: what was told by notifications delivered, and those queued since, oldest first. */
    private static final class History {

        Entry told;
        final ArrayDeque<Queued> queued = new ArrayDeque<>(2);

        /** Takes in the notifications whose every part the queue has delivered or parked, oldest first, as it sends. */
        void settle() {
            while (!queued.isEmpty() && !queued.peekFirst().onItsWay()) {
                Entry e = queued.pollFirst().told();
                if (e != null) {
                    told = e;
                }
            }
        }

        /** What a flush is judged against: the newest notification still on its way, else what was told. */
        Entry last() {
            Queued q = queued.peekLast();
            return q != null ? q.entry() : told;
        }

        void forgetFiring(List<NotifiedAlert> resolved) {
            for (NotifiedAlert a : resolved) {
                if (told != null) {
                    told.firing().remove(a.fingerprint());
                }
                queued.forEach(q -> q.entry().firing().remove(a.fingerprint()));
            }
        }
    }

    private final Map<GroupKey, Map<String, History>> entries = new HashMap<>();

    /**
     * The notification to send this integration for this flush, if any. It counts as told once delivered: say with
     * {@link #queued} how it was queued.
     */
    Optional<Notification> decide(String integration, boolean sendResolved, GroupSnapshot s, Instant now) {
        History history = entries.computeIfAbsent(s.key(), k -> new HashMap<>()).computeIfAbsent(integration, i -> new History());
        history.settle();
        Entry prev = history.last();
        List<NotifiedAlert> firing = new ArrayList<>();
        List<NotifiedAlert> news = new ArrayList<>();
        Set<String> firingIds = new HashSet<>();
        for (NotifiedAlert a : s.alerts()) {
            if (a.firing()) {
                firing.add(a);
                firingIds.add(a.fingerprint());
            } else if ((prev != null && prev.firing().contains(a.fingerprint())) || s.unknownHistory().contains(a.fingerprint())) {
                news.add(a);
            }
        }
        boolean resolvedNews = sendResolved && !news.isEmpty();
        boolean send;
        if (prev == null) {
            send = !firing.isEmpty() || resolvedNews;
        } else if (!prev.firing().containsAll(firingIds)) {
            send = true;
        } else if (firing.isEmpty()) {
            send = !prev.firing().isEmpty() || resolvedNews;
        } else if (resolvedNews) {
            send = true;
        } else {
            send = !now.isBefore(prev.at().plus(s.route().timings().repeatInterval()));
        }
        if (!send) {
            // Told nothing, but remember it is over: if it fires again, that is news.
            history.forgetFiring(news);
            return Optional.empty();
        }
        List<NotifiedAlert> alerts = new ArrayList<>(firing);
        if (sendResolved) {
            alerts.addAll(news);
        }
        if (alerts.isEmpty()) {
            // Nothing fires and this integration takes no resolutions: nothing to send, so nothing to wait for.
            history.told = new Entry(firingIds, now);
            history.queued.clear();
            return Optional.empty();
        }
        return Optional.of(new Notification(s.route().receiver(), s.key(), s.groupLabels(), alerts, now));
    }

    /**
     * The notification {@link #decide} returned was queued as these parts. It is told once every part is delivered;
     * when only some are, what they carried is.
     */
    void queued(String integration, Notification n, List<QueuedPart> parts) {
        Set<String> firing = new HashSet<>();
        for (NotifiedAlert a : n.alerts()) {
            if (a.firing()) {
                firing.add(a.fingerprint());
            }
        }
        entries.get(n.groupKey()).get(integration).queued.addLast(new Queued(new Entry(firing, n.at()), List.copyOf(parts)));
    }

    void forget(GroupKey key) {
        entries.remove(key);
    }

    void forgetPartition(int partition) {
        entries.keySet().removeIf(k -> k.partition() == partition);
    }
}
