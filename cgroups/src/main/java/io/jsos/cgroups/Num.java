package io.jsos.cgroups;

/**
 * Tolerant number parsing for cgroup files: never throws. The kernel prints some values as
 * unsigned 64-bit (a v1 {@code memory.limit_in_bytes} can be 18446744073709551615 on some
 * kernels), so values past {@code Long.MAX_VALUE} are clamped, not rejected: an absurd counter is
 * still a well-formed line.
 */
final class Num {

    private Num() {
    }

    /** A decimal integer (optional '-') in {@code s[from, to)}, clamped to the long range; null when it is not one. */
    static Long parse(CharSequence s, int from, int to) {
        if (s == null || from >= to) {
            return null;
        }
        boolean negative = s.charAt(from) == '-';
        int i = negative ? from + 1 : from;
        if (i == to) {
            return null;
        }
        long v = 0;
        boolean overflow = false;
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            int d = c - '0';
            if (v > (Long.MAX_VALUE - d) / 10) {
                overflow = true;
            } else {
                v = v * 10 + d;
            }
        }
        if (overflow) {
            return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return negative ? -v : v;
    }

    /** A decimal integer, surrounding white space ignored; null when it is not one. */
    static Long parse(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return parse(t, 0, t.length());
    }

    /** A decimal number such as {@code 0.25} (PSI averages); null when it is not one. */
    static Double parseDouble(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            double d = Double.parseDouble(s.strip());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
