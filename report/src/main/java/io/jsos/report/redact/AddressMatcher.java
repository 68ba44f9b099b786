package io.jsos.report.redact;

/**
 * The address rules of {@link RedactionRules} ({@code mac}, Cisco {@code cmac}, {@code ip4},
 * {@code ip6}) matched by hand, at a position {@link CandidateFilter} found shaped like an address.
 *
 * <p>Why: about half of all candidate positions of a bundle are addresses, and trying the
 * address patterns there through {@link java.util.regex} (look-behinds, alternation, a
 * backtracking IPv6 candidate) cost more than everything else the scanner does. These loops make
 * the same decision with a few character comparisons.
 *
 * <p>The patterns stay the reference: {@link #match} gives, for every input and position, the
 * rule and the bounds that {@code lookingAt()} of {@code mac|cmac|ip4|ip6} (in that order) gives,
 * or says {@link #UNSURE}, and the caller asks the pattern. MAC, Cisco MAC and IPv4 are
 * deterministic (possessive or fixed-length, octets must take their whole digit run), so they are
 * decided here. The IPv6 candidate can backtrack (its groups, the dotted-quad tail and the zone
 * are greedy, not possessive); only its first, all-greedy path is followed here, which is the
 * match whenever it ends where the closing look-ahead holds; anything else (a dotted-quad tail
 * such as {@code ::ffff:10.1.2.3}, a zone followed by a colon) is {@link #UNSURE}. A test compares
 * both on random and adversarial input.
 *
 * <p>Not thread-safe: the result of the last {@link #match} is held in fields (one per scanner).
 */
final class AddressMatcher {

    /** {@link #match}: no address rule matches here. */
    static final int NONE = 0;
    static final int MAC = 1;
    static final int CMAC = 2;
    static final int IP4 = 3;
    static final int IP6 = 4;
    /** {@link #match}: the hand-written path cannot tell; ask the pattern. */
    static final int UNSURE = 5;

    /** Where the match ends. */
    int end;
    /** IPv6: where the address ends and its zone ({@code %eth0}) begins ({@link #end} if none). */
    int candEnd;
    /**
     * IPv4: the address as an unsigned int, read while matching ({@link Addresses#parseIpv4} of the
     * match would read the same octets again).
     */
    long ip4;

    /** The address rule matching at {@code p} of {@code s}, as the pattern would choose it. */
    int match(String s, int p) {
        int len = s.length();
        char before = p > 0 ? s.charAt(p - 1) : '\n';
        // mac: (?<![0-9A-Za-z_:-])HH([:-])HH(?:\1HH){4,18}+(?![0-9A-Za-z_]|[:-][0-9A-Fa-f])
        if (!isWord(before) && before != ':' && before != '-' && p + 5 <= len
                && isHex(s.charAt(p)) && isHex(s.charAt(p + 1))) {
            char sep = s.charAt(p + 2);
            if ((sep == ':' || sep == '-') && isHex(s.charAt(p + 3)) && isHex(s.charAt(p + 4))) {
                int e = p + 5;
                int groups = 0;
                while (groups < 18 && e + 3 <= len && s.charAt(e) == sep && isHex(s.charAt(e + 1)) && isHex(s.charAt(e + 2))) {
                    e += 3;
                    groups++;
                }
                if (groups >= 4 && !(e < len && isWord(s.charAt(e)))
                        && !(e + 1 < len && (s.charAt(e) == ':' || s.charAt(e) == '-') && isHex(s.charAt(e + 1)))) {
                    end = e;
                    return MAC;
                }
            }
        }
        // cmac: (?<![0-9A-Za-z_.:-])HHHH\.HHHH\.HHHH(?![0-9A-Za-z_]|[.:-][0-9A-Za-z])
        if (!isWord(before) && before != '.' && before != ':' && before != '-' && p + 14 <= len
                && hex(s, p, 4) && s.charAt(p + 4) == '.' && hex(s, p + 5, 4) && s.charAt(p + 9) == '.' && hex(s, p + 10, 4)) {
            int e = p + 14;
            if (!(e < len && isWord(s.charAt(e)))
                    && !(e + 1 < len && ".:-".indexOf(s.charAt(e)) >= 0 && isAlnum(s.charAt(e + 1)))) {
                end = e;
                return CMAC;
            }
        }
        // ip4: (?<![0-9A-Za-z])(?<![0-9]\.)OCT\.OCT\.OCT\.OCT(?![0-9A-Za-z])(?!\.[0-9])
        if (!isAlnum(before) && !(before == '.' && p > 1 && isDigit(s.charAt(p - 2)))) {
            int e = dottedQuad(s, p, len);
            if (e > 0 && !(e < len && isAlnum(s.charAt(e))) && !(e + 1 < len && s.charAt(e) == '.' && isDigit(s.charAt(e + 1)))) {
                end = e;
                return IP4;
            }
        }
        return ip6(s, p, len, before);
    }

