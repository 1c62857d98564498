package dev.agentwatch.rules;

import dev.agentwatch.config.ConfigNode;

/**
 * Maps a character offset inside a YAML scalar (a condition, a template) to its line and column in the file.
 * Exact for scalars on one line, plain or quoted (barring escapes before the offset); a block scalar
 * ({@code |} or {@code >}) or a value folded over several lines reports the start of the value instead.
 */
final class ScalarText {

    private final String file;
    private final int line;
    private final int column;
    private final int shift;
    private final boolean exact;

    private ScalarText(String file, int line, int column, int shift, boolean exact) {
        this.file = file;
        this.line = line;
        this.column = column;
        this.shift = shift;
        this.exact = exact;
    }

    static ScalarText of(ConfigNode node, SourceLines lines) {
        String value = node.text();
        String source = lines.line(node.line());
        int start = node.column() - 1;
        char first = start < source.length() ? source.charAt(start) : '\0';
        int shift = first == '"' || first == '\'' ? 1 : 0;
        boolean oneLine = value.indexOf('\n') < 0 && start + shift + value.length() <= source.length()
                && first != '|' && first != '>';
        return new ScalarText(node.file(), node.line(), node.column(), shift, oneLine);
    }

    /** For text that is not in a file (tests, the CLI's one-off conditions): line 1, column = offset + 1. */
    static ScalarText detached(String name) {
        return new ScalarText(name, 1, 1, 0, true);
    }

    SourcePosition at(int offset) {
        return exact ? new SourcePosition(file, line, column + shift + offset) : start();
    }

    SourcePosition start() {
        return new SourcePosition(file, line, column);
    }
}
