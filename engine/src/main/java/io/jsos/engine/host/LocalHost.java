package io.jsos.engine.host;

import io.jsos.api.Command;
import io.jsos.api.CommandResult;
import io.jsos.api.Host;
import io.jsos.api.HostPathException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Host} of a real node, or of a fixture folder standing in for one.
 *
 * <p>Host paths are resolved like a chroot would: component by component, following symlinks
 * with absolute targets taken relative to the root and {@code ..} stopping at the root, so no
 * path or link can lead outside it. When the root is {@code /}, that walk is skipped (nothing can
 * escape {@code /}).
 *
 * <p>Programs are looked up on the host's PATH under the root and run through
 * {@link ProcessRunner}; with a command prefix (e.g. {@code chroot /host} or
 * {@code nsenter -t 1 -m -u -i -n -p --}) they run as the prefix's arguments, so that in a
 * container they see the host's libraries and namespaces.
 */
public final class LocalHost implements Host {

    /** The PATH searched for programs, as on a Debian/RHEL host (sbin first: most diagnostics live there). */
    public static final List<String> SEARCH_PATH =
            List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

    private static final int MAX_LINK_HOPS = 40;

    private final Path root;
    private final boolean isSlash;
    private final List<String> commandPrefix;
    private final ProcessRunner runner;

    public LocalHost(Path root) {
        this(root, List.of(), new ProcessRunner());
    }

    public LocalHost(Path root, List<String> commandPrefix, ProcessRunner runner) {
        this.root = root.toAbsolutePath().normalize();
        this.isSlash = this.root.getParent() == null;
        this.commandPrefix = List.copyOf(commandPrefix);
        this.runner = runner;
    }

    /** The node jsos runs on. */
    public static LocalHost local() {
        return new LocalHost(Path.of("/"));
    }

    @Override
    public Path root() {
        return root;
    }

    /**
     * Resolved directories, for a short while. A scrape reads ~16 files in each cgroup directory and
     * the walk below costs one lstat per path component: with a host root (a DaemonSet's
     * {@code --host-root /host}) resolving every file from the top made the scrape 2.7 times
     * dearer than without. With the parent taken from here only the last component is checked.
     * Only under /sys: sysfs and cgroupfs let nobody make or swap links, so a directory resolved a
     * moment ago is still that directory. Elsewhere (a container's files under the host root) a
     * directory could be swapped for a link between two reads, and every path is walked anew.
     */
    private static final long DIR_CACHE_NANOS = 2_000_000_000L;
    private static final int DIR_CACHE_MAX = 65_536;
    private final Map<String, ResolvedDir> resolvedDirs = new ConcurrentHashMap<>();

    private record ResolvedDir(Path path, long expires) {
    }

    @Override
    public Path resolve(String hostPath) {
        if (hostPath == null || !hostPath.startsWith("/")) {
            throw new HostPathException("host paths are absolute: " + hostPath);
        }
        if (isSlash) {
            return Path.of(hostPath);
        }
        int slash = hostPath.lastIndexOf('/');
        String name = hostPath.substring(slash + 1);
        if (!hostPath.startsWith("/sys/") || slash == 0 || name.isEmpty() || name.equals(".") || name.equals("..")) {
            return walk(hostPath);
        }
        String parent = hostPath.substring(0, slash);
        long now = System.nanoTime();
        ResolvedDir dir = resolvedDirs.get(parent);
        if (dir == null || now - dir.expires() > 0) {
            if (resolvedDirs.size() >= DIR_CACHE_MAX) {
                resolvedDirs.clear();
            }
            dir = new ResolvedDir(walk(parent), now + DIR_CACHE_NANOS);
            resolvedDirs.put(parent, dir);
        }
        Path candidate = dir.path().resolve(name);
        // A link as the last component is followed the chroot way, through the walk.
        return Files.isSymbolicLink(candidate) ? walk(hostPath) : candidate;
    }

    /** Resolves component by component, as a chroot would. */
    private Path walk(String hostPath) {
        List<String> pending = new ArrayList<>(splitReversed(hostPath));
        List<String> done = new ArrayList<>();
        int hops = 0;
        while (!pending.isEmpty()) {
            String part = pending.remove(pending.size() - 1);
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            Path candidate = join(done).resolve(part);
            if (Files.isSymbolicLink(candidate)) {
                if (++hops > MAX_LINK_HOPS) {
                    throw new HostPathException("too many levels of symbolic links: " + hostPath);
                }
                String target;
                try {
                    target = Files.readSymbolicLink(candidate).toString();
                } catch (IOException e) {
                    throw new HostPathException("unreadable link " + hostPath + ": " + e.getMessage());
                }
                if (target.startsWith("/")) {
                    done.clear();
                }
                pending.addAll(splitReversed(target));
                continue;
            }
            done.add(part);
        }
        return join(done);
    }

