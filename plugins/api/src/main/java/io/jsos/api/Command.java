package io.jsos.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A command to run on the host: an argv (no shell, no globbing, no pipes), a timeout after which
 * the whole process tree is killed, and a cap on how many bytes of stdout and of stderr are kept.
 *
 * <pre>{@code
 * host.run(Command.of("lvs", "--reportformat", "json").timeout(Duration.ofSeconds(10)));
 * }</pre>
 */
public record Command(List<String> argv, Duration timeout, long outputCap) {

    /** The timeout of a command that sets none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** How many bytes of stdout (and of stderr) are kept when a command sets no cap: 16 MiB. */
    public static final long DEFAULT_OUTPUT_CAP = 16L << 20;

    /** Checks the argv is not empty and the timeout and cap are positive. */
    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least a program name");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (outputCap <= 0) {
            throw new IllegalArgumentException("outputCap must be positive: " + outputCap);
        }
    }

    /** A command with the default timeout and output cap. */
    public static Command of(String... argv) {
        return new Command(List.of(argv), DEFAULT_TIMEOUT, DEFAULT_OUTPUT_CAP);
    }

    /** A command with the default timeout and output cap. */
    public static Command of(List<String> argv) {
        return new Command(argv, DEFAULT_TIMEOUT, DEFAULT_OUTPUT_CAP);
    }

    /** This command with another timeout (the whole process tree is killed when it passes). */
    public Command timeout(Duration newTimeout) {
        return new Command(argv, newTimeout, outputCap);
    }

    /** This command with another cap on the bytes of stdout and of stderr kept. */
    public Command outputCap(long bytes) {
        return new Command(argv, timeout, bytes);
    }

    /** The program, as given (a name looked up on the host's PATH, or a host path). */
    public String program() {
        return argv.get(0);
    }

    /** The argv joined with spaces, for logs and the manifest (not for a shell). */
    public String display() {
        return String.join(" ", argv);
    }
}
