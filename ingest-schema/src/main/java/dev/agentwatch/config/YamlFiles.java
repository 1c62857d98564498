package dev.agentwatch.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads YAML into {@link ConfigNode}s that remember file, line and column; syntax errors say where. */
public final class YamlFiles {

    private YamlFiles() {
    }

    public static ConfigNode read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, 0, "", "cannot read: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    /** @param name how errors name the source (a path, or e.g. {@code <topic agentwatch.rules>}) */
    public static ConfigNode parse(String name, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // ConfigNode reports duplicates itself, with their position
        options.setCodePointLimit(16 * 1024 * 1024);
        Yaml yaml = new Yaml(options);
        Node root;
        try {
            root = yaml.compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark();
            throw new ConfigException(name, mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1,
                    "", "YAML syntax: " + e.getProblem());
        }
        if (root == null) {
            throw new ConfigException(name, 1, 1, "", "the file is empty");
        }
        return new ConfigNode(name, "", root);
    }
}
