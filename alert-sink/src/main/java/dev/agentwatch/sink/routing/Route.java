package dev.agentwatch.sink.routing;

import dev.agentwatch.sink.matching.Matchers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node of the routing tree, with its settings already inherited from its parents. An alert enters a node
 * when its matchers match; it then tries the children in order and stops at the first matching child unless
 * that child says {@code continue}; when no child matches, the node itself takes the alert. The root matches
 * everything. This is Alertmanager's routing.
 *
 * @param id        the node's position in the tree ({@code 0}, {@code 0.1}, ...): part of every group key
 * @param groupBy   label names; {@code null} means every label (Alertmanager's {@code ...}), i.e. one group per alert
 */
public record Route(String id, Matchers matchers, String receiver, Set<String> groupBy, RouteTimings timings,
                    boolean continueMatching, List<Route> children) {

    public Route {
        children = List.copyOf(children);
        groupBy = groupBy == null ? null : Set.copyOf(groupBy);
    }

    public boolean groupsByAll() {
        return groupBy == null;
    }

    /** The nodes that take an alert with these labels; never empty for the root. */
    public List<Route> match(Map<String, String> labels) {
        if (!matchers.matches(labels)) {
            return List.of();
        }
        List<Route> taken = new ArrayList<>();
        for (Route child : children) {
            List<Route> got = child.match(labels);
            taken.addAll(got);
            if (!got.isEmpty() && !child.continueMatching) {
                break;
            }
        }
        if (taken.isEmpty()) {
            taken.add(this);
        }
        return taken;
    }
}
