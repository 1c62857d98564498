package dev.agentwatch.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.reader.ReaderException;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads YAML into {@link ConfigNode}s that remember file, line and column; syntax errors say where.
 *
 * <p>Every problem, limits included, is a {@link ConfigException}: rule files also arrive from the rules topic,
 * where a text that escaped as another exception would stop the thread reading it. The limits: a document is
 * at most {@value #MAX_BYTES} bytes of UTF-8 (1 MiB), nests lists and mappings at most {@value #MAX_NESTING}
 * deep, has at most {@value #MAX_COLLECTION_ALIASES} aliases of lists or mappings, and expands through its
 * aliases to at most {@value #MAX_EXPANDED_VALUES} values. No 1 MiB document has that many values without
 * aliases, so only an alias bomb, or an alias inside the collection it names, meets the last limit.
 */
public final class YamlFiles {

    public static final int MAX_BYTES = 1024 * 1024;
    public static final int MAX_NESTING = 32;
    public static final int MAX_COLLECTION_ALIASES = 100;
    public static final int MAX_EXPANDED_VALUES = 1_000_000;

    private static final String LIMIT = "a YAML file holds at most " + MAX_BYTES + " (1 MiB)";

    private YamlFiles() {
    }

    public static ConfigNode read(Path file) {
        return parse(file.toString(), readText(file));
    }

    /** The file's text; a file over {@value #MAX_BYTES} bytes is refused unread. */
    public static String readText(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ConfigException(file.toString(), 0, 0, "", "the file is " + size + " bytes; " + LIMIT);
            }
            return Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, 0, "", "cannot read: " + e.getMessage());
        }
    }

    /** @param name how errors name the source (a path, or e.g. {@code <topic agentwatch.rules>}) */
    public static ConfigNode parse(String name, String text) {
        long bytes = utf8Length(text);
        if (bytes > MAX_BYTES) {
            throw new ConfigException(name, 0, 0, "", "the text is " + bytes + " bytes; " + LIMIT);
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // ConfigNode reports duplicates itself, with their position
        options.setCodePointLimit(MAX_BYTES); // checked above already; a code point is at least a byte
        options.setNestingDepthLimit(MAX_NESTING);
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        options.setAllowRecursiveKeys(false);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text));
        } catch (YAMLException e) {
            throw refused(name, text, e);
        }
        if (root == null) {
            throw new ConfigException(name, 1, 1, "", "the file is empty");
        }
        checkExpansion(name, root);
        return new ConfigNode(name, "", root);
    }

    private static ConfigException refused(String name, String text, YAMLException e) {
        if (e instanceof MarkedYAMLException marked) {
            var mark = marked.getProblemMark();
            return new ConfigException(name, mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1,
                    "", "YAML syntax: " + (marked.getProblem() != null ? marked.getProblem() : marked.getMessage()));
        }
        if (e instanceof ReaderException unreadable) {
            int[] at = lineAndColumn(text, unreadable.getPosition());
            return new ConfigException(name, at[0], at[1], "", String.format(
                    "YAML syntax: character U+%04X is not allowed (not printable)", unreadable.getCodePoint()));
        }
        // SnakeYAML's own limits, which carry no position
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Nesting Depth exceeded")) {
            message = "nested more than " + MAX_NESTING + " levels deep";
        } else if (message.startsWith("Number of aliases for non-scalar nodes")) {
            message = "more than " + MAX_COLLECTION_ALIASES + " aliases of lists or mappings";
        }
        return new ConfigException(name, 0, 0, "", "YAML: " + message);
    }

    /**
     * Walks the document as a reader of it would, meeting an aliased collection again at each alias, and refuses
     * it past {@value #MAX_EXPANDED_VALUES} values. Iterative: the walk through aliases has no depth limit.
     */
    private static void checkExpansion(String name, Node root) {
        Deque<Node> pending = new ArrayDeque<>();
        pending.push(root);
        int met = 1;
        while (!pending.isEmpty()) {
            for (Node child : children(pending.pop())) {
                if (++met > MAX_EXPANDED_VALUES) {
                    throw new ConfigException(name, child.getStartMark().getLine() + 1, child.getStartMark().getColumn() + 1,
                            "", "YAML: aliases expand the document to more than " + MAX_EXPANDED_VALUES
                            + " values (an alias bomb, or an alias inside the collection it names)");
                }
                pending.push(child);
            }
        }
    }

    private static List<Node> children(Node node) {
        if (node instanceof SequenceNode seq) {
            return seq.getValue();
        }
        if (node instanceof MappingNode map) {
            List<Node> out = new ArrayList<>(2 * map.getValue().size());
            for (NodeTuple t : map.getValue()) {
                out.add(t.getKeyNode());
                out.add(t.getValueNode());
            }
            return out;
        }
        return List.of();
    }

    /** 1-based line and column of the {@code codePoints}-th code point, as SnakeYAML counts positions. */
    private static int[] lineAndColumn(String text, int codePoints) {
        int line = 1;
        int column = 1;
        for (int i = 0, n = 0; i < text.length() && n < codePoints; i += Character.charCount(text.codePointAt(i)), n++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3; // a surrogate pair is 4
        }
        return bytes;
    }
}
