package io.jsos.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The only way a collector touches the node.
 *
 * <p>Every path is a <em>host path</em>: an absolute path as seen on the node ({@code /proc/meminfo}),
 * resolved under the host root ({@code /} on the node itself, {@code /host} in a container, a
 * fixture folder in tests). A path that would escape the root (through {@code ..} or a symlink
 * pointing outside it) is refused with {@link HostPathException}.
 *
 * <p>Commands run with an argv (never a shell), {@code LC_ALL=C}, stdin closed, a timeout that
 * kills the whole process tree, and an output cap.
 */
public interface Host {

    /** The host root on this machine's filesystem. */
    Path root();

    /**
     * Resolves a host path to a path on this machine, under {@link #root()}. Symlinks are
     * followed within the root: an absolute link target is taken relative to the host root.
     *
     * @throws HostPathException if the path escapes the root or a symlink loop is found
     */
    Path resolve(String hostPath);

    /** Whether the host path exists (following links within the root). Never throws. */
    boolean exists(String hostPath);

    /** Whether the host path is a directory. Never throws. */
    boolean isDirectory(String hostPath);

    /** The names in a host directory, sorted; empty when it is missing or unreadable. */
    List<String> list(String hostDir);

    /** Opens a host file for streaming. */
    InputStream open(String hostPath) throws IOException;

    /**
     * Reads a small host file (proc/sys files, configs) as text, at most {@code maxBytes}.
     * Bytes are decoded as UTF-8 with malformed input replaced, so a non-UTF-8 file never fails.
     */
    String read(String hostPath, int maxBytes) throws IOException;

    /** {@link #read(String, int)} with a 1 MiB cap. */
    default String read(String hostPath) throws IOException {
        return read(hostPath, 1 << 20);
    }

    /** Reads a file, or empty when it is missing, vanished or unreadable (the normal case in /proc). */
    default Optional<String> tryRead(String hostPath) {
        try {
            return Optional.of(read(hostPath));
        } catch (IOException | HostPathException e) {
            return Optional.empty();
        }
    }

    /** Reads a file's lines, or an empty list when it cannot be read. */
    default List<String> tryReadLines(String hostPath) {
        return tryRead(hostPath).map(s -> s.lines().toList()).orElse(List.of());
    }

    /** Finds a program on the host's PATH (searched under the root); the host path of the program. */
    Optional<String> which(String program);

    /** Runs a command on the host. Never throws for a failing, missing or hung program: see the result. */
    CommandResult run(Command command);

    /** The host's name, from etc/hostname (or the kernel when that is missing). */
    String hostname();
}
