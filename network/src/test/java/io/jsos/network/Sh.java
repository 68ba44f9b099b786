package io.jsos.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs set-up commands for the real-component tests (argv, no shell); fails the test on error. */
final class Sh {

    private Sh() {
    }

    static String run(String... argv) {
        return exec(true, argv);
    }

    /** Runs and ignores failure (clean-up). */
    static String quiet(String... argv) {
        return exec(false, argv);
    }

    /** Runs with extra environment variables (the OVS daemons find their run folder through OVS_RUNDIR). */
    static String runEnv(java.util.Map<String, String> env, String... argv) {
        return exec(true, env, argv);
    }

    private static String exec(boolean check, String... argv) {
        return exec(check, java.util.Map.of(), argv);
    }

    private static String exec(boolean check, java.util.Map<String, String> env, String... argv) {
        try {
            ProcessBuilder pb = new ProcessBuilder(List.of(argv)).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", argv));
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (check && p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", argv) + " -> exit " + p.exitValue() + ": " + text);
            }
            return text;
        } catch (IOException e) {
            throw new AssertionError("could not run " + argv[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
