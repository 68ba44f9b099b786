package io.jsos.report.redact;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/**
 * Where in a line one of the rules of {@link RedactionRules} can start: a fast, conservative
 * pre-filter, so that the combined pattern is tried only at a few positions of a line instead of at
 * every character.
 *
 * <p>Why: {@link java.util.regex.Matcher#find()} tries the whole alternation at every position. With
 * sixteen rules that costs about a microsecond per word and leaves a few MB/s; a plain loop over
 * the characters is a hundred times cheaper. The pattern stays the single definition of what
 * matches: this class only has to say "maybe" wherever the pattern could match (a superset), never
 * decide. A test compares a filtered scan with an unfiltered one on mixed input to keep the two in
 * step.
 *
 * <p>Two kinds of positions are "maybe" ({@link #marks} and {@link #shape} say which, so that the
 * scanner can try only the rules that can start there):
 * <ul>
 *   <li><b>marked</b> ones, found per line with {@link String#indexOf} on the lower-cased line (fast,
 *       vectorised): the start of each word holding a secret stem ({@code pass}, {@code key}, ...),
 *       and the quote, {@code <} or line start in front of it; the start of each dotted word holding
 *       a known host or domain name; each known user name; the scheme in front of {@code ://}; each
 *       {@code bearer};
 *   <li><b>shaped</b> ones, checked on the spot with a few character comparisons: a word starting
 *       like an IPv4 address (digits and a dot), a MAC or IPv6 address (at most four hex digits and
 *       a colon), a JWT ({@code eyJ}), a known token prefix, {@code ip-<digit>}, {@code ::},
 *       {@code $} (password hashes) and {@code -----BEGIN}.
 * </ul>
 * Not thread-safe: one per {@link RedactionRules.LineScanner}.
 */
final class CandidateFilter {

    /** {@link #shape}: no rule recognised by shape can start here. */
    static final int NONE = 0;
    /** {@link #shape}: shaped like a key, token, hash, PEM marker or EC2 name: try the shape rules. */
    static final int SHAPE = 2;
    /** {@link #shape}: shaped like an address: try the address rules. */
    static final int ADDRESS = 3;

    /*
     * What marked a position (bits of {@link #marks}): which rules can start there. Each rule that is
     * not recognised by shape starts only where its own kind of mark is, so a position is tried with
     * the rules of its marks (and of its shape), not the whole alternation; see RedactionRules#subset.
     */
    /** A word holding a secret stem, the quote or '<' before it, the start of its line: secret settings. */
    static final int M_SECRET = 1;
    /** A dotted word holding a known host or domain name. */
    static final int M_NAME = 1 << 1;
    /** The scheme in front of "://". */
    static final int M_URL = 1 << 2;
    /** "bearer". */
    static final int M_BEARER = 1 << 3;
    /** A user name, a host name with an underscore, a word of the user's. */
    static final int M_USER = 1 << 4;
    /** A short host name where one can stand. */
    static final int M_SHORT = 1 << 5;
    /** A short flag of a program known to take a password. */
    static final int M_PFLAG = 1 << 6;
    /** "value" of a Kubernetes env entry. */
    static final int M_VALUE = 1 << 7;
    /** "name" of a Kubernetes env entry whose name is a secret. */
    static final int M_ENVNAME = 1 << 8;
    /** How many mark bits there are. */
    static final int MARK_BITS = 9;

    private static final int SECRET = 0;
    private static final int NAME = 1;
    private static final int URL = 2;

    private final String[] secretStems;
    private final String[] nameStems;
    private final String[] userStems;
    private final String[] shortStems;
    /** hot[i]: the marks at i (for the current line), 0 if none; reset through {@link #marked}. */
    private short[] hot = new short[1024];
    private int[] marked = new int[64];
    private int markedCount;
    /** {@link #addressShape} is NONE at every position before this one, in the rest of its run. */
    private int noAddressBefore;

    /**
     * @param nameStems the host and domain names to look for, lower case (see {@link #nameStems})
     * @param userStems the user names to look for, lower case
     */
    CandidateFilter(String[] nameStems, String[] userStems) {
        this(SecretKeys.STEMS.split("\\|"), nameStems, userStems, new String[0]);
    }

