package io.jsos.agent.serve;

import io.jsos.api.CommandResult;
import io.jsos.engine.host.ProcessRunner;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;

/**
 * A Java runtime made for the exporter: {@code jlink}ed from this JDK's jmods with only the
 * modules jsos uses ({@link #MODULES}), and a class-data archive ({@value #CDS_ARCHIVE}, the one
 * the JVM maps by default) of exactly the JDK classes a warm-up of {@code serve} loads.
 *
 * <p>Why: on a full JDK the exporter's RSS after 300 scrapes was ~71 MB; on this runtime ~66 MB,
 * three exporters each. The full JDK's default archive holds classes the exporter never loads and
 * lacks ~800 it does (the HTTP server, java.management, process handling); the JVM relocates an
 * archive at start, which touches every page of it, and parses what is not in it into metaspace.
 * The small module graph does the rest. jsos's own classes stay in the jar: an archive of them
 * maps only when the jar's path is the one it was dumped with.
 *
 * <p>Made by {@code jsos runtime --out DIR}: the launcher makes one for {@code bin/jsos serve}
 * (once per jar and Java), the container image build for the image.
 */
public final class ServeRuntime {

    /** The JDK modules jsos needs at run time (ImageIT runs collect and serve on them). */
    public static final List<String> MODULES = List.of(
            "java.base", "java.logging", "java.management", "jdk.management", "jdk.httpserver",
            "jdk.security.auth", "jdk.crypto.ec", "jdk.unsupported", "java.sql", "jdk.zipfs");

    /** Where a JVM looks for its default class-data archive, under its home. */
    public static final String CDS_ARCHIVE = "lib/server/classes.jsa";

    /** What making it did: whether the archive holds the warm-up's classes, or the JDK's default list. */
    public record Made(Path javaHome, boolean warmedUp, String note) {
    }

    private ServeRuntime() {
    }

    /**
     * Makes the runtime in {@code out} (which must not exist).
     *
     * @param jar        the agent jar the warm-up runs
     * @param jvmOptions the options the exporter will run with (the warm-up uses them too)
     * @throws IOException when there is no jlink or no jmods here, or jlink or the archive dump fails
     */
    public static Made make(Path out, Path jar, List<String> jvmOptions) throws IOException {
        if (Files.exists(out)) {
            throw new IOException(out + " exists already");
        }
        jlink(out);
        rewriteInSmallPieces(out.resolve("lib/server/libjvm.so"));
        Path java = out.resolve("bin/java");
        Path trained = out.resolveSibling(out.getFileName() + ".classlist");
        List<String> warmUp = new ArrayList<>(List.of(java.toString()));
        warmUp.addAll(jvmOptions);
        warmUp.addAll(List.of("-Xshare:off", "-XX:DumpLoadedClassList=" + trained, "-jar", jar.toString(),
                "serve", "--listen", "127.0.0.1:0", "--warm-up-and-exit"));
        String warmUpFailure = run(warmUp, 180);
        boolean warmedUp = warmUpFailure == null && Files.isRegularFile(trained);
        Path classList = warmedUp ? trained : out.resolve("lib/classlist");
        try {
            // jsos's classes are not on the dump's class path: the dump skips them (with a warning each).
            String dumpFailure = run(List.of(java.toString(), "-Xshare:dump", "-XX:SharedClassListFile=" + classList,
                    "-XX:SharedArchiveFile=" + out.resolve(CDS_ARCHIVE), "-Xlog:cds=off", "-Xlog:cds+dynamic=off"), 180);
            if (dumpFailure != null || !Files.isRegularFile(out.resolve(CDS_ARCHIVE))) {
                throw new IOException("the class-data archive could not be written:\n" + dumpFailure);
            }
        } finally {
            Files.deleteIfExists(trained);
        }
        return new Made(out, warmedUp, warmedUp ? "archive of the warm-up's JDK classes"
                : "the warm-up of serve failed, so the archive holds the JDK's default class list:\n" + warmUpFailure);
    }

    private static void jlink(Path out) throws IOException {
        ToolProvider jlink = ToolProvider.findFirst("jlink")
                .orElseThrow(() -> new IOException("jlink is not available: this Java is not a JDK (Debian: openjdk-17-jdk-headless)"));
        Path jmods = Path.of(System.getProperty("java.home"), "jmods");
        if (!Files.isDirectory(jmods)) {
            throw new IOException("no jmods in " + jmods + ": jlink needs them (Debian: openjdk-17-jdk-headless ships them)");
        }
        StringWriter log = new StringWriter();
        PrintWriter pw = new PrintWriter(log);
        int rc = jlink.run(pw, pw, "--module-path", jmods.toString(), "--add-modules", String.join(",", MODULES),
                "--strip-debug", "--no-header-files", "--no-man-pages", "--compress=2", "--output", out.toString());
        if (rc != 0) {
            throw new IOException("jlink failed (" + rc + "):\n" + log);
        }
    }

    /**
     * Writes a file again, 64 KiB at a time. jlink writes libjvm.so in large pieces, and Linux (6.x,
     * ext4) then keeps it in the page cache as 2 MiB folios, which every JVM started from it maps
     * whole: libjvm.so's resident size was 18 MiB instead of 13 (FilePmdMapped in smaps) until the
     * page cache turned over. Written in small pieces, its pages are small, and only those the JVM
     * touches become resident.
     */
    static void rewriteInSmallPieces(Path file) throws IOException {
        Path copy = file.resolveSibling(file.getFileName() + ".rewrite");
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file);
             java.io.OutputStream os = Files.newOutputStream(copy)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                os.write(buffer, 0, n);
            }
        }
        Files.setPosixFilePermissions(copy, Files.getPosixFilePermissions(file));
        Files.move(copy, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Runs a program of the new runtime (killed with its children at the timeout); null when it exited 0. */
    private static String run(List<String> argv, int seconds) {
        CommandResult r = new ProcessRunner().run(argv, Duration.ofSeconds(seconds), 1 << 20, List.of());
        return r.ok() ? null : String.join(" ", argv) + ": " + r.summary() + "\n" + r.stdoutText() + r.stderrText();
    }
}
