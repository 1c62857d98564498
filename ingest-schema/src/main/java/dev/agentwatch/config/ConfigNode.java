package dev.agentwatch.config;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One value of a YAML document together with where it stands (file, line, column, dotted path), so that
 * every error about it can say so. Typed accessors throw {@link ConfigException}.
 */
public final class ConfigNode {

    private final String file;
    private final String path;
    private final Node node;

    ConfigNode(String file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    public String file() {
        return file;
    }

    /** Dotted path from the document root, e.g. {@code streams.grace} or {@code rules[2].condition}. */
    public String path() {
        return path;
    }

    /** 1-based line of the value. */
    public int line() {
        return node.getStartMark().getLine() + 1;
    }

    /** 1-based column of the value. */
    public int column() {
        return node.getStartMark().getColumn() + 1;
    }

    /** An error located at this value. */
    public ConfigException error(String problem) {
        return new ConfigException(file, line(), column(), path, problem);
    }

    public boolean isMap() {
        return node instanceof MappingNode;
    }

    public boolean isList() {
        return node instanceof SequenceNode;
    }

    public boolean isScalar() {
        return node instanceof ScalarNode;
    }

    /** Entries of a mapping in document order. Duplicate keys are an error (YAML allows them silently). */
    public Map<String, ConfigNode> entries() {
        if (!(node instanceof MappingNode mapping)) {
            throw error("expected a mapping (key: value lines), got " + kind());
        }
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        for (NodeTuple t : mapping.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                throw new ConfigNode(file, path, t.getKeyNode()).error("keys must be plain words");
            }
            String name = key.getValue();
            ConfigNode value = new ConfigNode(file, childPath(name), t.getValueNode());
            if (out.putIfAbsent(name, value) != null) {
                throw new ConfigNode(file, childPath(name), key).error("duplicate key '" + name + "'");
            }
        }
        return out;
    }

    public List<ConfigNode> items() {
        if (!(node instanceof SequenceNode seq)) {
            throw error("expected a list (lines starting with '- '), got " + kind());
        }
        List<ConfigNode> out = new ArrayList<>(seq.getValue().size());
        for (int i = 0; i < seq.getValue().size(); i++) {
            out.add(new ConfigNode(file, path + "[" + i + "]", seq.getValue().get(i)));
        }
        return out;
    }

    public Optional<ConfigNode> get(String key) {
        return Optional.ofNullable(entries().get(key));
    }

    public ConfigNode require(String key) {
        ConfigNode child = entries().get(key);
        if (child == null) {
            throw error("missing required field '" + key + "'");
        }
        return child;
    }

    /** Fails on keys outside {@code allowed}: a typo in config must not be silently ignored. */
    public ConfigNode allowOnly(java.util.Collection<String> allowed) {
        for (ConfigNode child : entries().values()) {
            String key = child.path.substring(child.path.lastIndexOf('.') + 1);
            if (!allowed.contains(key)) {
                throw child.error("unknown field '" + key + "'; known fields: " + String.join(", ", allowed));
            }
        }
        return this;
    }

    public String text() {
        if (!(node instanceof ScalarNode scalar)) {
            throw error("expected a single value, got " + kind());
        }
        return scalar.getValue();
    }

    public boolean isNull() {
        return node instanceof ScalarNode s && (s.getValue().isEmpty() || s.getValue().equals("null") || s.getValue().equals("~"));
    }

    public int integer() {
        try {
            return Integer.parseInt(text().trim());
        } catch (NumberFormatException e) {
            throw error("expected a whole number, got '" + text() + "'");
        }
    }

    public double number() {
        try {
            return Double.parseDouble(text().trim());
        } catch (NumberFormatException e) {
            throw error("expected a number, got '" + text() + "'");
        }
    }

    public boolean bool() {
        return switch (text().trim()) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error("expected true or false, got '" + text() + "'");
        };
    }

    public Duration duration() {
        try {
            return Durations.parse(text());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    private String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private String kind() {
        if (node instanceof MappingNode) return "a mapping";
        if (node instanceof SequenceNode) return "a list";
        return "'" + ((ScalarNode) node).getValue() + "'";
    }
}