    /**
     * @param secretStems what a secret setting's name contains, lower case
     * @param userStems user names, underscore host names and the user's words: marked wherever found
     * @param shortStems short host names (case-sensitive), marked where a host name can stand
     */
    CandidateFilter(String[] secretStems, String[] nameStems, String[] userStems, String[] shortStems) {
        this.secretStems = secretStems;
        this.nameStems = nameStems;
        this.userStems = userStems;
        this.shortStems = shortStems;
    }

    /**
     * The names worth searching for: a name that contains another known name is found through the
     * shorter one (the dotted word around both is the same), so only the shortest are kept.
     */
    static String[] nameStems(Collection<String> names) {
        return names.stream()
                .distinct()
                .filter(n -> names.stream().noneMatch(o -> !o.equals(n) && n.contains(o)))
                .toArray(String[]::new);
    }

    void prepare(String s) {
        prepare(s, false);
    }

    /**
     * Prepares the marks for line {@code s}; {@code envPending}: a Kubernetes env entry with a
     * secret name came just before, so its "value:" may be on this line.
     */
    void prepare(String s, boolean envPending) {
        for (int k = 0; k < markedCount; k++) {
            hot[marked[k]] = 0;
        }
        markedCount = 0;
        noAddressBefore = 0;
        if (hot.length < s.length()) {
            hot = new short[Math.max(s.length(), hot.length * 2)];
        }
        String lower = s.toLowerCase(Locale.ROOT); // ISO-8859-1 text: same length, same indices
        int firstNonBlank = 0;
        while (firstNonBlank < s.length() && (s.charAt(firstNonBlank) == ' ' || s.charAt(firstNonBlank) == '\t')) {
            firstNonBlank++;
        }
        for (String stem : secretStems) {
            markRuns(lower, stem, SECRET, firstNonBlank);
        }
        for (String stem : nameStems) {
            markRuns(lower, stem, NAME, firstNonBlank);
        }
        for (String stem : userStems) {
            for (int i = lower.indexOf(stem); i >= 0; i = lower.indexOf(stem, i + 1)) {
                mark(i, M_USER);
            }
        }
        for (int i = lower.indexOf("bearer"); i >= 0; i = lower.indexOf("bearer", i + 1)) {
            mark(i, M_BEARER);
        }
        markRuns(lower, "://", URL, firstNonBlank);
        for (String stem : shortStems) {
            for (int i = s.indexOf(stem); i >= 0; i = s.indexOf(stem, i + 1)) {
                if (i == 0 || RedactionRules.SHORT_BEFORE_CHARS.indexOf(s.charAt(i - 1)) >= 0) {
                    mark(i, M_SHORT);
                }
            }
        }
        if (ProgramFlags.mentionsProgram(lower)) {
            for (int i = s.indexOf('-'); i >= 0 && i + 1 < s.length(); i = s.indexOf('-', i + 1)) {
                if ((i == 0 || ProgramFlags.isSeparator(s.charAt(i - 1)))
                        && ("pwaPu".indexOf(s.charAt(i + 1)) >= 0 || s.startsWith("--user", i))) {
                    mark(i, M_PFLAG);
                }
            }
        }
        int name = lower.indexOf("name");
        if (envPending || name >= 0) {
            for (int i = lower.indexOf("value"); i >= 0; i = lower.indexOf("value", i + 1)) {
                mark(i, M_VALUE);
                if (i > 0 && (s.charAt(i - 1) == '"' || s.charAt(i - 1) == '\'')) {
                    mark(i - 1, M_VALUE);
                }
            }
            for (int i = name; i >= 0; i = lower.indexOf("name", i + 1)) { // Kubernetes env: name: DB_PASSWORD
                if (!envName(lower, i)) {
                    continue;
                }
                mark(i, M_ENVNAME);
                if (i > 0 && (s.charAt(i - 1) == '"' || s.charAt(i - 1) == '\'')) {
                    mark(i - 1, M_ENVNAME);
                }
            }
        }
    }

