package io.jsos.report.redact;

import java.util.Collection;
import java.util.Comparator;

/**
 * The {@code user} rule of {@link RedactionRules} (a known user name as a whole word) matched by
 * hand, at a position {@link CandidateFilter} marked for users only, when no underscore host names
 * and no words of the user's share that mark (then the user rule is the only one that can match).
 *
 * <p>The pattern stays the reference; {@link #match} gives what {@code lookingAt()} of the pattern
 * alone gives (with transparent bounds), and a test compares both. The pattern, for reading along:
 * {@code (?<![A-Za-z0-9_-])(?<user>(?i:longest|...|shortest))(?![A-Za-z0-9_-])}: the alternatives are
 * tried in that order, and the first one followed by a word boundary wins. Immutable.
 */
final class UserMatcher {

    /** The names in the pattern's order, lower-cased as {@code (?i)} does: US-ASCII letters only. */
    private final char[][] names;

    UserMatcher(Collection<String> names) {
        this.names = names.stream()
                .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
                .map(n -> {
                    char[] c = n.toCharArray();
                    for (int i = 0; i < c.length; i++) {
                        c[i] = NameMatcher.asciiLower(c[i]);
                    }
                    return c;
                }).toArray(char[][]::new);
    }

    /** Where the user rule's match at {@code p} of {@code s} ends, or -1 when it does not match there. */
    int match(String s, int p) {
        int len = s.length();
        if (p > 0 && isWordChar(s.charAt(p - 1))) {
            return -1;
        }
        for (char[] n : names) {
            int end = p + n.length;
            if (end > len || end < len && isWordChar(s.charAt(end))) {
                continue;
            }
            if (NameMatcher.regionMatches(s, p, n)) {
                return end;
            }
        }
        return -1;
    }

    private static boolean isWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }
}
