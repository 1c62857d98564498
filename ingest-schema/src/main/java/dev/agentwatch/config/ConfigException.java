package dev.agentwatch.config;

/** A configuration error that names where it is: file, line, column and the field's dotted path. */
public final class ConfigException extends RuntimeException {

    private final String file;
    private final int line;
    private final int column;
    private final String field;

    public ConfigException(String file, int line, int column, String field, String problem) {
        super(file + ":" + line + ":" + column + ": " + (field.isEmpty() ? "" : field + ": ") + problem);
        this.file = file;
        this.line = line;
        this.column = column;
        this.field = field;
    }

    public String file() {
        return file;
    }

    /** 1-based. */
    public int line() {
        return line;
    }

    /** 1-based. */
    public int column() {
        return column;
    }

    public String field() {
        return field;
    }
}
