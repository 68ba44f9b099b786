package io.jsos.report.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link CandidateFilter} finds all its stems in one pass over a line's bytes (a hashed table of
 * their first three characters). The reference here is the plain search it replaced: lower-case
 * the line, then one {@link String#indexOf} per stem. Both must mark the same positions with the
 * same bits, on random lines made of the stems themselves, in any case, cut anywhere, glued to
 * each other and to Latin-1 letters, with stems of one and two characters and stems that cannot
 * occur (upper case where the search is on lower case, beyond ISO-8859-1).
 */
class StemSearchTest {

    private static final String[] SECRET = {"pass", "pwd", "secret", "token", "key", "psk", "credential", "auth", "cookie",
        "MyKey", "x"};
    private static final String[] NAMES = {"corp.acme.com", "vm", "web1-mgmt", "q"};
    private static final String[] USERS = {"alice", "j.doe", "b", "\u0142ukasz", "jos\u00e9"};
    private static final String[] SHORT = {"web1", "vm", "Db", "Z"};

    /** The env-name check folds the word's bytes as the String it replaced: toLowerCase(ROOT), then contains. */
    @Test
    void containsFoldedIsLowerCaseContains() {
        String alphabet = "aAsSkKeEyYpP_-.09\u00c0\u00e0\u00df\u00ff";
        String[] stems = {"", "key", "pass", "s", "Key", "secret_k", "\u00e0", "y_p", "kk"};
        Random random = new Random(5);
        int found = 0;
        for (int round = 0; round < 100_000; round++) {
            StringBuilder w = new StringBuilder();
            int n = random.nextInt(10);
            for (int k = 0; k < n; k++) {
                w.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String word = w.toString();
            byte[] b = ("x" + word + "y").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            for (String stem : stems) {
                boolean expected = word.toLowerCase(Locale.ROOT).contains(stem);
                assertThat(CandidateFilter.containsFolded(b, 1, word.length(), stem)).as("%s in %s", stem, word).isEqualTo(expected);
                found += expected ? 1 : 0;
            }
        }
        assertThat(found).isGreaterThan(100_000);
    }

    @Test
    void onePassMarksWhatOneSearchPerStemMarks() {
        CandidateFilter filter = new CandidateFilter(new CandidateFilter.Stems(SECRET, NAMES, USERS, SHORT));
        List<String> pieces = new ArrayList<>();
        for (String[] group : new String[][] {SECRET, NAMES, USERS, SHORT, {"bearer", "://", "value", "name", "mysql",
            "redis-cli", "curl", "ipmitool", "-p", "-u", "--user", "-w", ": ", "=", "\"", "'", "<", "..", ".", "-", "_",
            "+", " ", "\t", "\u00c9", "\u00e9", "\u00ff", "\u0000", "DB_PASSWORD", "api_token", "LOG_LEVEL"}}) {
            pieces.addAll(List.of(group));
        }
        Random random = new Random(3);
        int marked = 0;
        for (int round = 0; round < 20_000; round++) {
            StringBuilder line = new StringBuilder();
            int n = random.nextInt(12);
            for (int k = 0; k < n; k++) {
                String piece = pieces.get(random.nextInt(pieces.size()));
                int cut = random.nextInt(4) == 0 ? random.nextInt(piece.length() + 1) : 0;
                piece = piece.substring(cut);
                line.append(switch (random.nextInt(3)) {
                    case 0 -> piece.toUpperCase(Locale.ROOT);
                    case 1 -> piece;
                    default -> mixedCase(random, piece);
                });
            }
            String s = new String(line.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                    java.nio.charset.StandardCharsets.ISO_8859_1); // what the redactor sees: one char per byte
            boolean envPending = random.nextBoolean();
            byte[] padded = ("##" + s + "##").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            filter.prepare(padded, 2, s.length(), envPending);
            short[] expected = Reference.marks(s, envPending);
            for (int p = 0; p < s.length(); p++) {
                assertThat(filter.marks(p)).as("marks at %d of [%s]", p, s).isEqualTo(expected[p]);
                marked += expected[p] != 0 ? 1 : 0;
            }
        }
        assertThat(marked).as("positions marked").isGreaterThan(20_000);
    }

    private static String mixedCase(Random random, String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return b.toString();
    }

    /** The search the one-pass one replaced, as it was: lower-case the line, one indexOf per stem. */
    private static final class Reference {
        private static short[] marks(String s, boolean envPending) {
            short[] hot = new short[s.length() + 1];
            String lower = s.toLowerCase(Locale.ROOT);
            int firstNonBlank = 0;
            while (firstNonBlank < s.length() && (s.charAt(firstNonBlank) == ' ' || s.charAt(firstNonBlank) == '\t')) {
                firstNonBlank++;
            }
            for (String stem : SECRET) {
                markRuns(hot, lower, stem, 0, firstNonBlank);
            }
            for (String stem : NAMES) {
                markRuns(hot, lower, stem, 1, firstNonBlank);
            }
            for (String stem : USERS) {
                for (int i = lower.indexOf(stem); i >= 0; i = lower.indexOf(stem, i + 1)) {
                    hot[i] |= CandidateFilter.M_USER;
                }
            }
            for (int i = lower.indexOf("bearer"); i >= 0; i = lower.indexOf("bearer", i + 1)) {
                hot[i] |= CandidateFilter.M_BEARER;
            }
            markRuns(hot, lower, "://", 2, firstNonBlank);
            for (String stem : SHORT) {
                for (int i = s.indexOf(stem); i >= 0; i = s.indexOf(stem, i + 1)) {
                    if (i == 0 || RedactionRules.SHORT_BEFORE_CHARS.indexOf(s.charAt(i - 1)) >= 0) {
                        hot[i] |= CandidateFilter.M_SHORT;
                    }
                }
            }
            boolean program = false;
            for (String stem : ProgramFlags.STEMS) {
                program |= lower.contains(stem);
            }
            if (program) {
                for (int i = s.indexOf('-'); i >= 0 && i + 1 < s.length(); i = s.indexOf('-', i + 1)) {
                    if ((i == 0 || ProgramFlags.isSeparator(s.charAt(i - 1)))
                            && ("pwaPu".indexOf(s.charAt(i + 1)) >= 0 || s.startsWith("--user", i))) {
                        hot[i] |= CandidateFilter.M_PFLAG;
                    }
                }
            }
            int name = lower.indexOf("name");
            if (envPending || name >= 0) {
                int secretName = envPending ? -1 : s.length();
                for (int i = name; i >= 0; i = lower.indexOf("name", i + 1)) {
                    if (envName(lower, i)) {
                        secretName = Math.min(secretName, i);
                        hot[i] |= CandidateFilter.M_ENVNAME;
                        if (i > 0 && (s.charAt(i - 1) == '"' || s.charAt(i - 1) == '\'')) {
                            hot[i - 1] |= CandidateFilter.M_ENVNAME;
                        }
                    }
                }
                // "value" only where the value of a secret env entry can be: after a secret name
                for (int i = lower.indexOf("value", Math.max(secretName, 0)); i >= 0; i = lower.indexOf("value", i + 1)) {
                    hot[i] |= CandidateFilter.M_VALUE;
                    if (i > 0 && (s.charAt(i - 1) == '"' || s.charAt(i - 1) == '\'')) {
                        hot[i - 1] |= CandidateFilter.M_VALUE;
                    }
                }
            }
            return hot;
        }

        private static void markRuns(short[] hot, String lower, String stem, int kind, int firstNonBlank) {
            int bit = kind == 0 ? CandidateFilter.M_SECRET : kind == 1 ? CandidateFilter.M_NAME : CandidateFilter.M_URL;
            for (int i = lower.indexOf(stem); i >= 0; i = lower.indexOf(stem, i + 1)) {
                int r = i;
                while (r > 0 && inRun(kind, lower.charAt(r - 1))) {
                    if (kind == 1 && lower.charAt(r - 1) == '.' && (r < 2 || !(alnum(lower.charAt(r - 2)) || lower.charAt(r - 2) == '-'))) {
                        hot[r] |= bit;
                    }
                    r--;
                }
                hot[r] |= bit;
                if (kind == 0) {
                    if (r > 0 && (lower.charAt(r - 1) == '"' || lower.charAt(r - 1) == '\'' || lower.charAt(r - 1) == '<')) {
                        hot[r - 1] |= bit;
                    }
                    if (r == firstNonBlank) {
                        hot[0] |= bit;
                    }
                }
            }
        }

        private static boolean inRun(int kind, char c) {
            return alnum(c) || c == '.' || c == '-' || (kind == 0 ? c == '_' : kind == 2 && c == '+');
        }

        private static boolean alnum(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
        }

        private static boolean envName(String lower, int i) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("name[\"']?[ \t]*[:=][ \t]*[\"']?([A-Za-z0-9_.-]+)")
                    .matcher(lower).region(i, lower.length());
            if (!m.lookingAt()) {
                return false;
            }
            for (String stem : SECRET) {
                if (m.group(1).contains(stem)) {
                    return true;
                }
            }
            return false;
        }
    }
}
