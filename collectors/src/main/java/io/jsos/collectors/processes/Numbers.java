package io.jsos.collectors.processes;

/**
 * Tolerant integer parsing for /proc text: no exceptions, and values too big for a {@code long}
 * (the kernel prints some fields as unsigned 64-bit, e.g. {@code rsslim} 18446744073709551615)
 * are clamped rather than rejected, because an absurd counter is still a well-formed line.
 */
final class Numbers {

    private Numbers() {
    }

    /** A decimal integer with an optional '-', clamped to the long range; null when it is not one. */
    static Long parse(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        int start = t.startsWith("-") ? 1 : 0;
        if (t.length() == start) {
            return null;
        }
        for (int i = start; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException overflow) {
            return start == 1 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** Clamps to the int range (pids, ttys and CPUs are ints in the kernel; a bigger value is garbage, not a crash). */
    static int toInt(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }
}