    /**
     * Marks where the word around each occurrence of {@code stem} starts. Consecutive occurrences
     * in one word reuse the start found for the previous one, so a long word full of stems costs
     * one walk, not one per occurrence.
     */
    private void markRuns(String lower, String stem, int kind, int firstNonBlank) {
        int bit = kind == SECRET ? M_SECRET : kind == NAME ? M_NAME : M_URL;
        int lastOccurrence = -1;
        int lastStart = -1;
        for (int i = lower.indexOf(stem); i >= 0; i = lower.indexOf(stem, i + 1)) {
            int r = i;
            while (r > 0 && inRun(kind, lower.charAt(r - 1))) {
                if (kind == NAME && lower.charAt(r - 1) == '.' && (r < 2 || !isLabelChar(lower.charAt(r - 2)))) {
                    mark(r, bit); // a label after ".." or after a leading dot can start a name
                }
                r--;
                if (r == lastOccurrence) {
                    r = lastStart;
                    break;
                }
            }
            mark(r, bit);
            if (kind == SECRET) {
                if (r > 0) {
                    char before = lower.charAt(r - 1);
                    if (before == '"' || before == '\'' || before == '<') {
                        mark(r - 1, bit); // "key": and <key>
                    }
                }
                if (r == firstNonBlank) {
                    mark(0, bit); // a directive, matched from the start of the line
                }
            }
            lastOccurrence = i;
            lastStart = r;
        }
    }

    private static boolean inRun(int kind, char c) {
        switch (kind) {
            case SECRET:
                return isAlnum(c) || c == '_' || c == '.' || c == '-';
            case NAME:
                return isAlnum(c) || c == '.' || c == '-';
            default: // URL scheme
                return isAlnum(c) || c == '+' || c == '.' || c == '-';
        }
    }

    private void mark(int i, int bit) {
        if (hot[i] == 0) {
            if (markedCount == marked.length) {
                marked = Arrays.copyOf(marked, marked.length * 2);
            }
            marked[markedCount++] = i;
        }
        hot[i] |= (short) bit;
    }

    /** The marks ({@link #M_SECRET}, ...) at {@code p} of the line given to {@link #prepare}; 0 if none. */
    int marks(int p) {
        return hot[p];
    }

    /**
     * The first position from {@code p} on where a rule may start (marked, or {@link #shape} not
     * {@link #NONE}), or {@code len}; {@link #lastShape} is its shape. {@code b[o..o+len)} are the
     * bytes of {@code s} (one char each): the loop reads them, not the string, and steps over the
     * inside of words, where only a mark can start a rule.
     */
    int next(String s, byte[] b, int o, int p, int len) {
        short[] h = hot;
        while (p < len) {
            int c = b[o + p] & 0xff;
            if (h[p] != 0) {
                lastShape = shape(s, p);
                return p;
            }
            if (ALNUM[c]) {
                if (p == 0 || !ALNUM[b[o + p - 1] & 0xff]) {
                    int shape = shape(s, p);
                    if (shape != NONE) {
                        lastShape = shape;
                        return p;
                    }
                }
                // the rest of the word: nothing starts inside it but at a mark
                p++;
                while (p < len && h[p] == 0 && ALNUM[b[o + p] & 0xff]) {
                    p++;
                }
                continue;
            }
            if (c == '-' || c == '$' || c == ':') {
                int shape = shape(s, p);
                if (shape != NONE) {
                    lastShape = shape;
                    return p;
                }
            }
            p++;
        }
        return len;
    }

    /** The shape at the position {@link #next} returned. */
    int lastShape;

    /**
     * Which of the rules recognised by shape may start at {@code p}, marked or not: {@link #NONE},
     * {@link #SHAPE} or {@link #ADDRESS}. A position that is not marked can only start such a rule,
     * which is what lets the scanner try fewer rules there.
     */
    int shape(String s, int p) {
        char c = s.charAt(p);
        int len = s.length();
        if (!isAlnum(c)) {
            switch (c) {
                case '-':
                    return s.startsWith("-----BEGIN", p) ? SHAPE : NONE;
                case '$':
                    return SHAPE;
                case ':':
                    return p + 1 < len && s.charAt(p + 1) == ':' ? ADDRESS : NONE;
                default:
                    return NONE;
            }
        }
        if (p > 0 && isAlnum(s.charAt(p - 1))) {
            return NONE; // inside a word: every rule starts at a word boundary
        }
        if (Addresses.isHex(c)) {
            int shape = addressShape(s, p, len);
            if (shape != NONE) {
                return shape;
            }
            if (c >= '0' && c <= '9') {
                return NONE;
            }
        }
        boolean shape;
        switch (c) {
            case 'e':
                shape = s.startsWith("eyJ", p);
                break;
            case 'A':
                shape = p + 1 < len && "KSGIRNQ".indexOf(s.charAt(p + 1)) >= 0;
                break;
            case 'g':
                shape = p + 1 < len && (s.charAt(p + 1) == 'h' || s.charAt(p + 1) == 'l' || s.charAt(p + 1) == 'i');
                break;
            case 'x':
                shape = s.startsWith("xox", p);
                break;
            case 's':
                shape = s.startsWith("sk_live_", p);
                break;
            case 'i':
            case 'I':
                shape = p + 3 < len && (s.charAt(p + 1) == 'p' || s.charAt(p + 1) == 'P') && s.charAt(p + 2) == '-'
                        && s.charAt(p + 3) >= '0' && s.charAt(p + 3) <= '9';
                break;
            default:
                shape = false;
        }
        return shape ? SHAPE : NONE;
    }

