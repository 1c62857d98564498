package dev.agentwatch.streams.agents;

import dev.agentwatch.rules.RuleSet;
import dev.agentwatch.window.WindowSpec;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The windows a task runs: the configured ones plus those its rules read, each keeping the sketches the fleet
 * view or a rule needs over it. A rule set applied through the rules topic may ask for other windows or
 * percentiles; slice, grace and hold never change.
 */
final class RuleWindows {

    private RuleWindows() {
    }

    static WindowSpec shapeFor(WindowSpec configured, RuleSet rules) {
        Map<Duration, Integer> windows = new HashMap<>();
        for (int i = 0; i < configured.windowCount(); i++) {
            windows.put(Duration.ofMillis(configured.windowMs(i)), configured.windowSketches(i));
        }
        rules.windows().forEach(w -> windows.merge(w, 0, (a, b) -> a | b));
        rules.windowSketches().forEach((w, mask) -> windows.merge(w, mask, (a, b) -> a | b));
        return new WindowSpec(Duration.ofMillis(configured.sliceMs()), Duration.ofMillis(configured.graceMs()), windows,
                Duration.ofMillis(configured.holdMs()));
    }
}
