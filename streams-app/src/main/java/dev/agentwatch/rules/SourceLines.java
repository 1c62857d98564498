package dev.agentwatch.rules;

/** The lines of a rule file, to find where a scalar's text starts. */
final class SourceLines {

    private final String[] lines;

    SourceLines(String text) {
        this.lines = text.split("\r\n|\r|\n", -1);
    }

    /** 1-based; empty outside the file. */
    String line(int number) {
        return number >= 1 && number <= lines.length ? lines[number - 1] : "";
    }
}
