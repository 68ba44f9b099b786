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
 * {@code bin/jsos} trains a class-data archive for collect once per jar and Java, and runs from it
 * (see bin/jsos); serve keeps the JDK's own archive.
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
    void serveKeepsTheJdksOwnArchive() throws Exception {
        Launcher.Run serve = Launcher.run(tmp, Map.of("JSOS_SKIP_BUILD", "1", "JSOS_JAVA_OPTS", STRICT),
                "serve", "--listen", "127.0.0.1:0", "--warm-up-and-exit");
        assertThat(serve.exit()).as(serve.stderr()).isZero();
        assertThat(serve.stdout()).contains("java.lang.Object source: shared objects file")
                .doesNotContain("source: shared objects file (top)");
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
