package dev.agentwatch.sink.mute;

import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.sink.grouping.GroupSnapshot;
import dev.agentwatch.sink.matching.Matchers;
import dev.agentwatch.sink.model.AlertLabels;
import dev.agentwatch.sink.model.GroupKey;
import dev.agentwatch.sink.model.Muter;
import dev.agentwatch.sink.model.NotifiedAlert;
import dev.agentwatch.sink.model.SourceRecord;
import dev.agentwatch.sink.offsets.DoneRanges;
import dev.agentwatch.sink.offsets.PartitionOffsets;
import dev.agentwatch.sink.routing.Route;
import dev.agentwatch.sink.routing.RouteTimings;
import dev.agentwatch.sink.testing.Alerts;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.agentwatch.sink.testing.EngineHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** One muting stage alone: what its muter mutes leaves the flush with its record done; the rest goes on as it was. */
class MuteStageTest {

    private static final Route ROUTE = new Route("0", Matchers.ANY, "hook", Set.of(), RouteTimings.DEFAULTS, false, List.of());

    private final PartitionOffsets offsets = new PartitionOffsets(0, DoneRanges.NONE);
    private final List<String> asked = new ArrayList<>();
    private final Muter mutesAgentOne = (fingerprint, labels, now) -> {
        asked.add(fingerprint);
        return "agent-1".equals(labels.get(AlertLabels.AGENT_ID));
    };

    @Test
    void aMutedFiringAlertLeavesTheFlushAndItsRecordIsDone() {
        GroupSnapshot s = snapshot(Alerts.firing("fp-1", "AgentTimeout", "agent-1", "WARNING", T0),
                Alerts.firing("fp-2", "AgentTimeout", "agent-2", "WARNING", T0));

        GroupSnapshot kept = new MuteStage("silenced", mutesAgentOne).apply(s, T0);

        assertThat(kept.alerts()).extracting(NotifiedAlert::fingerprint).containsExactly("fp-2");
        offsets.drain();
        assertThat(offsets.commitPosition()).as("the muted alert's record is done, the other is still owed").isEqualTo(1);
    }

    @Test
    void aResolvedAlertIsNeverMuted() {
        AlertEvent firing = Alerts.firing("fp-1", "AgentTimeout", "agent-1", "WARNING", T0);
        GroupSnapshot s = snapshot(Alerts.resolved(firing, T0.plusSeconds(60)));

        assertThat(new MuteStage("inhibited", mutesAgentOne).apply(s, T0)).isSameAs(s);
        assertThat(asked).isEmpty();
    }

    @Test
    void whenNothingIsMutedTheSnapshotGoesOnUnchanged() {
        GroupSnapshot s = snapshot(Alerts.firing("fp-2", "AgentTimeout", "agent-2", "WARNING", T0));

        assertThat(new MuteStage("inhibited", mutesAgentOne).apply(s, T0)).isSameAs(s);
        assertThat(asked).containsExactly("fp-2");
    }

    private GroupSnapshot snapshot(AlertEvent... events) {
        List<NotifiedAlert> alerts = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            var ticket = offsets.track(i);
            alerts.add(new NotifiedAlert(events[i], AlertLabels.of(events[i]), List.of(ticket), new SourceRecord("alerts", 0, i)));
        }
        return new GroupSnapshot(GroupKey.of(0, ROUTE.id(), Map.of()), ROUTE, Map.of(), alerts, Set.of(), false, T0);
    }
}