    private Path join(List<String> parts) {
        Path p = root;
        for (String s : parts) {
            p = p.resolve(s);
        }
        return p;
    }

    private static List<String> splitReversed(String path) {
        List<String> parts = new ArrayList<>(List.of(path.split("/")));
        Collections.reverse(parts);
        return parts;
    }

    @Override
    public boolean exists(String hostPath) {
        try {
            return Files.exists(resolve(hostPath));
        } catch (HostPathException e) {
            return false;
        }
    }

    @Override
    public boolean isDirectory(String hostPath) {
        try {
            return Files.isDirectory(resolve(hostPath));
        } catch (HostPathException e) {
            return false;
        }
    }

    @Override
    public List<String> list(String hostDir) {
        // File.list hands back the names as Strings; a DirectoryStream builds a Path per entry and
        // then its file name, which was a third of the exporter's Java time in a cgroup scrape
        // (a listing per cgroup, /proc/<pid>/task per process).
        String[] names;
        try {
            names = resolve(hostDir).toFile().list();
        } catch (HostPathException e) {
            names = null;
        }
        if (names == null) {
            return new ArrayList<>();   // missing, vanished or unreadable: an empty listing is the answer
        }
        Arrays.sort(names);
        return new ArrayList<>(Arrays.asList(names));
    }

    @Override
    public InputStream open(String hostPath) throws IOException {
        return Files.newInputStream(resolve(hostPath));
    }

    /**
     * One direct buffer per reading thread. A scrape reads tens of thousands of small pseudo-files
     * (cgroupfs, /proc); through a FileChannel into a reused direct buffer each costs about what
     * the open/read/close system calls cost, where a stream plus a charset decoder per file cost
     * about twice that (measured with C1, as the exporter runs).
     */
    private static final int READ_BUFFER = 64 * 1024;
    private static final ThreadLocal<ByteBuffer> READ_BUFFERS =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(READ_BUFFER));

    @Override
    public String read(String hostPath, int maxBytes) throws IOException {
        try (FileChannel ch = FileChannel.open(resolve(hostPath), StandardOpenOption.READ)) {
            ByteBuffer buf = READ_BUFFERS.get();
            buf.clear().limit(Math.min(maxBytes, READ_BUFFER));
            fill(ch, buf);
            byte[] first = new byte[buf.flip().remaining()];
            buf.get(first);
            if (first.length < READ_BUFFER || first.length >= maxBytes) {
                // new String(..., UTF_8) replaces malformed input with U+FFFD: the decoder's REPLACE.
                return new String(first, StandardCharsets.UTF_8);
            }
            // Larger than the buffer and the cap allows more: the rest through a stream.
            byte[] rest = Channels.newInputStream(ch).readNBytes(maxBytes - first.length);
            byte[] all = Arrays.copyOf(first, first.length + rest.length);
            System.arraycopy(rest, 0, all, first.length, rest.length);
            return new String(all, StandardCharsets.UTF_8);
        }
    }

    private static void fill(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) <= 0) {
                return;
            }
        }
    }

    @Override
    public Optional<String> which(String program) {
        if (program.contains("/")) {
            return executable(program) ? Optional.of(program) : Optional.empty();
        }
        for (String dir : SEARCH_PATH) {
            String candidate = dir + "/" + program;
            if (executable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private boolean executable(String hostPath) {
        try {
            Path p = resolve(hostPath);
            return Files.isRegularFile(p) && Files.isExecutable(p);
        } catch (HostPathException e) {
            return false;
        }
    }

    @Override
    public CommandResult run(Command command) {
        Optional<String> program = which(command.program());
        if (program.isEmpty()) {
            return CommandResult.notRun(command.argv(), command.program() + " not found on the host's PATH");
        }
        List<String> argv = new ArrayList<>(command.argv());
        if (commandPrefix.isEmpty()) {
            argv.set(0, resolve(program.get()).toString());
        } else {
            argv.set(0, program.get());
            argv.addAll(0, commandPrefix);
        }
        return runner.run(argv, command.timeout(), command.outputCap(), extraPath());
    }

    /** Fixture hosts put fake programs under their root; scripts calling each other must find them first. */
    private List<String> extraPath() {
        if (isSlash || !commandPrefix.isEmpty()) {
            return List.of();
        }
        return SEARCH_PATH.stream().map(d -> root + d).toList();
    }

    @Override
    public String hostname() {
        Optional<String> fromFile = tryRead("/etc/hostname").map(String::trim).filter(s -> !s.isEmpty());
        if (fromFile.isPresent()) {
            return fromFile.get().lines().findFirst().orElse("localhost").trim();
        }
        return tryRead("/proc/sys/kernel/hostname").map(String::trim).filter(s -> !s.isEmpty()).orElse("localhost");
    }

    @Override
    public String toString() {
        return "host at " + root;
    }

}
