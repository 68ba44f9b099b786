package io.jsos.cgroups;

/**
 * Walks a text's lines in place, without splitting it into Strings: the loop of the parsers a
 * scrape runs for every cgroup ({@link FlatKeyed}, {@link Psi}), in one place.
 */
final class TextLines {

    /** One line: {@code text[from, to)}, without its '\n'. */
    interface Line {
        void accept(String text, int from, int to);
    }

    private TextLines() {
    }

    static void forEach(String text, Line line) {
        int n = text.length();
        int start = 0;
        while (start < n) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            line.accept(text, start, end);
            start = end + 1;
        }
    }

    /**
     * The white-space separated fields of {@code text[from, to)}: what
     * {@code line.strip().split("\\s+")} gives for a non-blank line (and no fields for a blank
     * one), without compiling a regex per line.
     */
    static String[] fields(String text, int from, int to) {
        while (from < to && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        java.util.List<String> out = new java.util.ArrayList<>(8);
        int i = from;
        while (i < to) {
            int start = i;
            while (i < to && !isSpace(text.charAt(i))) {
                i++;
            }
            out.add(text.substring(start, i));
            while (i < to && isSpace(text.charAt(i))) {
                i++;
            }
        }
        return out.toArray(new String[0]);
    }

    /** What the regex {@code \s} matches. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }
}
