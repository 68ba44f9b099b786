package io.jsos.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/jsos} trains a class-data archive for collect once per jar and Java, and runs from it;
 * serve runs on a Java runtime the jar made for it once per Java (see bin/jsos).
 */
class LauncherClassDataIT {

    /** Logs where every class came from; with -Xshare:on the JVM refuses to start without its archive. */
    private static final String STRICT = "-XX:+UseSerialGC -Xshare:on -Xlog:class+load=info";

    @TempDir
    Path tmp;

    @Test
    void collectRunsFromAnArchiveMadeForThisJarAndThisJavaAndAnotherJavaGetsItsOwn() throws Exception {
        Path target = Launcher.home().resolve("agent/target");
        deleteArchives(target);

        Launcher.Run first = Launcher.run(tmp, Map.of("JSOS_SKIP_BUILD", "1"), "version");
        assertThat(first.exit()).as(first.stderr()).isZero();
        List<Path> made = archives(target);
        assertThat(made).as("archives after the first run").hasSize(1);

        Launcher.Run second = Launcher.run(tmp, Map.of("JSOS_SKIP_BUILD", "1", "JSOS_JAVA_OPTS", STRICT), "version");
        assertThat(second.exit()).as(second.stderr()).isZero();
        assertThat(second.stdout()).contains("io.jsos.agent.Jsos source: shared objects file (top)");
        assertThat(archives(target)).as("the same jar and Java: no new archive").isEqualTo(made);

        // Another Java (here: the same one behind a wrapper at another path) would find an archive
        // of a JVM that is not its own, and then run without any archive: it gets its own.
        Path otherJava = tmp.resolve("other/bin/java");
        Files.createDirectories(otherJava.getParent());
        Files.writeString(otherJava, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin/java") + "' \"$@\"\n");
        Files.setPosixFilePermissions(otherJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        Launcher.Run other = Launcher.run(tmp, Map.of("JSOS_SKIP_BUILD", "1", "JAVA", otherJava.toString(),
                "JSOS_JAVA_OPTS", STRICT), "version");
        assertThat(other.exit()).as(other.stderr()).isZero();
        assertThat(archives(target)).as("one archive per Java").hasSize(2).containsAll(made);
    }

    @Test
    void serveRunsOnARuntimeOfItsOwnWhoseArchiveHoldsTheJdkClassesTheExporterLoads() throws Exception {
        Launcher.Run serve = Launcher.run(tmp, Map.of("JSOS_SKIP_BUILD", "1", "JSOS_JAVA_OPTS", STRICT),
                "serve", "--listen", "127.0.0.1:0", "--warm-up-and-exit");
        assertThat(serve.exit()).as(serve.stderr()).isZero();
        // Not in the full JDK's default archive: only the runtime's own has it.
        assertThat(serve.stdout()).contains("sun.net.httpserver.ServerImpl source: shared objects file")
                .contains("java.lang.management.ManagementFactory source: shared objects file")
                .contains("io.jsos.agent.Jsos source: file:")
                .doesNotContain("source: shared objects file (top)");
        Path runtime;
        try (Stream<Path> s = Files.list(Launcher.home().resolve("agent/target"))) {
            runtime = s.filter(p -> p.getFileName().toString().matches("serve-runtime-\\d+")).findFirst().orElseThrow();
        }
        String release = Files.readString(runtime.resolve("release"));
        for (String module : io.jsos.agent.serve.ServeRuntime.MODULES) {
            assertThat(release).contains(module);
        }
        assertThat(release).doesNotContain("java.desktop");

        // JSOS_RUNTIME=0: the Java it was given, with its own archive, which lacks the HTTP server.
        Launcher.Run plain = Launcher.run(tmp, Map.of("JSOS_SKIP_BUILD", "1", "JSOS_JAVA_OPTS", STRICT, "JSOS_RUNTIME", "0"),
                "serve", "--listen", "127.0.0.1:0", "--warm-up-and-exit");
        assertThat(plain.exit()).as(plain.stderr()).isZero();
        assertThat(plain.stdout()).contains("sun.net.httpserver.ServerImpl source: jrt:/jdk.httpserver");
    }

    private static List<Path> archives(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("jsos-\\d+\\.jsa")).sorted().toList();
        }
    }

    private static void deleteArchives(Path dir) throws IOException {
        for (Path p : archives(dir)) {
            Files.delete(p);
        }
    }
}
