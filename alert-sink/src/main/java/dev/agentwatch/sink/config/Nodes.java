package dev.agentwatch.sink.config;

import dev.agentwatch.config.ConfigNode;
import dev.agentwatch.sink.matching.Matchers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Small typed reads of {@link ConfigNode}s the sink's parsers share; every failure names file, line and column. */
final class Nodes {

    private Nodes() {
    }

    static List<String> strings(ConfigNode list) {
        List<String> out = new ArrayList<>();
        for (ConfigNode item : list.items()) {
            out.add(item.text());
        }
        return out;
    }

    static Matchers matchers(ConfigNode list) {
        List<dev.agentwatch.sink.matching.Matcher> out = new ArrayList<>();
        for (ConfigNode item : list.items()) {
            try {
                out.add(dev.agentwatch.sink.matching.Matcher.parse(item.text()));
            } catch (IllegalArgumentException e) {
                throw item.error(e.getMessage());
            }
        }
        return new Matchers(out);
    }

    static Duration positiveDuration(ConfigNode n) {
        Duration d = n.duration();
        if (d.isZero() || d.isNegative()) {
            throw n.error("must be longer than 0");
        }
        return d;
    }

    static boolean bool(ConfigNode parent, String key, boolean dflt) {
        return parent.get(key).map(ConfigNode::bool).orElse(dflt);
    }
}
