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
}
