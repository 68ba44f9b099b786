package io.jsos.guest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one guest run left behind.
 *
 * @param exitStatus the script's exit status, or -1 when the guest never reported one (timeout, crash)
 * @param timedOut   whether QEMU was killed at the timeout
 * @param elapsed    boot + script + power-off, wall time
 * @param out        the files the script wrote under {@code $JSOS_GUEST_OUT}
 * @param scriptLog  the script's stdout and stderr
 * @param console    the guest's serial console (kernel messages, /init's progress)
 * @param qemuLog    QEMU's own output
 */
public record GuestResult(int exitStatus, boolean timedOut, Duration elapsed, Path out, Path scriptLog,
                          Path console, Path qemuLog) {

    /** A file the script wrote, resolved under {@link #out()}. */
    public Path file(String relative) {
        Path p = out.resolve(relative).normalize();
        if (!p.startsWith(out)) {
            throw new IllegalArgumentException(relative + " is outside the guest's out folder");
        }
        return p;
    }

    /** A file the script wrote, as text; fails with {@link #describe()} when it is missing. */
    public String text(String relative) {
        Path p = file(relative);
        if (!Files.isRegularFile(p)) {
            throw new AssertionError("the guest wrote no " + relative + "\n" + describe());
        }
        return read(p);
    }

    /** What {@link Guest#runCollector} wrote under {@code relative}. */
    public GuestCollectorRun collector(String relative) {
        return GuestCollectorRun.read(file(relative), this);
    }

    /** Fails with {@link #describe()} unless the script exited 0. */
    public GuestResult assertSucceeded() {
        if (exitStatus != 0) {
            throw new AssertionError("guest script failed\n" + describe());
        }
        return this;
    }

    /** Status, the tail of the script's output and of the console: the message for a failed assertion. */
    public String describe() {
        String state = timedOut ? "killed at the timeout after " + elapsed.toSeconds() + " s"
                : exitStatus < 0 ? "no exit status reported (guest died?)" : "exit status " + exitStatus;
        return "guest: " + state + " (" + elapsed.toMillis() + " ms)\n"
                + "--- script output (" + scriptLog + "), last lines:\n" + tail(scriptLog, 60)
                + "--- console (" + console + "), last lines:\n" + tail(console, 30)
                + "--- qemu (" + qemuLog + "):\n" + tail(qemuLog, 10);
    }

    @Override
    public String toString() {
        return describe();
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path p, int lines) {
        if (!Files.isRegularFile(p)) {
            return "(none)\n";
        }
        try {
            List<String> all = Files.readAllLines(p, StandardCharsets.ISO_8859_1);
            StringBuilder sb = new StringBuilder();
            for (String l : all.subList(Math.max(0, all.size() - lines), all.size())) {
                sb.append("  ").append(l).append('\n');
            }
            return sb.toString();
        } catch (IOException e) {
            return "(unreadable: " + e + ")\n";
        }
    }
}