    /**
     * Whether the run of hex digits, colons, dots and dashes at {@code p} has enough separators to
     * be an address: "::" or 5+ colons (IPv6, MAC), 5+ dashes (MAC), 3+ dots after a digit (IPv4),
     * 4 hex digits and a dot (Cisco MAC). Times (03:12:44), dates (2026-11-21), versions (1.2.3)
     * and decimals (0.0) are not, and the address rules are not even tried on them.
     */
    private int addressShape(String s, int p, int len) {
        if (p < noAddressBefore) {
            return NONE;
        }
        int colons = 0;
        int dots = 0;
        int dashes = 0;
        int firstRun = -1;
        int i = p;
        int end = Math.min(len, p + 80);
        while (i < end) {
            char x = s.charAt(i);
            int type = x < 256 ? RUN[x] : 0;
            if (type != HEX) {
                if (type == 0) {
                    break;
                }
                if (x == ':') {
                    if (i + 1 < len && s.charAt(i + 1) == ':') {
                        return ADDRESS;
                    }
                    colons++;
                } else if (x == '.') {
                    dots++;
                } else {
                    dashes++;
                }
                if (firstRun < 0) {
                    firstRun = i - p;
                }
            }
            i++;
        }
        if (colons >= 5 || dashes >= 5) {
            return ADDRESS;
        }
        if (dots < 2 && (i < end || i == len)) {
            // A later start in this run sees a part of it: no more separators, so no address either.
            noAddressBefore = i;
            return NONE;
        }
        char c = s.charAt(p);
        if (dots >= 3 && c >= '0' && c <= '9') {
            return ADDRESS;
        }
        if (dots >= 2 && firstRun == 4 && s.charAt(p + 4) == '.') {
            return ADDRESS;
        }
        return NONE;
    }

    /** Whether "name" at {@code i} is followed by a separator and a word holding a secret stem. */
    private boolean envName(String lower, int i) {
        int len = lower.length();
        int j = i + 4;
        if (j < len && (lower.charAt(j) == '"' || lower.charAt(j) == '\'')) {
            j++;
        }
        while (j < len && (lower.charAt(j) == ' ' || lower.charAt(j) == '\t')) {
            j++;
        }
        if (j >= len || lower.charAt(j) != ':' && lower.charAt(j) != '=') {
            return false;
        }
        j++;
        while (j < len && (lower.charAt(j) == ' ' || lower.charAt(j) == '\t')) {
            j++;
        }
        if (j < len && (lower.charAt(j) == '"' || lower.charAt(j) == '\'')) {
            j++;
        }
        int e = j;
        while (e < len && (isAlnum(lower.charAt(e)) || lower.charAt(e) == '_' || lower.charAt(e) == '.' || lower.charAt(e) == '-')) {
            e++;
        }
        if (e == j) {
            return false;
        }
        String word = lower.substring(j, e);
        for (String stem : secretStems) {
            if (word.contains(stem)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAlnum(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** {@link #RUN}: a hex digit; a separator of an address (':', '.', '-'). */
    private static final byte HEX = 1;
    private static final byte SEPARATOR = 2;
    /** What each ISO-8859-1 char is to {@link #addressShape}; 0: it ends the run. */
    private static final byte[] RUN = new byte[256];

    static {
        for (char c = 0; c < 256; c++) {
            RUN[c] = Addresses.isHex(c) ? HEX : c == ':' || c == '.' || c == '-' ? SEPARATOR : 0;
        }
    }

    /** [A-Za-z0-9] by ISO-8859-1 char. */
    private static final boolean[] ALNUM = new boolean[256];

    static {
        for (char c = 0; c < 256; c++) {
            ALNUM[c] = isAlnum(c);
        }
    }

    private static boolean isLabelChar(char c) {
        return isAlnum(c) || c == '-';
    }
}
