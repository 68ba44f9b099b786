package io.jsos.api;

import java.time.Duration;
import java.util.Objects;

/**
 * A typed collector option, set with {@code -o <collector>.<name>=<value>}.
 * Supported types: String, Boolean, Integer, Long, Duration (e.g. {@code 5s}, {@code 250ms}).
 */
public record OptionSpec<T>(String name, Class<T> type, T defaultValue, String description) {

    /** Checks the name is lower-case words joined by '-' and that nothing is missing. */
    public OptionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("option names are lower-case words joined by '-': " + name);
        }
    }

    /** A true|false option. */
    public static OptionSpec<Boolean> bool(String name, boolean def, String description) {
        return new OptionSpec<>(name, Boolean.class, def, description);
    }

    /** An int option. */
    public static OptionSpec<Integer> integer(String name, int def, String description) {
        return new OptionSpec<>(name, Integer.class, def, description);
    }

    /** A long option (sizes in bytes). */
    public static OptionSpec<Long> longValue(String name, long def, String description) {
        return new OptionSpec<>(name, Long.class, def, description);
    }

    /** A text option. */
    public static OptionSpec<String> string(String name, String def, String description) {
        return new OptionSpec<>(name, String.class, def, description);
    }

    /** A duration option ({@code 500ms}, {@code 5s}, {@code 2m}). */
    public static OptionSpec<Duration> duration(String name, Duration def, String description) {
        return new OptionSpec<>(name, Duration.class, def, description);
    }

    /** Parses a value given as text; the message names the option and the expected form. */
    public T parse(String text) {
        String t = text.trim();
        try {
            Object v;
            if (type == String.class) {
                v = text;
            } else if (type == Boolean.class) {
                if (!t.equalsIgnoreCase("true") && !t.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException();
                }
                v = Boolean.parseBoolean(t);
            } else if (type == Integer.class) {
                v = Integer.parseInt(t);
            } else if (type == Long.class) {
                v = Long.parseLong(t);
            } else if (type == Duration.class) {
                v = Durations.parse(t);
            } else {
                throw new IllegalStateException("unsupported option type " + type.getSimpleName());
            }
            return type.cast(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option " + name + ": '" + text + "' is not a valid "
                    + typeName() + (e.getMessage() != null ? " (" + e.getMessage() + ")" : ""), e);
        }
    }

    /** The type as users see it: "true|false", "integer", "duration (e.g. 5s)". */
    public String typeName() {
        if (type == Boolean.class) {
            return "true|false";
        } else if (type == Integer.class || type == Long.class) {
            return "integer";
        } else if (type == Duration.class) {
            return "duration (e.g. 500ms, 5s, 2m)";
        }
        return "text";
    }
}
