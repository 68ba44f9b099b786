package io.jsos.cgroups;

/**
 * Parses flat-keyed cgroup files: one {@code key value} pair per line, as in {@code cpu.stat},
 * {@code memory.stat}, {@code memory.events}, {@code pids.events}, {@code cgroup.events},
 * {@code cgroup.stat}, v1 {@code cpuacct.stat} and {@code memory.oom_control}.
 *
 * <p>A line that is not a key followed by one integer (a truncated line, a value that is not a
 * number, extra fields) is skipped and counted in {@link Stats#malformed()}; the other lines
 * still count. Scanning by hand rather than with split/regex matters here: a scrape parses one
 * memory.stat of ~50 lines per cgroup, for thousands of cgroups.
 */
public final class FlatKeyed {

    private FlatKeyed() {
    }

    public static Stats parse(String text) {
        if (text == null || text.isEmpty()) {
            return Stats.EMPTY;
        }
        Stats.Builder b = new Stats.Builder();
        TextLines.forEach(text, (t, from, to) -> line(t, from, to, b));
        return b.build();
    }

    private static void line(String text, int from, int to, Stats.Builder b) {
        while (from < to && isSpace(text.charAt(from))) {
            from++;
        }
        while (to > from && isSpace(text.charAt(to - 1))) {
            to--;
        }
        if (from == to) {
            return;
        }
        int sep = from;
        while (sep < to && !isSpace(text.charAt(sep))) {
            sep++;
        }
        int valueStart = sep;
        while (valueStart < to && isSpace(text.charAt(valueStart))) {
            valueStart++;
        }
        Long value = valueStart < to ? Num.parse(text, valueStart, to) : null;
        if (value == null) {
            b.malformed();
            return;
        }
        b.put(text, from, sep, value);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }
}
