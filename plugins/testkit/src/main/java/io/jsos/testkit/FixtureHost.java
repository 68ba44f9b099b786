package io.jsos.testkit;

import io.jsos.api.Host;
import io.jsos.engine.host.LocalHost;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * Builds a fake node in a folder: files at their host paths, symlinks, modes, and fake programs
 * on the host's PATH that print recorded output. The {@link Host} it builds is the same class jsos
 * uses on a real node, pointed at the folder, so a collector cannot tell the difference.
 *
 * <pre>{@code
 * Host host = FixtureHost.in(tempDir)
 *         .file("/etc/hostname", "node-a\n")
 *         .file("/proc/1/stat", "1 (init) S 0 1 1 0 -1 4194560 ...")
 *         .command("lvs", "{\"report\":[]}", 0)
 *         .load(Path.of("src/test/resources/fixtures/k8s-node.fixture"))
 *         .build();
 * }</pre>
 *
 * <p>Fixture files in the text format of {@link FixtureFormat} hold whole fake roots in one readable
 * file, for every module and for vendors alike.
 */
public final class FixtureHost {

    private final Path root;

    private FixtureHost(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Starts a fixture host in {@code root} (typically a JUnit {@code @TempDir}). */
    public static FixtureHost in(Path root) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FixtureHost(root);
    }

    public Path root() {
        return root;
    }

    /** A file at a host path, with text content. */
    public FixtureHost file(String hostPath, String content) {
        return file(hostPath, content.getBytes(StandardCharsets.UTF_8));
    }

    /** A file at a host path, with raw bytes (non-UTF-8 cmdlines, binary files). */
    public FixtureHost file(String hostPath, byte[] content) {
        Path p = local(hostPath);
        try {
            Files.createDirectories(p.getParent());
            Files.write(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** An empty directory. */
    public FixtureHost dir(String hostPath) {
        try {
            Files.createDirectories(local(hostPath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A symlink at a host path; an absolute target is taken relative to the fixture root, like on the node. */
    public FixtureHost symlink(String hostPath, String target) {
        Path p = local(hostPath);
        try {
            Files.createDirectories(p.getParent());
            Files.deleteIfExists(p);
            Files.createSymbolicLink(p, Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Sets a file's mode, e.g. {@code "000"} for unreadable, {@code "200"} for write-only. */
    public FixtureHost mode(String hostPath, String octal) {
        int m = Integer.parseInt(octal, 8);
        StringBuilder sb = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = (m >> shift) & 7;
            sb.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
        }
        try {
            Files.setPosixFilePermissions(local(hostPath), PosixFilePermissions.fromString(sb.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * A fake program on the host's PATH ({@code /usr/bin/<name>}) that prints {@code stdout} and
     * exits with {@code exitCode}, whatever its arguments.
     */
    public FixtureHost command(String name, String stdout, int exitCode) {
        return command(name, stdout.getBytes(StandardCharsets.UTF_8), "", exitCode);
    }

    /** A fake program with recorded stdout and stderr. */
    public FixtureHost command(String name, byte[] stdout, String stderr, int exitCode) {
        Objects.requireNonNull(name);
        if (name.contains("/")) {
            throw new IllegalArgumentException("a fake program is named, not pathed: " + name);
        }
        Path outputs = root.resolve(".fixture/commands");
        try {
            Files.createDirectories(outputs);
            Files.write(outputs.resolve(name + ".stdout"), stdout);
            Files.writeString(outputs.resolve(name + ".stderr"), stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String script = "#!/bin/sh\n"
                + "cat '" + outputs.resolve(name + ".stdout") + "'\n"
                + "cat '" + outputs.resolve(name + ".stderr") + "' >&2\n"
                + "exit " + exitCode + "\n";
        return commandScript(name, script);
    }

    /** A fake program whose behaviour is a shell script (e.g. {@code "#!/bin/sh\nsleep 1000\n"} to hang). */
    public FixtureHost commandScript(String name, String script) {
        Path p = local("/usr/bin/" + name);
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, script);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Adds everything in a fixture file (see {@link FixtureFormat}). */
    public FixtureHost load(Path fixtureFile) {
        try {
            FixtureFormat.apply(Files.readString(fixtureFile, StandardCharsets.ISO_8859_1), this, fixtureFile.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Adds everything in a fixture file on the classpath, e.g. {@code "/fixtures/k8s-node.fixture"}. */
    public FixtureHost loadResource(String resource) {
        try (InputStream in = FixtureHost.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture resource " + resource);
            }
            FixtureFormat.apply(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1), this, resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The host over this folder. */
    public Host build() {
        return new LocalHost(root);
    }

    private Path local(String hostPath) {
        if (!hostPath.startsWith("/")) {
            throw new IllegalArgumentException("host paths are absolute: " + hostPath);
        }
        Path p = root.resolve(hostPath.substring(1)).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("path leaves the fixture root: " + hostPath);
        }
        return p;
    }
}
