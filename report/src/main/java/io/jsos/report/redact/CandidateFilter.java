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
 *   <li><b>marked</b> ones, found per line in one pass over its bytes ({@link Stems}): the start
 *       of each word holding a secret stem ({@code pass}, {@code key}, ...),
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

    private final Stems stems;
    /** hot[i]: the marks at i (for the current line), 0 if none; reset through {@link #marked}. */
    private short[] hot = new short[1024];
    /** Bit i: hot[i] != 0, so that {@link #wordEnd} can see 8 positions without marks at once. */
    private long[] hotBits = new long[1024 / 64 + 2];
    private int[] marked = new int[64];
    private int markedCount;
    /** {@link #addressShape} is NONE at every position before this one, in the rest of its run. */
    private int noAddressBefore;
    /** Per stem of {@link #stems}, in the current line: its last occurrence and the start of the run around it. */
    private final int[] lastOccurrence;
    private final int[] lastStart;
    /** Per stem: the line ({@link #lines}) its two entries above are of; older entries are void (no clearing per line). */
    private final long[] lastLine;
    /** Lines prepared so far. */
    private long lines;
    /** Where "value" and "name" occur in the current line (Kubernetes env entries). */
    private int[] values = new int[8];
    private int valueCount;
    private int[] names = new int[8];
    private int nameCount;

    /** A filter searching for {@code stems} (built once per set of rules, shared by their scanners). */
    CandidateFilter(Stems stems) {
        this.stems = stems;
        this.lastOccurrence = new int[stems.kind.length];
        this.lastStart = new int[stems.kind.length];
        this.lastLine = new long[stems.kind.length];
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

    /**
     * Prepares the marks for the line {@code b[o..o+len)} (ISO-8859-1, one byte a char: no
     * {@code String} is made of a line in which nothing is found);
     * {@code envPending}: a Kubernetes env entry with a secret name came just before, so its
     * "value:" may be on this line.
     *
     * <p>All stems are found in one pass over the bytes ({@link Stems}), case-insensitively
     * through a lower-case table, instead of lower-casing the line and searching it once per stem.
     */
    void prepare(byte[] b, int o, int len, boolean envPending) {
        for (int k = 0; k < markedCount; k++) {
            hot[marked[k]] = 0;
            hotBits[marked[k] >>> 6] = 0;
        }
        markedCount = 0;
        noAddressBefore = 0;
        valueCount = 0;
        nameCount = 0;
        if (hot.length < len) {
            hot = new short[Math.max(len, hot.length * 2)];
            hotBits = new long[hot.length / 64 + 2];
        }
        int firstNonBlank = 0;
        while (firstNonBlank < len && (b[o + firstNonBlank] == ' ' || b[o + firstNonBlank] == '\t')) {
            firstNonBlank++;
        }
        Stems st = stems;
        lines++;
        boolean program = false;
        // First the positions where a stem may start (a tight loop over the bytes), then the stems.
        int hits = heads(b, o, len, st.pairs, st.bySingle);
        int[] at = this.hitAt;
        for (int k = 0; k < hits; k++) {
            int i = at[k];
            int c0 = LOWER[b[o + i] & 0xff];
            if (i + 1 < len) {
                int h = Stems.head(c0, LOWER[b[o + i + 1] & 0xff], i + 2 < len ? LOWER[b[o + i + 2] & 0xff] : 0);
                int[] candidates = st.byHead[h];
                if (candidates != null) {
                    program |= found(b, o, len, i, candidates, firstNonBlank);
                }
            }
            if (st.bySingle != null && st.bySingle[c0] != null) {
                program |= found(b, o, len, i, st.bySingle[c0], firstNonBlank);
            }
        }
        if (program) {
            for (int i = indexOf(b, o, len, '-', 0); i >= 0 && i + 1 < len; i = indexOf(b, o, len, '-', i + 1)) {
                if ((i == 0 || ProgramFlags.isSeparator(charAt(b, o, i - 1)))
                        && ("pwaPu".indexOf(charAt(b, o, i + 1)) >= 0 || startsWith(b, o, len, i, "--user"))) {
                    mark(i, M_PFLAG);
                }
            }
        }
        if (envPending || nameCount > 0) {
            // A "value" is the value of a secret env entry only after a secret "name" (on this line,
            // or on the line before: envPending); elsewhere its rule would only say no.
            int secretName = envPending ? -1 : len;
            for (int k = 0; k < nameCount; k++) { // Kubernetes env: name: DB_PASSWORD
                int i = names[k];
                if (!envName(b, o, len, i)) {
                    continue;
                }
                secretName = Math.min(secretName, i);
                mark(i, M_ENVNAME);
                if (i > 0 && (b[o + i - 1] == '"' || b[o + i - 1] == '\'')) {
                    mark(i - 1, M_ENVNAME);
                }
            }
            for (int k = 0; k < valueCount; k++) {
                int i = values[k];
                if (i < secretName) {
                    continue;
                }
                mark(i, M_VALUE);
                if (i > 0 && (b[o + i - 1] == '"' || b[o + i - 1] == '\'')) {
                    mark(i - 1, M_VALUE);
                }
            }
        }
    }

    /** Positions of the current line where a stem may start, from {@link #heads}. */
    private int[] hitAt = new int[64];

    /**
     * Collects into {@link #hitAt} the positions of {@code b[o..o+len)} where the two bytes there
     * (in any case) begin some stem ({@code pairs}, 64 K bits: 8 KB, which stays in the L1 cache),
     * or a one-character stem starts; returns how many. Kept apart from the handling of the stems
     * so that this loop, run on every byte, stays small for the compiler: a load, a shift and a bit
     * test per byte, no case folding and no hashing (those are done at the hits only).
     */
    private int heads(byte[] b, int o, int len, long[] pairs, int[][] bySingle) {
        if (hitAt.length < len) {
            hitAt = new int[Math.max(len, hitAt.length * 2)];
        }
        if (len == 0) {
            return 0;
        }
        int[] at = hitAt;
        int n = 0;
        int end = o + len;
        int prev = b[o] & 0xff;
        for (int x = o + 1; x < end; x++) {
            int cur = b[x] & 0xff;
            int k = prev << 8 | cur;
            if ((pairs[k >>> 6] & 1L << k) != 0) {
                at[n++] = x - 1 - o;
            }
            prev = cur;
        }
        // the last byte can only start a one-character stem
        if (bySingle != null && bySingle[LOWER[prev]] != null) {
            at[n++] = len - 1;
        }
        return n;
    }

    /**
     * The stems {@code candidates} (of {@link #stems}) whose first characters are at {@code i}:
     * marks where those that occur there say; returns whether one of them names a program of
     * {@link ProgramFlags}.
     */
    private boolean found(byte[] b, int o, int len, int i, int[] candidates, int firstNonBlank) {
        Stems st = stems;
        boolean program = false;
        for (int e : candidates) {
            byte[] stem = st.text[e];
            int kind = st.kind[e];
            if (i + stem.length > len || !st.occursAt(e, b, o + i)) {
                continue;
            }
            switch (kind) {
                case Stems.SECRET, Stems.NAME, Stems.URL -> markRun(b, o, e, i, kind == Stems.SECRET ? SECRET
                        : kind == Stems.NAME ? NAME : URL, firstNonBlank);
                case Stems.USER -> mark(i, M_USER);
                case Stems.BEARER -> mark(i, M_BEARER);
                case Stems.SHORT -> {
                    if (i == 0 || RedactionRules.SHORT_BEFORE_CHARS.indexOf(charAt(b, o, i - 1)) >= 0) {
                        mark(i, M_SHORT);
                    }
                }
                case Stems.PROGRAM -> program = true;
                case Stems.VALUE -> {
                    if (valueCount == values.length) {
                        values = Arrays.copyOf(values, valueCount * 2);
                    }
                    values[valueCount++] = i;
                }
                default -> { // Stems.ENV_NAME
                    if (nameCount == names.length) {
                        names = Arrays.copyOf(names, nameCount * 2);
                    }
                    names[nameCount++] = i;
                }
            }
        }
        return program;
    }

    /**
     * Marks where the word around the occurrence at {@code i} of stem number {@code stem} starts.
     * Consecutive occurrences in one word reuse the start found for the previous one, so a long
     * word full of stems costs one walk, not one per occurrence.
     */
    private void markRun(byte[] b, int o, int stem, int i, int kind, int firstNonBlank) {
        int bit = kind == SECRET ? M_SECRET : kind == NAME ? M_NAME : M_URL;
        int r = i;
        int previous = lastLine[stem] == lines ? lastOccurrence[stem] : -1;
        while (r > 0 && inRun(kind, charAt(b, o, r - 1))) { // lower-casing changes none of these tests
            if (kind == NAME && charAt(b, o, r - 1) == '.' && (r < 2 || !isLabelChar(charAt(b, o, r - 2)))) {
                mark(r, bit); // a label after ".." or after a leading dot can start a name
            }
            r--;
            if (r == previous) {
                r = lastStart[stem];
                break;
            }
        }
        mark(r, bit);
        if (kind == SECRET) {
            if (r > 0) {
                char before = charAt(b, o, r - 1);
                if (before == '"' || before == '\'' || before == '<') {
                    mark(r - 1, bit); // "key": and <key>
                }
            }
            if (r == firstNonBlank) {
                mark(0, bit); // a directive, matched from the start of the line
            }
        }
        lastOccurrence[stem] = i;
        lastStart[stem] = r;
        lastLine[stem] = lines;
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
        hotBits[i >>> 6] |= 1L << i;
    }

    /** The marks ({@link #M_SECRET}, ...) at {@code p} of the line given to {@link #prepare}; 0 if none. */
    int marks(int p) {
        return hot[p];
    }

    /**
     * The first position from {@code p} on where a rule may start (marked, or {@link #shape} not
     * {@link #NONE}), or {@code len}; {@link #lastShape} is its shape. {@code b[o..o+len)} is the
     * line given to {@link #prepare}: the loop steps over the
     * inside of words, where only a mark can start a rule.
     */
    int next(byte[] b, int o, int p, int len) {
        short[] h = hot;
        byte[] classes = CLASS;
        long[] pairs = SHAPE_PAIRS;
        while (p < len) {
            int x = b[o + p] & 0xff;
            int c = classes[x];
            if (h[p] != 0) {
                lastShape = shape(b, o, p, len);
                return p;
            }
            if ((c & C_ALNUM) != 0) {
                // A word's start: shape is asked only if a shape can start with its first two chars
                // (in this text most words start with two that cannot, and the call is most of the cost).
                if ((c & C_STARTS) != 0 && (p == 0 || (classes[b[o + p - 1] & 0xff] & C_ALNUM) == 0)
                        && (p + 1 == len || (pairs[x << 2 | (b[o + p + 1] & 0xff) >>> 6] & 1L << b[o + p + 1]) != 0)) {
                    int shape = shape(b, o, p, len);
                    if (shape != NONE) {
                        lastShape = shape;
                        return p;
                    }
                }
                // the rest of the word: nothing starts inside it but at a mark
                p = wordEnd(b, o, p + 1, len);
                continue;
            }
            if ((c & C_PUNCT) != 0) {
                int shape = shape(b, o, p, len);
                if (shape != NONE) {
                    lastShape = shape;
                    return p;
                }
            }
            p++;
        }
        return len;
    }

    /**
     * The first position from {@code p} on that is marked or not a letter or digit, or {@code len}:
     * 8 bytes at a time ({@link Swar}) while the line is long enough, then byte by byte.
     */
    private int wordEnd(byte[] b, int o, int p, int len) {
        long[] bits = hotBits;
        while (p + 8 <= len) {
            long other = ~Swar.alnum(Swar.load(b, o + p)) & Swar.HIGH;
            int shift = p & 63;
            long marks = bits[p >>> 6] >>> shift;
            if (shift != 0) {
                marks |= bits[(p >>> 6) + 1] << 64 - shift;
            }
            if ((other | marks & 0xff) == 0) {
                p += 8;
                continue;
            }
            return p + Math.min(Long.numberOfTrailingZeros(other) >>> 3, Long.numberOfTrailingZeros(marks));
        }
        short[] h = hot;
        while (p < len && h[p] == 0 && ALNUM[b[o + p] & 0xff]) {
            p++;
        }
        return p;
    }

    /** The letters {@link #shape}'s switch starts a shape with (besides the hex digits): keep the two in step. */
    private static final String SHAPE_INITIALS = "eAgxsiI";

    /** The shape at the position {@link #next} returned. */
    int lastShape;

    /**
     * Which of the rules recognised by shape may start at {@code p}, marked or not: {@link #NONE},
     * {@link #SHAPE} or {@link #ADDRESS}. A position that is not marked can only start such a rule,
     * which is what lets the scanner try fewer rules there. Reads the line's bytes
     * {@code b[o..o+len)} (one char each), not its string: no bounds and coder checks per char.
     */
    int shape(byte[] b, int o, int p, int len) {
        int c = b[o + p] & 0xff;
        if (!ALNUM[c]) {
            switch (c) {
                case '-':
                    // 'B' first: every dash of a "-------" ruler comes here, and fails there at once
                    return p + 10 <= len && b[o + p + 5] == 'B' && startsWith(b, o, len, p, "-----BEGIN") ? SHAPE : NONE;
                case '$':
                    return SHAPE;
                case ':':
                    return p + 1 < len && b[o + p + 1] == ':' ? ADDRESS : NONE;
                default:
                    return NONE;
            }
        }
        if (p > 0 && ALNUM[b[o + p - 1] & 0xff]) {
            return NONE; // inside a word: every rule starts at a word boundary
        }
        if (RUN[c] == HEX) {
            int shape = addressShape(b, o, p, len);
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
                shape = p + 2 < len && b[o + p + 1] == 'y' && b[o + p + 2] == 'J';
                break;
            case 'A':
                shape = p + 1 < len && "KSGIRNQ".indexOf(b[o + p + 1] & 0xff) >= 0;
                break;
            case 'g': // gh[pousr]_, github_pat_, glpat- ("global", "group" are not)
                shape = p + 3 < len && b[o + p + 1] == 'h' && b[o + p + 3] == '_' && "pousr".indexOf(b[o + p + 2]) >= 0
                        || startsWith(b, o, len, p, "github_pat_") || startsWith(b, o, len, p, "glpat-");
                break;
            case 'x':
                shape = p + 2 < len && b[o + p + 1] == 'o' && b[o + p + 2] == 'x';
                break;
            case 's':
                shape = p + 1 < len && b[o + p + 1] == 'k' && startsWith(b, o, len, p, "sk_live_");
                break;
            case 'i':
            case 'I':
                shape = p + 3 < len && (b[o + p + 1] == 'p' || b[o + p + 1] == 'P') && b[o + p + 2] == '-'
                        && b[o + p + 3] >= '0' && b[o + p + 3] <= '9';
                break;
            default:
                shape = false;
        }
        return shape ? SHAPE : NONE;
    }

    /** Whether the line {@code b[o..o+len)} holds the ASCII text {@code t} at {@code p}. */
    private static boolean startsWith(byte[] b, int o, int len, int p, String t) {
        if (p + t.length() > len) {
            return false;
        }
        for (int k = 0; k < t.length(); k++) {
            if (b[o + p + k] != t.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the run of hex digits, colons, dots and dashes at {@code p} has enough separators to
     * be an address: "::" or 5+ colons (IPv6, MAC), 5+ dashes (MAC), 3+ dots after a digit (IPv4),
     * 4 hex digits and a dot (Cisco MAC). Times (03:12:44), dates (2026-11-21), versions (1.2.3)
     * and decimals (0.0) are not, and the address rules are not even tried on them.
     */
    private int addressShape(byte[] b, int o, int p, int len) {
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
            int x = b[o + i] & 0xff;
            int type = RUN[x];
            if (type != HEX) {
                if (type == 0) {
                    break;
                }
                if (x == ':') {
                    if (i + 1 < len && b[o + i + 1] == ':') {
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
        int c = b[o + p];
        if (dots >= 3 && c >= '0' && c <= '9') {
            return ADDRESS;
        }
        if (dots >= 2 && firstRun == 4 && b[o + p + 4] == '.') {
            return ADDRESS;
        }
        return NONE;
    }

    /** Whether "name" at {@code i} is followed by a separator and a word holding a secret stem. */
    private boolean envName(byte[] b, int o, int len, int i) {
        int j = i + 4;
        if (j < len && (charAt(b, o, j) == '"' || charAt(b, o, j) == '\'')) {
            j++;
        }
        while (j < len && (charAt(b, o, j) == ' ' || charAt(b, o, j) == '\t')) {
            j++;
        }
        if (j >= len || charAt(b, o, j) != ':' && charAt(b, o, j) != '=') {
            return false;
        }
        j++;
        while (j < len && (charAt(b, o, j) == ' ' || charAt(b, o, j) == '\t')) {
            j++;
        }
        if (j < len && (charAt(b, o, j) == '"' || charAt(b, o, j) == '\'')) {
            j++;
        }
        int e = j;
        while (e < len && (isAlnum(charAt(b, o, e)) || charAt(b, o, e) == '_' || charAt(b, o, e) == '.' || charAt(b, o, e) == '-')) {
            e++;
        }
        if (e == j) {
            return false;
        }
        // As word.toLowerCase(Locale.ROOT).contains(stem), without a String per "name" (the word is
        // ASCII, so LOWER folds it as toLowerCase does)
        for (String stem : stems.secretStems) {
            if (containsFolded(b, o + j, e - j, stem)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code b[from..from+n)}, lower-cased through {@link #LOWER}, contains {@code stem}. */
    static boolean containsFolded(byte[] b, int from, int n, String stem) {
        int m = stem.length();
        for (int start = from; start <= from + n - m; start++) {
            int k = 0;
            while (k < m && LOWER[b[start + k] & 0xff] == stem.charAt(k)) {
                k++;
            }
            if (k == m) {
                return true;
            }
        }
        return false;
    }

    /** The char at {@code i} of the line {@code b[o..)}, decoded as ISO-8859-1. */
    private static char charAt(byte[] b, int o, int i) {
        return (char) (b[o + i] & 0xff);
    }

    /** The first {@code c} in the line {@code b[o..o+len)} from {@code from} on, or -1. */
    private static int indexOf(byte[] b, int o, int len, char c, int from) {
        for (int i = from; i < len; i++) {
            if (b[o + i] == c) {
                return i;
            }
        }
        return -1;
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

    /** {@link #CLASS} bits: [A-Za-z0-9]. */
    private static final byte C_ALNUM = 1;
    /**
     * {@link #CLASS} bits: a letter or digit a shape can start with: a hex digit (addresses) or the
     * first letter of a token prefix, {@code eyJ}, {@code ip-} ({@link #shape} is {@link #NONE} at
     * the start of a word beginning with any other char).
     */
    private static final byte C_STARTS = 2;
    /** {@link #CLASS} bits: '-', '$', ':', the shapes that start outside words. */
    private static final byte C_PUNCT = 4;
    /** What each ISO-8859-1 char is to {@link #next}, in one load. */
    private static final byte[] CLASS = new byte[256];

    static {
        for (char c = 0; c < 256; c++) {
            int k = isAlnum(c) ? C_ALNUM : 0;
            if (isAlnum(c) && (Addresses.isHex(c) || SHAPE_INITIALS.indexOf(c) >= 0)) {
                k |= C_STARTS;
            }
            if (c == '-' || c == '$' || c == ':') {
                k |= C_PUNCT;
            }
            CLASS[c] = (byte) k;
        }
    }

    /** Whether {@link #shape} can be other than {@link #NONE} at the start of a word beginning with {@code c}. */
    static boolean mayStartShape(char c) {
        return (CLASS[c & 0xff] & C_STARTS) != 0;
    }

    /**
     * Bit {@code c0 << 8 | c1}: {@link #shape} can be other than {@link #NONE} at the start of a
     * word beginning with {@code c0 c1}: a hex digit and a hex digit or an address separator, or
     * the first two chars of the shapes of {@link #shape}'s switch. 8 KB, like the stems' pairs.
     */
    private static final long[] SHAPE_PAIRS = new long[1 << 16 >>> 6];

    static {
        for (char c0 = 0; c0 < 256; c0++) {
            for (char c1 = 0; c1 < 256; c1++) {
                boolean may = RUN[c0] == HEX && RUN[c1] != 0;
                switch (c0) {
                    case 'e' -> may |= c1 == 'y';
                    case 'A' -> may |= "KSGIRNQ".indexOf(c1) >= 0;
                    case 'g' -> may |= c1 == 'h' || c1 == 'i' || c1 == 'l';
                    case 'x' -> may |= c1 == 'o';
                    case 's' -> may |= c1 == 'k';
                    case 'i', 'I' -> may |= c1 == 'p' || c1 == 'P';
                    default -> { }
                }
                if (may) {
                    int k = c0 << 8 | c1;
                    SHAPE_PAIRS[k >>> 6] |= 1L << k;
                }
            }
        }
    }

    /** Whether {@link #shape} can be other than {@link #NONE} at the start of a word beginning with {@code c0 c1}. */
    static boolean mayStartShape(char c0, char c1) {
        int k = (c0 & 0xff) << 8 | c1 & 0xff;
        return mayStartShape(c0) && (SHAPE_PAIRS[k >>> 6] & 1L << k) != 0;
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

    /** Each ISO-8859-1 char lower-cased as {@link String#toLowerCase(Locale)} with {@link Locale#ROOT} does. */
    private static final int[] LOWER = new int[256];

    static {
        for (int c = 0; c < 256; c++) {
            LOWER[c] = Character.toLowerCase(c);
        }
    }

    /**
     * Every string {@link #prepare} looks for in a line, indexed by its first two (lower-case)
     * characters, so that one pass over the line finds them all: at each position a bit says
     * whether any stem starts with the two characters there, and only then are those stems
     * compared. Immutable; built once per set of rules.
     */
    static final class Stems {
        static final int SECRET = 0;
        static final int NAME = 1;
        static final int URL = 2;
        static final int USER = 3;
        static final int BEARER = 4;
        static final int SHORT = 5;
        static final int PROGRAM = 6;
        static final int VALUE = 7;
        static final int ENV_NAME = 8;

        final String[] secretStems;
        /** Per stem: its ISO-8859-1 bytes, what it marks, whether it is compared case-sensitively. */
        final byte[][] text;
        final int[] kind;
        private final boolean[] exact;
        /**
         * Bit {@code b0 << 8 | b1} (raw bytes, any case): some stem starts with the two characters
         * b0 b1, or a one-character stem with b0. The search tests it at every byte, and
         * {@link #byHead} (three characters) only where it is set.
         */
        final long[] pairs = new long[65536 / 64];
        /** The stems of two or more characters by the {@link #head} of their first three. */
        final int[][] byHead = new int[HEADS][];
        /** The stems of one character, by that character; null when there are none, as with most facts. */
        final int[][] bySingle;

        /** Slots of {@link #byHead}: enough that a line's other trigrams rarely share one with a stem. */
        private static final int HEADS = 1 << 14;

        /** Which of the {@link #HEADS} slots of {@link #byHead} stands for a stem starting with c0 c1 c2. */
        static int head(int c0, int c1, int c2) {
            return (c0 << 16 | c1 << 8 | c2) * 0x9E3779B1 >>> 18;
        }

        Stems(String[] secretStems, String[] nameStems, String[] userStems, String[] shortStems) {
            this.secretStems = secretStems;
            java.util.List<String> texts = new java.util.ArrayList<>();
            java.util.List<Integer> kinds = new java.util.ArrayList<>();
            add(texts, kinds, secretStems, SECRET);
            add(texts, kinds, nameStems, NAME);
            add(texts, kinds, userStems, USER);
            add(texts, kinds, new String[] {"bearer"}, BEARER);
            add(texts, kinds, new String[] {"://"}, URL);
            add(texts, kinds, shortStems, SHORT);
            add(texts, kinds, ProgramFlags.STEMS, PROGRAM);
            add(texts, kinds, new String[] {"value"}, VALUE);
            add(texts, kinds, new String[] {"name"}, ENV_NAME);
            int n = texts.size();
            text = new byte[n][];
            kind = new int[n];
            exact = new boolean[n];
            int[][] singles = null;
            for (int e = 0; e < n; e++) {
                String t = texts.get(e);
                text[e] = t.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                kind[e] = kinds.get(e);
                exact[e] = kind[e] == SHORT;
                int c0 = LOWER[t.charAt(0)];
                for (int b0 = 0; b0 < 256; b0++) {
                    for (int b1 = 0; b1 < 256 && LOWER[b0] == c0; b1++) {
                        if (t.length() == 1 || LOWER[b1] == LOWER[t.charAt(1)]) {
                            int k = b0 << 8 | b1;
                            pairs[k >>> 6] |= 1L << k;
                        }
                    }
                }
                if (t.length() == 1) {
                    if (singles == null) {
                        singles = new int[256][];
                    }
                    singles[c0] = append(singles[c0], e);
                    continue;
                }
                int c1 = LOWER[t.charAt(1)];
                // a two-character stem: under every third character (the line's end reads as 0)
                for (int c2 = t.length() > 2 ? LOWER[t.charAt(2)] : 0; c2 < 256; c2++) {
                    int h = head(c0, c1, c2);
                    if (byHead[h] == null || byHead[h][byHead[h].length - 1] != e) {
                        byHead[h] = append(byHead[h], e);
                    }
                    if (t.length() > 2) {
                        break;
                    }
                }
            }
            bySingle = singles;
        }

        /**
         * Adds the stems that can occur in a line: a stem with a character beyond ISO-8859-1, or
         * with an upper-case one where the search is on the lower-cased line, never occurs; an
         * empty one is no stem.
         */
        private static void add(java.util.List<String> texts, java.util.List<Integer> kinds, String[] stems, int kind) {
            for (String t : stems) {
                boolean possible = !t.isEmpty();
                for (int k = 0; k < t.length() && possible; k++) {
                    char c = t.charAt(k);
                    possible = c < 256 && (kind == SHORT || LOWER[c] == c);
                }
                if (possible) {
                    texts.add(t);
                    kinds.add(kind);
                }
            }
        }

        private static int[] append(int[] a, int e) {
            if (a == null) {
                return new int[] {e};
            }
            int[] b = Arrays.copyOf(a, a.length + 1);
            b[a.length] = e;
            return b;
        }

        /** Whether stem {@code e} occurs at {@code b[at..]} (the caller checked it fits). */
        boolean occursAt(int e, byte[] b, int at) {
            byte[] t = text[e];
            if (exact[e]) {
                for (int k = 0; k < t.length; k++) {
                    if (b[at + k] != t[k]) {
                        return false;
                    }
                }
                return true;
            }
            for (int k = 0; k < t.length; k++) {
                if (LOWER[b[at + k] & 0xff] != (t[k] & 0xff)) {
                    return false;
                }
            }
            return true;
        }
    }
}
