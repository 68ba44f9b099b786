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

    /** Exact powers of ten as doubles (10^22 is the last one a double holds exactly). */
    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

    /**
     * A decimal number in {@code s[from, to)} with no surrounding white space; null when it is
     * not one. The kernel's {@code 0.25} shape (digits, a dot, digits; at most 15 digits in all)
     * is computed without a String: the digits as a long divided by an exact power of ten is the
     * correctly rounded value, i.e. exactly what {@link Double#parseDouble} returns. Anything else
     * goes through {@link #parseDouble(String)}.
     */
    static Double parseDouble(String s, int from, int to) {
        long mantissa = 0;
        int digits = 0;
        int dot = -1;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                digits++;
            } else if (c == '.' && dot < 0) {
                dot = i;
            } else {
                digits = Integer.MAX_VALUE;
                break;
            }
        }
        if (dot > from && dot < to - 1 && digits <= 15) {
            return mantissa / POW10[to - dot - 1];
        }
        return from < to ? parseDouble(s.substring(from, to)) : null;
    }
}
