package io.jsos.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the programs a real-component test sets up with (lvm2, losetup, ceph), each under a timeout. */
public final class Proc {

    private Proc() {
    }

    public record Out(int exit, String stdout, String stderr) {
    }

    public static Out run(Map<String, String> env, List<String> argv, long timeoutSeconds) {
        try {
            java.io.File err = java.io.File.createTempFile("proc", ".stderr");
            err.deleteOnExit();
            ProcessBuilder pb = new ProcessBuilder(argv).redirectError(err)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            // read while it runs, so a chatty program cannot block on a full pipe
            byte[][] box = new byte[1][];
            Thread reader = new Thread(() -> {
                try {
                    box[0] = p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    box[0] = new byte[0];
                }
            });
            reader.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            reader.join(5000);
            String out = box[0] == null ? "" : new String(box[0], StandardCharsets.UTF_8);
            String stderr = java.nio.file.Files.readString(err.toPath());
            err.delete();
            return new Out(p.isAlive() ? -1 : p.exitValue(), out, stderr);
        } catch (IOException e) {
            return new Out(-1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Out(-1, "", "interrupted");
        }
    }

    /** Runs and fails the test with the output when the program does not exit 0. */
    public static String ok(Map<String, String> env, String... argv) {
        Out o = run(env, List.of(argv), 120);
        if (o.exit() != 0) {
            throw new AssertionError(String.join(" ", argv) + " exited " + o.exit() + ": " + o.stdout() + o.stderr());
        }
        return o.stdout();
    }
}
