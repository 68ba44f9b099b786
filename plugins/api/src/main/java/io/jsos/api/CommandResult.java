package io.jsos.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * What happened when a {@link Command} ran.
 *
 * @param argv       the argv as run (the program resolved to its host path)
 * @param exitCode   the exit code, or -1 when the program did not start or was killed
 * @param timedOut   whether the timeout killed it
 * @param duration   wall time from start to exit (or kill)
 * @param stdout     at most the command's output cap of stdout
 * @param stderr     at most the command's output cap of stderr
 * @param truncated  whether stdout or stderr went over the cap
 * @param error      why it did not run or did not finish ("not found on PATH", "timed out after 10s"), or null
 */
public record CommandResult(List<String> argv, int exitCode, boolean timedOut, Duration duration,
                            byte[] stdout, byte[] stderr, boolean truncated, String error) {

    /** Copies the argv. */
    public CommandResult {
        argv = List.copyOf(argv);
    }

    /** A command that never started, e.g. its program is missing. */
    public static CommandResult notRun(List<String> argv, String why) {
        return new CommandResult(argv, -1, false, Duration.ZERO, new byte[0], new byte[0], false, why);
    }

    /** Exited on its own with status 0. */
    public boolean ok() {
        return exitCode == 0 && !timedOut && error == null;
    }

    /** Stdout decoded as UTF-8 (malformed bytes replaced). */
    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /** Stderr decoded as UTF-8 (malformed bytes replaced). */
    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    /** One line for logs: "exit 0 in 52 ms", "timed out after 10 s", "not run: lvs not found on PATH". */
    public String summary() {
        if (timedOut) {
            return "timed out after " + duration.toMillis() + " ms";
        }
        if (error != null && exitCode == -1) {
            return "not run: " + error;
        }
        return "exit " + exitCode + " in " + duration.toMillis() + " ms" + (truncated ? " (output truncated)" : "");
    }
}
