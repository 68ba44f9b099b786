package io.jsos.api;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints the short durations users type: {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 90} (seconds). */
public final class Durations {

    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    private Durations() {
    }

    /**
     * Parses a duration such as {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h} or {@code 90} (seconds).
     *
     * @throws IllegalArgumentException for another form or a duration of zero
     */
    public static Duration parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a number with ms, s, m or h, e.g. 90s");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> n;
            case "s" -> n * 1000;
            case "m" -> n * 60_000;
            default -> n * 3_600_000;
        };
        Duration d = Duration.ofMillis(Math.round(millis));
        if (d.isZero()) {
            throw new IllegalArgumentException("must be more than zero");
        }
        return d;
    }

    /** The shortest exact form of a duration in the units {@link #parse} reads: {@code 90s}, {@code 2m}, {@code 250ms}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        } else if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        } else if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
