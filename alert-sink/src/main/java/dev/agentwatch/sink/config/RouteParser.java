package dev.agentwatch.sink.config;

import dev.agentwatch.config.ConfigNode;
import dev.agentwatch.sink.matching.Matchers;
import dev.agentwatch.sink.routing.Route;
import dev.agentwatch.sink.routing.RouteTimings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@code route} tree. A child inherits its parent's receiver, {@code group_by} and timings unless it
 * sets them; the root must name a receiver and takes no matchers (it catches everything), as in Alertmanager.
 */
final class RouteParser {

    private static final List<String> FIELDS = List.of("receiver", "matchers", "group_by", "group_wait", "group_interval",
            "repeat_interval", "continue", "routes");
    /** Alertmanager's "group by every label", i.e. no grouping. */
    private static final String ALL_LABELS = "...";

    private final Set<String> receivers;

    RouteParser(Set<String> receivers) {
        this.receivers = receivers;
    }

    Route root(ConfigNode n) {
        n.allowOnly(FIELDS);
        if (n.get("matchers").isPresent()) {
            throw n.require("matchers").error("the root route matches every alert and takes no matchers");
        }
        if (n.get("continue").isPresent()) {
            throw n.require("continue").error("the root route has no siblings to continue to");
        }
        n.require("receiver");
        Route defaults = new Route("", Matchers.ANY, null, Set.of(), RouteTimings.DEFAULTS, false, List.of());
        return parse(n, "0", defaults);
    }

    private Route parse(ConfigNode n, String id, Route parent) {
        n.allowOnly(FIELDS);
        String receiver = parent.receiver();
        if (n.get("receiver").isPresent()) {
            ConfigNode r = n.require("receiver");
            receiver = r.text();
            if (!receivers.contains(receiver)) {
                throw r.error("unknown receiver '" + receiver + "'; receivers: " + String.join(", ", receivers));
            }
        }
        Matchers matchers = n.get("matchers").map(Nodes::matchers).orElse(Matchers.ANY);
        // null (every label) is inherited like any other value, so no Optional here.
        Set<String> groupBy = n.get("group_by").isPresent() ? groupBy(n.require("group_by")) : parent.groupBy();
        RouteTimings t = parent.timings();
        Duration wait = n.get("group_wait").map(ConfigNode::duration).orElse(t.groupWait());
        Duration interval = n.get("group_interval").map(Nodes::positiveDuration).orElse(t.groupInterval());
        Duration repeat = n.get("repeat_interval").map(Nodes::positiveDuration).orElse(t.repeatInterval());
        if (wait.isNegative()) {
            throw n.require("group_wait").error("must not be negative");
        }
        boolean cont = Nodes.bool(n, "continue", false);
        RouteTimings timings = new RouteTimings(wait, interval, repeat);
        Route self = new Route(id, matchers, receiver, groupBy, timings, cont, List.of());
        List<Route> children = new ArrayList<>();
        if (n.get("routes").isPresent()) {
            List<ConfigNode> items = n.require("routes").items();
            for (int i = 0; i < items.size(); i++) {
                children.add(parse(items.get(i), id + "." + i, self));
            }
        }
        return new Route(id, matchers, receiver, groupBy, timings, cont, children);
    }

    /** @return null for "every label" */
    private Set<String> groupBy(ConfigNode list) {
        List<String> names = Nodes.strings(list);
        if (names.contains(ALL_LABELS)) {
            if (names.size() != 1) {
                throw list.error("'...' groups by every label and cannot be combined with other names");
            }
            return null;
        }
        return new LinkedHashSet<>(names);
    }
}
