package io.jsos.report.redact;

import java.util.Collection;

/**
 * The {@code name} rule of {@link RedactionRules} (a dotted word holding a known host or domain
 * name at label boundaries) matched by hand, at a position {@link CandidateFilter} marked for
 * names only.
 *
 * <p>Why: the host's own name is in nearly every log line, so its mark is the most frequent one,
 * and trying the rule's pattern there (two look-behinds, a lazy look-ahead over labels with a
 * case-insensitive alternation of the names, then the dotted word) cost more than scanning the
 * rest of the line. This loop makes the same decision with character comparisons.
 *
 * <p>The pattern stays the reference; {@link #match} gives, for every input and position, what
 * {@code lookingAt()} of the pattern alone gives (with transparent bounds), and a test compares
 * both on random and adversarial input. The pattern, for reading along:
 * <pre>
 * (?&lt;![A-Za-z0-9-])(?&lt;![A-Za-z0-9-]\.)
 * (?=(?:[A-Za-z0-9-]*+\.)*?(?i:name1|name2|...)(?![A-Za-z0-9-]))
 * (?&lt;name&gt;[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)*+)
 * </pre>
 * Immutable.
 */
final class NameMatcher {

    /** The names, lower-cased as {@code (?i)} does without UNICODE_CASE: US-ASCII letters only. */
    private final char[][] names;

    NameMatcher(Collection<String> names) {
        this.names = names.stream().distinct().map(n -> {
            char[] c = n.toCharArray();
            for (int i = 0; i < c.length; i++) {
                c[i] = asciiLower(c[i]);
            }
            return c;
        }).toArray(char[][]::new);
    }

    /** Where the name rule's match at {@code p} of {@code s} ends, or -1 when it does not match there. */
    int match(String s, int p) {
        int len = s.length();
        if (p >= len || !isLabelChar(s.charAt(p)) || names.length == 0) {
            return -1;
        }
        if (p > 0 && isLabelChar(s.charAt(p - 1))) {
            return -1;
        }
        if (p > 1 && s.charAt(p - 1) == '.' && isLabelChar(s.charAt(p - 2))) {
            return -1;
        }
        // The look-ahead: at the start of some label from p on (each reached by a label and a dot),
        // a known name that ends at a label boundary.
        int q = p;
        while (!nameAt(s, q, len)) {
            while (q < len && isLabelChar(s.charAt(q))) {
                q++;
            }
            if (q >= len || s.charAt(q) != '.') {
                return -1;
            }
            q++;
        }
        // The dotted word, taken whole.
        int e = p + 1;
        while (e < len && isLabelChar(s.charAt(e))) {
            e++;
        }
        while (e + 1 < len && s.charAt(e) == '.' && isLabelChar(s.charAt(e + 1))) {
            e += 2;
            while (e < len && isLabelChar(s.charAt(e))) {
                e++;
            }
        }
        return e;
    }

    /** Whether one of the names is at {@code q}, not followed by a label character. */
    private boolean nameAt(String s, int q, int len) {
        for (char[] n : names) {
            int end = q + n.length;
            if (end > len || end < len && isLabelChar(s.charAt(end))) {
                continue;
            }
            if (regionMatches(s, q, n)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code n} (lower case) is at {@code q} of {@code s}, US-ASCII letters in any case. */
    static boolean regionMatches(String s, int q, char[] n) {
        for (int k = 0; k < n.length; k++) {
            char c = s.charAt(q + k);
            if (c != n[k] && asciiLower(c) != n[k]) {
                return false;
            }
        }
        return true;
    }

    static char asciiLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    private static boolean isLabelChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-';
    }
}
