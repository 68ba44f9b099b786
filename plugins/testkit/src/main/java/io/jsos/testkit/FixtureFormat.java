package io.jsos.testkit;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A whole fake root in one readable text file, in the spirit of procfs' {@code fixtures.ttar}.
 * Records are separated by a line of three or more dashes; {@code #} starts a comment line
 * between records. Each record is one of:
 *
 * <pre>
 * Path: /proc/1/stat             a file; the next "Lines: N" gives its content,
 * Lines: 1                       which is the N lines that follow
 * 1 (systemd) S 0 1 1 0 -1 ...
 * Mode: 444                      (optional) octal mode
 * ---
 * Directory: /proc/1/task        an empty directory
 * ---
 * Symlink: /proc/self            a symlink
 * Target: 1
 * ---
 * Command: lvs                   a fake program on PATH printing the Lines and exiting with Exit
 * Exit: 0
 * Lines: 2
 * {"report": [
 * ]}
 * </pre>
 *
 * Content is read byte for byte (ISO-8859-1), so non-UTF-8 bytes survive. A file whose content
 * does not end with a newline uses {@code NoNewline: true}. {@code \0} in content lines stands
 * for a NUL byte (for /proc/PID/cmdline).
 */
public final class FixtureFormat {

    private FixtureFormat() {
    }

    static void apply(String text, FixtureHost host, String source) {
        List<String> lines = text.lines().toList();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#") || line.matches("-{3,}")) {
                i++;
                continue;
            }
            String key = key(line);
            String value = value(line);
            i++;
            switch (key) {
                case "Path" -> {
                    Block b = readBlock(lines, i, source);
                    i = b.next;
                    host.file(value, b.content.getBytes(StandardCharsets.ISO_8859_1));
                    if (b.mode != null) {
                        host.mode(value, b.mode);
                    }
                }
                case "Directory" -> host.dir(value);
                case "Symlink" -> {
                    if (i >= lines.size() || !key(lines.get(i)).equals("Target")) {
                        throw new IllegalArgumentException(source + ":" + i + ": Symlink needs a Target line");
                    }
                    host.symlink(value, value(lines.get(i)));
                    i++;
                }
                case "Command" -> {
                    int exit = 0;
                    if (i < lines.size() && key(lines.get(i)).equals("Exit")) {
                        exit = Integer.parseInt(value(lines.get(i)));
                        i++;
                    }
                    Block b = readBlock(lines, i, source);
                    i = b.next;
                    host.command(value, b.content.getBytes(StandardCharsets.ISO_8859_1), "", exit);
                }
                default -> throw new IllegalArgumentException(source + ":" + i + ": expected Path:, Directory:, Symlink: or Command:, got: " + line);
            }
        }
    }

    private record Block(String content, String mode, int next) {
    }

    private static Block readBlock(List<String> lines, int i, String source) {
        boolean newline = true;
        if (i < lines.size() && key(lines.get(i)).equals("NoNewline")) {
            newline = !Boolean.parseBoolean(value(lines.get(i)));
            i++;
        }
        if (i >= lines.size() || !key(lines.get(i)).equals("Lines")) {
            throw new IllegalArgumentException(source + ":" + (i + 1) + ": expected 'Lines: N'");
        }
        int n = Integer.parseInt(value(lines.get(i)));
        i++;
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < n; k++) {
            if (i + k >= lines.size()) {
                throw new IllegalArgumentException(source + ": file ends inside a " + n + "-line block");
            }
            sb.append(lines.get(i + k).replace("\\0", "\0"));
            if (k < n - 1 || newline) {
                sb.append('\n');
            }
        }
        i += n;
        String mode = null;
        if (i < lines.size() && key(lines.get(i)).equals("Mode")) {
            mode = value(lines.get(i));
            i++;
        }
        return new Block(sb.toString(), mode, i);
    }

    private static String key(String line) {
        int c = line.indexOf(':');
        return c < 0 ? "" : line.substring(0, c).trim();
    }

    private static String value(String line) {
        int c = line.indexOf(':');
        return c < 0 ? "" : line.substring(c + 1).trim();
    }
}
