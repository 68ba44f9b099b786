package io.jsos.findings;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff ({@code diff -u} style, 3 lines of context) of two texts, from a longest common
 * subsequence of their lines. Config files are small; past {@link #MAX_LINES} lines the diff is
 * replaced by a one-line note rather than using quadratic memory.
 */
public final class UnifiedDiff {

    static final int MAX_LINES = 4000;
    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    /** The diff, or "" when the texts are equal. */
    public static String of(String oldName, String newName, String oldText, String newText) {
        if (oldText.equals(newText)) {
            return "";
        }
        List<String> a = oldText.lines().toList();
        List<String> b = newText.lines().toList();
        StringBuilder out = new StringBuilder("--- " + oldName + "\n+++ " + newName + "\n");
        if (a.size() > MAX_LINES || b.size() > MAX_LINES) {
            return out.append("@@ files too long to diff here (").append(a.size()).append(" and ").append(b.size())
                    .append(" lines) @@\n").toString();
        }
        // ops: ' ' kept, '-' removed, '+' added, in order.
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<char[]> ops = new ArrayList<>();
        List<String> text = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                ops.add(new char[]{' '});
                text.add(a.get(i));
                i++;
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                // Removals before additions, as diff -u prints them.
                ops.add(new char[]{'-'});
                text.add(a.get(i));
                i++;
            } else {
                ops.add(new char[]{'+'});
                text.add(b.get(j));
                j++;
            }
        }
        // Group changes into hunks with context.
        int k = 0;
        int total = ops.size();
        while (k < total) {
            if (ops.get(k)[0] == ' ') {
                k++;
                continue;
            }
            int start = Math.max(0, k - CONTEXT);
            int end = k;
            int lastChange = k;
            while (end < total && end - lastChange <= 2 * CONTEXT) {
                if (ops.get(end)[0] != ' ') {
                    lastChange = end;
                }
                end++;
            }
            end = Math.min(total, lastChange + CONTEXT + 1);
            int oldStart = 1;
            int newStart = 1;
            for (int x = 0; x < start; x++) {
                if (ops.get(x)[0] != '+') {
                    oldStart++;
                }
                if (ops.get(x)[0] != '-') {
                    newStart++;
                }
            }
            int oldLen = 0;
            int newLen = 0;
            StringBuilder hunk = new StringBuilder();
            for (int x = start; x < end; x++) {
                char op = ops.get(x)[0];
                if (op != '+') {
                    oldLen++;
                }
                if (op != '-') {
                    newLen++;
                }
                hunk.append(op).append(text.get(x)).append('\n');
            }
            out.append("@@ -").append(oldLen == 0 ? oldStart - 1 : oldStart).append(',').append(oldLen)
                    .append(" +").append(newLen == 0 ? newStart - 1 : newStart).append(',').append(newLen).append(" @@\n").append(hunk);
            k = end;
        }
        return out.toString();
    }
}
