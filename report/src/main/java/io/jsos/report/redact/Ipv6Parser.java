package io.jsos.report.redact;

/**
 * An IPv6 candidate of a line parsed in place into its 128 bits ({@link #high}, {@link #low}) in one
 * pass, with no allocation: the same decisions as {@link Addresses#parseIpv6(String, int, int)}
 * followed by {@link Addresses#plausibleIpv6(String, int, int)}, which scan the text three times
 * ({@code ::} twice, then the groups), allocate two arrays and parse each group through
 * {@link Integer#parseInt}. On connection-log lines (an IPv6 address each) that was an eighth of
 * the redactor's time. A test compares both on every window of random address-like text.
 *
 * <p>Not thread-safe: one per scanner; the result of the last {@link #parse} is held in fields.
 */
final class Ipv6Parser {

    /** The address's first and last 64 bits, after a successful {@link #parse}. */
    long high;
    long low;
    /** After a successful {@link #parse}: what {@link Addresses#plausibleIpv6} says of the text. */
    boolean plausible;

    private final int[] groups = new int[8];

    /** Whether {@code s[from, to)} is an IPv6 address (no zone); if so, sets the fields. */
    boolean parse(String s, int from, int to) {
        if (to - from < 2) {
            return false;
        }
        int[] g = groups;
        int count = 0;
        int gapAt = -1;
        boolean digit = false;
        int i = from;
        if (s.charAt(from) == ':') {
            if (s.charAt(from + 1) != ':') {
                return false;
            }
            gapAt = 0;
            i = from + 2;
            if (i < to && s.charAt(i) == ':') {
                return false; // ":::"
            }
        }
        while (i < to) {
            // one group, or the trailing dotted quad
            int start = i;
            int value = 0;
            char c = 0;
            while (i < to) {
                c = s.charAt(i);
                int d = hexValue(c);
                if (d < 0) {
                    break;
                }
                value = value << 4 | d;
                digit |= c <= '9';
                i++;
            }
            if (i < to && c == '.') {
                long v4 = Addresses.parseIpv4(s, start, to, '.');
                if (v4 < 0 || count > 6) {
                    return false;
                }
                g[count++] = (int) (v4 >>> 16);
                g[count++] = (int) (v4 & 0xffff);
                digit = true;
                break;
            }
            int len = i - start;
            if (len == 0 || len > 4 || count == 8) {
                return false;
            }
            g[count++] = value;
            if (i == to) {
                break;
            }
            if (c != ':') {
                return false;
            }
            i++;
            if (i == to) {
                return false; // a single trailing colon
            }
            if (s.charAt(i) == ':') {
                if (gapAt >= 0) {
                    return false; // a second "::"
                }
                gapAt = count;
                i++;
                if (i < to && s.charAt(i) == ':') {
                    return false; // ":::"
                }
            }
        }
        if (gapAt < 0 ? count != 8 : count > 7) {
            return false;
        }
        int zeros = 8 - count;
        long h = 0;
        long l = 0;
        for (int k = 0, next = 0; k < 8; k++) {
            int v = gapAt >= 0 && k >= gapAt && k < gapAt + zeros ? 0 : g[next++];
            if (k < 4) {
                h = h << 16 | v;
            } else {
                l = l << 16 | v;
            }
        }
        high = h;
        low = l;
        plausible = gapAt < 0 || digit || count > 2;
        return true;
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** {@link Addresses#keepIpv6} of the address {@code high, low}. */
    static boolean keep(long high, long low) {
        if (high == 0 && (low & ~1L) == 0) {
            return true; // :: and ::1
        }
        if (high >>> 56 == 0xff) {
            // multicast, except solicited-node groups ff02::1:ffXX:XXXX (bytes 2-10 zero, 11 = 01, 12 = ff)
            boolean solicitedNode = (high & 0x0000_ffff_ffff_ffffL) == 0 && low >>> 40 == 0
                    && (low >>> 32 & 0xff) == 0x01 && (low >>> 24 & 0xff) == 0xff;
            return !solicitedNode;
        }
        return false;
    }

    /** {@link Addresses#mappedIpv4} of the address {@code high, low}: ::ffff:a.b.c.d gives a.b.c.d, else -1. */
    static long mappedIpv4(long high, long low) {
        return high == 0 && low >>> 32 == 0xffff ? low & 0xffff_ffffL : -1;
    }
}
