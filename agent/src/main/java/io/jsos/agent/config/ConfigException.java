package io.jsos.agent.config;

/**
 * A mistake in the config file, with the file, the line and the column it stands at, and what
 * would be valid there. An {@link IllegalArgumentException}, so the command exits with the usage
 * error code (2) and nothing runs.
 */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    public ConfigException(String file, int line, int column, String message) {
        super(file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": " + message);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }
}
