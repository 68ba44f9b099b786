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
        Line some = null;
        Line full = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("some ")) {
                some = line(line.substring(5));
            } else if (line.startsWith("full ")) {
                full = line(line.substring(5));
            }
        }
        return some == null && full == null ? null : new Psi(some, full);
    }

    private static Line line(String fields) {
        Double avg10 = null;
        Double avg60 = null;
        Double avg300 = null;
        Long total = null;
        for (String f : fields.split("\\s+")) {
            int eq = f.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String v = f.substring(eq + 1);
            switch (f.substring(0, eq)) {
                case "avg10" -> avg10 = Num.parseDouble(v);
                case "avg60" -> avg60 = Num.parseDouble(v);
                case "avg300" -> avg300 = Num.parseDouble(v);
                case "total" -> total = Num.parse(v);
                default -> {
                    // a future field: ignored
                }
            }
        }
        if (avg10 == null || avg60 == null || avg300 == null || total == null) {
            return null;
        }
        return new Line(avg10, avg60, avg300, total);
    }
}
