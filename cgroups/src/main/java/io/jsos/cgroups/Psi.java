package io.jsos.cgroups;

/**
 * Pressure stall information ({@code cpu.pressure}, {@code memory.pressure}, {@code io.pressure},
 * and /proc/pressure/*):
 * <pre>
 * some avg10=0.12 avg60=0.05 avg300=0.01 total=123456
 * full avg10=0.00 avg60=0.00 avg300=0.00 total=0
 * </pre>
 * {@code some}: the share of time at least one task was stalled; {@code full}: all non-idle tasks
 * at once. {@code total} is cumulative stall time in microseconds. Older kernels print no
 * {@code full} line for cpu; a line that does not parse is left out (null).
 */
public record Psi(Line some, Line full) {

    /** One line: averages in percent over 10 s, 60 s and 300 s, and the cumulative stall in µs. */
    public record Line(double avg10, double avg60, double avg300, long totalUs) {
    }

    /** The parsed file, or null when neither line parses. */
    public static Psi parse(String text) {
        if (text == null) {
            return null;
        }
        // scanned by hand, not split on a regex: a scrape parses three of these per cgroup
        Line[] someFull = new Line[2];
        TextLines.forEach(text, (t, start, end) -> {
            int from = start;
            int to = end;
            while (from < to && Character.isWhitespace(t.charAt(from))) {
                from++;
            }
            while (to > from && Character.isWhitespace(t.charAt(to - 1))) {
                to--;
            }
            if (t.startsWith("some ", from)) {
                someFull[0] = line(t, from + 5, to);
            } else if (t.startsWith("full ", from)) {
                someFull[1] = line(t, from + 5, to);
            }
        });
        Line some = someFull[0];
        Line full = someFull[1];
        return some == null && full == null ? null : new Psi(some, full);
    }

    /** The fields of one line in {@code text[from, to)}: {@code key=value} tokens apart by white space. */
    private static Line line(String text, int from, int to) {
        Double avg10 = null;
        Double avg60 = null;
        Double avg300 = null;
        Long total = null;
        int i = from;
        while (i < to) {
            while (i < to && TextLines.isSpace(text.charAt(i))) {
                i++;
            }
            int t = i;
            int eq = -1;
            while (i < to && !TextLines.isSpace(text.charAt(i))) {
                if (eq < 0 && text.charAt(i) == '=') {
                    eq = i;
                }
                i++;
            }
            if (eq < 0) {
                continue;
            }
            int keyLength = eq - t;
            if (key(text, t, keyLength, "avg10")) {
                avg10 = Num.parseDouble(text, eq + 1, i);
            } else if (key(text, t, keyLength, "avg60")) {
                avg60 = Num.parseDouble(text, eq + 1, i);
            } else if (key(text, t, keyLength, "avg300")) {
                avg300 = Num.parseDouble(text, eq + 1, i);
            } else if (key(text, t, keyLength, "total")) {
                total = Num.parse(text, eq + 1, i);
            }
            // any other key: a future field, ignored
        }
        if (avg10 == null || avg60 == null || avg300 == null || total == null) {
            return null;
        }
        return new Line(avg10, avg60, avg300, total);
    }

    private static boolean key(String text, int from, int length, String key) {
        return length == key.length() && text.startsWith(key, from);
    }
}
