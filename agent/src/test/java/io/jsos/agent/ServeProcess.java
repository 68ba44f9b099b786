package io.jsos.agent;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/jsos serve} started as a user would, on a port the kernel picks ({@code :0}), found
 * through the log line that says where it listens. Stopped with SIGTERM on close.
 */
final class ServeProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on (https?://[^ ]+/) ");

    final Process process;
    final Path stderr;
    final String url;

    private ServeProcess(Process process, Path stderr, String url) {
        this.process = process;
        this.stderr = stderr;
        this.url = url;
    }

    /** Starts serve with the given arguments (--listen 127.0.0.1:0 is added unless given) and waits until it listens. */
    static ServeProcess start(Path workDir, List<String> env, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add(Launcher.home().resolve("bin/jsos").toString());
        argv.add("serve");
        List<String> given = List.of(args);
        if (!given.contains("--listen")) {
            argv.add("--listen");
            argv.add("127.0.0.1:0");
        }
        argv.addAll(given);
        Path out = Files.createTempFile(workDir, "serve-stdout", ".txt");
        Path err = Files.createTempFile(workDir, "serve-stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(argv).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        for (String e : env) {
            int eq = e.indexOf('=');
            pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
        }
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            String log = Files.readString(err, StandardCharsets.UTF_8);
            Matcher m = LISTENING.matcher(log);
            if (m.find()) {
                return new ServeProcess(p, err, m.group(1));
            }
            if (!p.isAlive()) {
                throw new AssertionError("jsos serve exited with " + p.exitValue() + ":\n" + log);
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new AssertionError("jsos serve did not listen within 90 s:\n" + Files.readString(err, StandardCharsets.UTF_8));
    }

    int port() {
        return Integer.parseInt(url.replaceAll(".*:(\\d+)/$", "$1"));
    }

    String log() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** The JVM's resident set size in KiB (the launcher execs java, so this is its pid). */
    long rssKib() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("\\D+", ""));
            }
        }
        throw new AssertionError("no VmRSS for " + process.pid());
    }

    /** SIGTERM, then the exit code (143 for a JVM stopped by SIGTERM). */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("jsos serve did not stop within 20 s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