    /**
     * (?<![0-9A-Za-z_:.])(H{0,4}(?::H{0,4}){2,8}(?:(?<=:)OCT\.OCT\.OCT\.OCT)?)(%Z++(?:\.Z++)*+)?
     * (?![0-9A-Za-z_:]|\.[0-9]), where H is a hex digit and Z a letter, digit, '_' or '-'.
     */
    private int ip6(String s, int p, int len, char before) {
        if (isWord(before) || before == ':' || before == '.') {
            return NONE;
        }
        int e = hexRun(s, p, len);
        int groups = 0;
        while (groups < 8 && e < len && s.charAt(e) == ':') {
            e = hexRun(s, e + 1, len);
            groups++;
        }
        if (groups < 2) {
            // Fewer than two colons: no shorter path has more; the candidate cannot match.
            return NONE;
        }
        if (s.charAt(e - 1) == ':' && e < len && isDigit(s.charAt(e))) {
            return UNSURE; // the dotted-quad tail would be tried here
        }
        int cand = e;
        if (e + 1 < len && s.charAt(e) == '%' && isZone(s.charAt(e + 1))) {
            e = zoneRun(s, e + 1, len);
            while (e + 1 < len && s.charAt(e) == '.' && isZone(s.charAt(e + 1))) {
                e = zoneRun(s, e + 1, len);
            }
        }
        if (e < len && (isWord(s.charAt(e)) || s.charAt(e) == ':' || s.charAt(e) == '.' && e + 1 < len && isDigit(s.charAt(e + 1)))) {
            return UNSURE; // the pattern would backtrack
        }
        end = e;
        candEnd = cand;
        return IP6;
    }

    /**
     * The end of a dotted quad of valid octets starting at {@code p}, each its whole digit run; -1 if
     * none. Its value is left in {@link #ip4}.
     */
    private int dottedQuad(String s, int p, int len) {
        int i = p;
        long address = 0;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (i >= len || s.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
            int start = i;
            int value = 0;
            while (i < len && isDigit(s.charAt(i))) {
                if (i - start == 3) {
                    return -1; // a fourth digit: no octet takes the whole run
                }
                value = value * 10 + s.charAt(i) - '0';
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || digits > 1 && s.charAt(start) == '0') {
                return -1;
            }
            address = address << 8 | value;
        }
        ip4 = address;
        return i;
    }

    private static int hexRun(String s, int from, int len) {
        int i = from;
        while (i < len && i - from < 4 && isHex(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int zoneRun(String s, int from, int len) {
        int i = from;
        while (i < len && isZone(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean hex(String s, int from, int n) {
        for (int i = from; i < from + n; i++) {
            if (!isHex(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isHex(char c) {
        return Addresses.isHex(c);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlnum(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** [0-9A-Za-z_-] */
    private static boolean isZone(char c) {
        return isWord(c) || c == '-';
    }

    /** [0-9A-Za-z_] */
    private static boolean isWord(char c) {
        return isAlnum(c) || c == '_';
    }
}
