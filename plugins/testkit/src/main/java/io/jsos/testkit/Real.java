package io.jsos.testkit;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Guards for tests that use real components of the machine (root, a program, a kernel feature).
 * Outside CI a missing component skips the test with the reason; under {@code CI=true} it fails
 * it, so a green CI run means the real thing was tested. Tag such tests {@code @Tag("real")}.
 */
public final class Real {

    private Real() {
    }

    /** Whether this run is CI's (the environment variable CI is "true"). */
    public static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips (or fails under CI) unless running as root. */
    public static void requireRoot() {
        require(isRoot(), "needs root (run the tests as root, as CI does)");
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Skips (or fails under CI) unless the program is on PATH; returns its path. */
    public static Path requireProgram(String program, String debianPackage) {
        Optional<Path> found = which(program);
        require(found.isPresent(), program + " not found on PATH (apt-get install " + debianPackage + "; scripts/test installs it)");
        return found.orElseThrow();
    }

    /** Skips (or fails under CI) unless the condition holds. */
    public static void require(boolean condition, String what) {
        if (condition) {
            return;
        }
        if (underCi()) {
            throw new AssertionError("real component missing under CI=true: " + what);
        }
        Assumptions.abort("real component missing: " + what);
    }

    public static Optional<Path> which(String program) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : List.of(path.split(":"))) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
