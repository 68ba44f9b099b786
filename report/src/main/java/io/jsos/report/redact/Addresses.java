package io.jsos.report.redact;

import java.util.Locale;

/**
 * Parsing, canonical forms and "keep" rules for IPv4, IPv6 and hardware addresses.
 *
 * <p>The redactor's pattern only finds <em>candidates</em> (cheaply, by shape); the checks here
 * decide, so that the pattern can stay simple and the rules stay readable.
 */
final class Addresses {

    private Addresses() {
    }

    /**
     * Parses a dotted quad ({@code 10.1.2.3}); the address as an unsigned int in a long, or -1 when
     * it is not one (an octet above 255, a leading zero, a missing part).
     */
    static long parseIpv4(CharSequence s, int from, int to, char separator) {
        long value = 0;
        int parts = 0;
        int i = from;
        while (i < to && parts < 4) {
            int start = i;
            int octet = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
                octet = octet * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || octet > 255 || digits > 1 && s.charAt(start) == '0') {
                return -1;
            }
            value = value << 8 | octet;
            parts++;
            if (parts < 4) {
                if (i >= to || s.charAt(i) != separator) {
                    return -1;
                }
                i++;
            }
        }
        return parts == 4 && i == to ? value : -1;
    }

    static long parseIpv4(String s) {
        return parseIpv4(s, 0, s.length(), '.');
    }

    static String formatIpv4(long address) {
        return (address >>> 24 & 0xff) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "."
                + (address & 0xff);
    }

    /**
     * IPv4 addresses that identify nobody and are left alone: loopback (127.0.0.0/8), "this network"
     * (0.0.0.0/8, includes the wildcard 0.0.0.0), the limited broadcast 255.255.255.255, netmasks
     * (255.255.255.0, 255.255.240.0, ...: a run of ones from the top, so a mask is not mistaken for
     * an address) and multicast groups (224.0.0.0/4, e.g. 224.0.0.251 for mDNS: protocol constants,
     * the same on every network).
     */
    static boolean keepIpv4(long address) {
        int a = (int) (address >>> 24);
        if (a == 127 || a == 0 || a >= 224 && a <= 239) {
            return true;
        }
        if (a == 255) {
            int inverted = ~(int) address; // a netmask inverted is 0...01...1
            return (inverted & (inverted + 1)) == 0;
        }
        return false;
    }

    /**
     * Parses an IPv6 address in full, compressed ({@code ::}) or mixed ({@code ::ffff:10.1.2.3})
     * form, without zone; the 16 bytes, or null when it is not a valid address. This is what keeps
     * times ({@code 12:30:45}) and other colon-separated things out: they do not have 8 groups and
     * no {@code ::}.
     */
    static byte[] parseIpv6(String s) {
        return parseIpv6(s, 0, s.length());
    }

    /**
     * {@link #parseIpv6(String)} of {@code s[from, to)}, read in place: the redactor parses every
     * IPv6 candidate of a line, and a substring per candidate was a measurable part of its time.
     */
    static byte[] parseIpv6(String s, int from, int to) {
        if (to - from < 2) {
            return null;
        }
        int gap = doubleColon(s, from, to);
        if (gap >= 0 && doubleColon(s, gap + 1, to) >= 0) {
            return null; // two "::", or ":::"
        }
        int[] groups = new int[8];
        int count = 0;
        int gapAt = -1;
        int i = from;
        if (gap == from) {
            gapAt = 0;
            i = from + 2;
        } else if (s.charAt(from) == ':') {
            return null;
        }
        while (i < to) {
            // one group, or the trailing dotted quad
            int start = i;
            while (i < to && isHex(s.charAt(i))) {
                i++;
            }
            if (i < to && s.charAt(i) == '.') {
                long v4 = parseIpv4(s, start, to, '.');
                if (v4 < 0 || count > 6) {
                    return null;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xffff);
                i = to;
                break;
            }
            int len = i - start;
            if (len == 0 || len > 4 || count == 8) {
                return null;
            }
            groups[count++] = Integer.parseInt(s, start, i, 16);
            if (i == to) {
                break;
            }
            // s.charAt(i) == ':' here (the pattern only lets hex digits, colons and dots through)
            if (s.charAt(i) != ':') {
                return null;
            }
            if (i == gap) {
                gapAt = count;
                i += 2;
            } else {
                i++;
                if (i == to) {
                    return null; // a single trailing colon
                }
            }
        }
        if (gapAt < 0 ? count != 8 : count > 7) {
            return null;
        }
        byte[] bytes = new byte[16];
        int zeros = 8 - count;
        for (int g = 0, out = 0; g < count; g++, out++) {
            if (g == gapAt && gapAt >= 0) {
                out += zeros;
            }
            bytes[2 * out] = (byte) (groups[g] >>> 8);
            bytes[2 * out + 1] = (byte) groups[g];
        }
        return bytes;
    }

    /** Where the first "::" lying wholly in {@code s[from, to)} starts, or -1. */
    private static int doubleColon(String s, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if (s.charAt(i) == ':' && s.charAt(i + 1) == ':') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether a text that parses as IPv6 is likely to be one: a compressed form with at most two
     * groups and not a single digit ({@code a::b}, {@code ::a}, {@code dead::beef}) is far more
     * often a C++, Rust or Perl scope ({@code a::b}) than an address.
     */
    static boolean plausibleIpv6(String text) {
        return plausibleIpv6(text, 0, text.length());
    }

    /** {@link #plausibleIpv6(String)} of {@code s[from, to)}. */
    static boolean plausibleIpv6(String s, int from, int to) {
        // One pass: whether there is a "::", the groups and whether a digit occurs.
        boolean gap = false;
        int groups = 0;
        boolean digit = false;
        boolean inGroup = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == ':') {
                gap |= i > from && s.charAt(i - 1) == ':';
                inGroup = false;
            } else {
                if (!inGroup) {
                    groups++;
                    inGroup = true;
                }
                digit |= c >= '0' && c <= '9';
            }
        }
        return !gap || digit || groups > 2;
    }

    /** The canonical text form of RFC 5952: lower case, no leading zeros, longest zero run as "::". */
    static String formatIpv6(byte[] a) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (a[2 * i] & 0xff) << 8 | a[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /**
     * IPv6 addresses left alone: unspecified ({@code ::}), loopback ({@code ::1}) and multicast
     * groups (ff00::/8: ff02::1, ff02::fb, ...), except solicited-node groups (ff02::1:ffXX:XXXX),
     * whose last 24 bits are copied from a unicast address.
     */
    static boolean keepIpv6(byte[] a) {
        boolean zeroUpTo15 = true;
        for (int i = 0; i < 15; i++) {
            if (a[i] != 0) {
                zeroUpTo15 = false;
                break;
            }
        }
        if (zeroUpTo15 && (a[15] == 0 || a[15] == 1)) {
            return true;
        }
        if ((a[0] & 0xff) == 0xff) {
            boolean solicitedNode = (a[11] & 0xff) == 0x01 && (a[12] & 0xff) == 0xff;
            for (int i = 2; i < 11 && solicitedNode; i++) {
                solicitedNode = a[i] == 0;
            }
            return !solicitedNode;
        }
        return false;
    }

    /** An IPv4-mapped IPv6 address (::ffff:a.b.c.d): the IPv4 address, else -1. */
    static long mappedIpv4(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return -1;
            }
        }
        if ((a[10] & 0xff) != 0xff || (a[11] & 0xff) != 0xff) {
            return -1;
        }
        return (long) (a[12] & 0xff) << 24 | (a[13] & 0xff) << 16 | (a[14] & 0xff) << 8 | a[15] & 0xff;
    }

    /** A hardware address in lower case with colons, whatever separator it was written with. */
    static String normaliseMac(String mac) {
        return mac.toLowerCase(Locale.ROOT).replace('-', ':');
    }

    /** The all-zero and all-ones (broadcast) hardware addresses identify nothing. */
    static boolean keepMac(String normalised) {
        boolean zeros = true;
        boolean ones = true;
        for (int i = 0; i < normalised.length(); i++) {
            char c = normalised.charAt(i);
            if (c == ':') {
                continue;
            }
            zeros &= c == '0';
            ones &= c == 'f';
        }
        return zeros || ones;
    }

    static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
