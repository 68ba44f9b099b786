package io.jsos.findings;

import java.util.Locale;

/** Numbers for people: percentages and binary sizes, always with a dot for decimals. */
public final class Units {

    private Units() {
    }

    /** {@code 96.0%}. */
    public static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v);
    }

    /** {@code 512.0 MiB}; whole bytes below 1 KiB. */
    public static String bytes(double b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int u = 0;
        while (b >= 1024 && u < units.length - 1) {
            b /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
    }
}
