package dev.agentwatch.sink.notify;

import dev.agentwatch.sink.grouping.GroupSnapshot;
import dev.agentwatch.sink.model.GroupKey;
import dev.agentwatch.sink.model.Notification;
import dev.agentwatch.sink.model.NotifiedAlert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What each integration was last told about each group, and from that whether a flush is news for it
 * (Alertmanager's notification log and dedup stage):
 * <ul>
 *   <li>never notified: send when something fires (or when an alert resolved whose start this instance never saw,
 *       since it may have been announced before a restart);</li>
 *   <li>an alert fires that was not in the last notification: send;</li>
 *   <li>nothing fires any more but something did: send (the resolutions, if the integration sends them);</li>
 *   <li>an alert that was announced resolved: send if the integration sends resolutions;</li>
 *   <li>otherwise send again only when {@code repeat_interval} has passed.</li>
 * </ul>
 * Unlike Alertmanager, an alert that resolved is forgotten even when its resolution was not sent, so its firing
 * again is news. Owned by one thread.
 */
final class NotificationLog {

    private record Entry(Set<String> firing, Instant at) {
    }

    private final Map<GroupKey, Map<String, Entry>> entries = new HashMap<>();

    /** The notification to send this integration for this flush, if any; records it as sent. */
    Optional<Notification> decide(String integration, boolean sendResolved, GroupSnapshot s, Instant now) {
        Map<String, Entry> byIntegration = entries.computeIfAbsent(s.key(), k -> new HashMap<>());
        Entry prev = byIntegration.get(integration);
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
            if (prev != null && !news.isEmpty()) {
                // Told nothing, but remember it is over: if it fires again, that is news.
                Set<String> still = new HashSet<>(prev.firing());
                news.forEach(a -> still.remove(a.fingerprint()));
                byIntegration.put(integration, new Entry(still, prev.at()));
            }
            return Optional.empty();
        }
        byIntegration.put(integration, new Entry(firingIds, now));
        List<NotifiedAlert> alerts = new ArrayList<>(firing);
        if (sendResolved) {
            alerts.addAll(news);
        }
        if (alerts.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Notification(s.route().receiver(), s.key(), s.groupLabels(), alerts, now));
    }

    void forget(GroupKey key) {
        entries.remove(key);
    }

    void forgetPartition(int partition) {
        entries.keySet().removeIf(k -> k.partition() == partition);
    }
}
