package io.jsos.engine.host;

import io.jsos.api.CommandResult;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a program the way diagnostics must be run on a sick node:
 * <ul>
 *   <li>an argv, never a shell (nothing is globbed, split or interpreted);</li>
 *   <li>{@code LC_ALL=C}, so output is parseable and the same everywhere;</li>
 *   <li>stdin from /dev/null, so nothing waits for a keyboard;</li>
 *   <li>a timeout after which the process and every descendant is SIGKILLed;</li>
 *   <li>stdout and stderr read concurrently (no pipe deadlock), each kept up to a cap, the rest drained;</li>
 *   <li>an interrupt of the calling thread (its collector was abandoned) kills the tree too.</li>
 * </ul>
 * A grandchild that escapes the tree (daemonised) and holds the pipes open cannot make the caller
 * wait: readers get a short grace period after the exit, then whatever was read is returned.
 */
public final class ProcessRunner {

    private static final Duration READER_GRACE = Duration.ofMillis(500);
    private static final File DEV_NULL = new File("/dev/null");
    private static final AtomicInteger THREADS = new AtomicInteger();
    /**
     * Reader threads end after 10 s idle, not the usual 60: the exporter runs commands once a
     * minute (its findings run), and threads kept alive across that gap are resident stacks for
     * nothing.
     */
    private static final ExecutorService READERS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "jsos-cmd-reader-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    public CommandResult run(List<String> argv, Duration timeout, long outputCap, List<String> pathPrefix) {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
        Map<String, String> env = pb.environment();
        env.put("LC_ALL", "C");
        env.put("LANG", "C");
        // LVM prints "File descriptor N leaked" for every fd the JVM holds open; it is noise.
        env.put("LVM_SUPPRESS_FD_WARNINGS", "1");
        String path = env.getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        if (!pathPrefix.isEmpty()) {
            env.put("PATH", String.join(":", pathPrefix) + ":" + path);
        }
        long start = System.nanoTime();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            return CommandResult.notRun(argv, "could not start: " + e.getMessage());
        }
        Capture out = new Capture(outputCap);
        Capture err = new Capture(outputCap);
        Future<?> outReader = READERS.submit(() -> out.drain(process.getInputStream()));
        Future<?> errReader = READERS.submit(() -> err.drain(process.getErrorStream()));
        boolean timedOut = false;
        String error = null;
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                timedOut = true;
                error = "timed out after " + timeout.toMillis() + " ms; process tree killed";
                killTree(process);
            }
        } catch (InterruptedException e) {
            killTree(process);
            error = "interrupted (its collector was abandoned); process tree killed";
            Thread.currentThread().interrupt();
        }
        awaitQuietly(outReader);
        awaitQuietly(errReader);
        int exit = timedOut || error != null ? -1 : process.exitValue();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return new CommandResult(argv, exit, timedOut, took, out.bytes(), err.bytes(),
                out.truncated() || err.truncated(), error);
    }

    private static void awaitQuietly(Future<?> reader) {
        try {
            reader.get(READER_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // timed out (a grandchild holds the pipe) or failed: keep what was read
        }
    }

    /** SIGKILLs the process and all its descendants, children snapshotted first so none is orphaned unseen. */
    static void killTree(Process process) {
        List<ProcessHandle> tree = new ArrayList<>();
        process.toHandle().descendants().forEach(tree::add);
        process.destroyForcibly();
        for (ProcessHandle h : tree) {
            h.destroyForcibly();
        }
        // Children forked between the snapshot and the kill of their parent.
        for (ProcessHandle h : tree) {
            h.descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Keeps the first {@code cap} bytes of a stream and drains the rest, so the child never blocks on a full pipe. */
    private static final class Capture {
        private final long cap;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private boolean truncated;

        Capture(long cap) {
            this.cap = cap;
        }

        void drain(InputStream in) {
            byte[] buf = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (this) {
                        long room = cap - kept.size();
                        if (room > 0) {
                            kept.write(buf, 0, (int) Math.min(room, n));
                        }
                        if (n > room) {
                            truncated = true;
                        }
                    }
                }
            } catch (IOException e) {
                // the pipe closed under us (process killed): keep what was read
            }
        }

        synchronized byte[] bytes() {
            return kept.toByteArray();
        }

        synchronized boolean truncated() {
            return truncated;
        }
    }
}
