package dev.agentwatch.sink.mute;

import dev.agentwatch.sink.grouping.GroupSnapshot;
import dev.agentwatch.sink.model.Muter;
import dev.agentwatch.sink.model.NotifiedAlert;
import dev.agentwatch.sink.offsets.Ticket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One muting stage of a group's flush: the firing alerts its {@link Muter} mutes leave the flush, and their records
 * are done, since nothing is owed for them. Resolved alerts always go on: a resolve is never held back, even by a
 * silence that started after the page.
 */
public final class MuteStage {

    private static final Logger log = LoggerFactory.getLogger(MuteStage.class);

    private final String verdict;
    private final Muter muter;

    /** @param verdict what the log says of a muted alert: {@code inhibited}, {@code silenced} */
    public MuteStage(String verdict, Muter muter) {
        this.verdict = verdict;
        this.muter = muter;
    }

    /** The flush without the alerts muted now: the same snapshot when none is. */
    public GroupSnapshot apply(GroupSnapshot s, Instant now) {
        List<NotifiedAlert> alerts = s.alerts();
        List<NotifiedAlert> kept = null; // made only once an alert is muted, as most flushes mute none
        for (int i = 0; i < alerts.size(); i++) {
            NotifiedAlert a = alerts.get(i);
            if (a.firing() && muter.mutes(a.fingerprint(), a.labels(), now)) {
                log.debug("{} {} {}", a.event().getAlert(), a.fingerprint(), verdict);
                a.tickets().forEach(Ticket::release);
                if (kept == null) {
                    kept = new ArrayList<>(alerts.subList(0, i));
                }
            } else if (kept != null) {
                kept.add(a);
            }
        }
        return kept == null ? s : s.withAlerts(kept);
    }
}
