package io.jsos.report.redact;

import java.util.Collection;

/**
 * The {@code short} rule of {@link RedactionRules} (a known short host name, case-sensitive, where a
 * host name can stand) matched by hand, at a position {@link CandidateFilter} marked for short
 * names only.
 *
 * <p>Why: the host's short name is in every syslog line ({@code Nov 21 03:12:44 web1 sshd[...]}),
 * so trying the rule's pattern there (two look-behinds, the alternation, a look-ahead) was the most
 * frequent use of {@code java.util.regex} left on ordinary logs. This loop makes the same decision
 * with character comparisons.
 *
 * <p>The pattern stays the reference; {@link #match} gives what {@code lookingAt()} of the pattern
 * alone gives (with transparent bounds), and a test compares both. The pattern, for reading along:
 * <pre>
 * (?&lt;![^BEFORE])(?&lt;!sys/)(?&lt;short&gt;name1|name2|...)(?=[\s\x00"')\]}&gt;,;:]|$|\.(?![A-Za-z0-9_-]))
 * </pre>
 * with the names in their natural order, the first one followed by an allowed character winning.
 * Immutable.
 */
final class ShortMatcher {

    /** The names in the pattern's order. */
    private final String[] names;

    ShortMatcher(Collection<String> names) {
        this.names = names.stream().sorted().toArray(String[]::new);
    }

    /** Where the short rule's match at {@code p} of {@code s} ends, or -1 when it does not match there. */
    int match(String s, int p) {
        if (p > 0 && RedactionRules.SHORT_BEFORE_CHARS.indexOf(s.charAt(p - 1)) < 0) {
            return -1;
        }
        if (p >= 4 && s.startsWith("sys/", p - 4)) {
            return -1; // /sys/<name>: a path
        }
        for (String n : names) {
            int end = p + n.length();
            if (s.startsWith(n, p) && endsHere(s, end)) {
                return end;
            }
        }
        return -1;
    }

    /** The look-ahead: a blank, quote, closing bracket or , ; : after the name, the end, or a dot ending a word. */
    private static boolean endsHere(String s, int end) {
        int len = s.length();
        if (end == len) {
            return true;
        }
        char c = s.charAt(end);
        if (AFTER.indexOf(c) >= 0) {
            return true;
        }
        if (c == '\u0085' && end + 1 == len) {
            return true; // '$' also matches before a final line terminator, and NEL is one
        }
        return c == '.' && (end + 1 == len || !isWordChar(s.charAt(end + 1)));
    }

    /** {@code [\s\x00"')\]}>,;:]} as the characters themselves. */
    private static final String AFTER = " \t\n\u000b\f\r\0\"')]}>,;:";

    private static boolean isWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }
}
