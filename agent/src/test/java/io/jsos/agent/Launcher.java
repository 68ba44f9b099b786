package io.jsos.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code bin/jsos} launcher, as a user would, and captures what it printed. */
final class Launcher {

    record Run(int exit, String stdout, String stderr, Duration took) {
        /** The last line on stdout: the bundle's path. */
        Path bundle() {
            List<String> lines = stdout.lines().toList();
            if (lines.isEmpty()) {
                throw new AssertionError("jsos printed nothing on stdout; stderr:\n" + stderr);
            }
            return Path.of(lines.get(lines.size() - 1));
        }
    }

    static Path home() {
        return Path.of(System.getProperty("jsos.home", "..")).toAbsolutePath().normalize();
    }

    static Run run(Path workDir, String... args) throws IOException, InterruptedException {
        return run(workDir, java.util.Map.of(), args);
    }

    /** As {@link #run(Path, String...)}, with these variables added to the environment. */
    static Run run(Path workDir, java.util.Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add(home().resolve("bin/jsos").toString());
        argv.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        long start = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(argv).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("jsos did not finish in 3 minutes: " + argv);
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
                Duration.ofNanos(System.nanoTime() - start));
    }

    private Launcher() {
    }
}
