package io.jsos.collectors.processes;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /proc/<pid>/cmdline}: the argv as NUL-separated bytes.
 *
 * <p>It is empty for kernel threads and zombies; a program that rewrote its argv (nginx, postgres,
 * sshd: "sshd: user [priv]") may leave one long string without NULs, or trailing NUL padding; and
 * arguments are bytes in whatever encoding the caller used, so they are decoded as UTF-8 with
 * U+FFFD for what does not decode, never failing.
 */
public final class Cmdline {

    private Cmdline() {
    }

    /** The argv; empty for an empty file. Trailing empty arguments (NUL padding) are dropped. */
    public static List<String> parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return List.of();
        }
        return split(decode(bytes));
    }

    /** The argv from text that was already decoded (NULs kept). */
    public static List<String> parse(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        return split(text);
    }

    /** The argv joined with spaces, as {@code ps} prints it. */
    public static String join(List<String> argv) {
        return String.join(" ", argv);
    }

    private static List<String> split(String text) {
        List<String> argv = new ArrayList<>(List.of(text.split("\0", -1)));
        while (!argv.isEmpty() && argv.get(argv.size() - 1).isEmpty()) {
            argv.remove(argv.size() - 1);
        }
        return List.copyOf(argv);
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            // cannot happen with REPLACE; keep the promise of never failing anyway
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
