package io.jsos.engine;

import io.jsos.api.Applicability;
import io.jsos.api.CollectContext;
import io.jsos.api.Bundle;
import io.jsos.api.CollectorOptions;
import io.jsos.api.Host;
import io.jsos.api.Log;
import io.jsos.report.CollectorBundle;
import io.jsos.report.CollectorSink;
import io.jsos.report.manifest.CollectorEntry;
import io.jsos.report.manifest.CollectorStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a {@link CollectionPlan} against a host into a {@link CollectorSink} (a bundle, or the
 * exporter's in-memory capture): concurrently on a small pool, each collector under its own
 * timeout (counted from when it starts) and the whole run under a global deadline. A collector that throws is {@code failed}; one that overruns is interrupted, its
 * bundle view sealed, and recorded {@code timed_out}; the run goes on either way. A hung
 * collector's thread is replaced, so one hang cannot starve the queue.
 */
public final class CollectionRunner {

    /**
     * @param deadline          the whole run's budget ({@code --timeout})
     * @param collectorTimeout  overrides each collector's own default timeout, or null
     * @param parallelism       how many collectors run at once
     * @param lowPriority       nice 10 and idle I/O class for the workers and their commands
     */
    public record Settings(Duration deadline, Duration collectorTimeout, int parallelism, boolean lowPriority) {
    }

    /** Progress callbacks, called from the thread that runs {@link #run}. */
    public interface Listener {
        default void started(String collector) {
        }

        default void finished(CollectorEntry entry) {
        }
    }

    private static final long POLL_MILLIS = 20;

    private final Settings settings;

    public CollectionRunner(Settings settings) {
        this.settings = settings;
    }

    public List<CollectorEntry> run(CollectionPlan plan, Host host, CollectorSink sink, Listener listener) {
        Instant runDeadline = Instant.now().plus(settings.deadline());
        AtomicInteger threadNo = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(settings.parallelism(), settings.parallelism(),
                30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(() -> {
                if (settings.lowPriority()) {
                    LowPriority.applyToCurrentThread();
                }
                r.run();
            }, "jsos-collector-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<Running> running = new ArrayList<>();
        List<CollectorEntry> results = new ArrayList<>();
        for (CollectionPlan.Step step : plan.steps()) {
            if (!step.runs()) {
                CollectorEntry e = entry(step, CollectorStatus.SKIPPED, step.skipReason(), 0, null);
                results.add(e);
                listener.finished(e);
                continue;
            }
            Running r = new Running(step, sink.forCollector(step.entry().name(), host));
            r.future = pool.submit(() -> r.call(host, runDeadline));
            running.add(r);
        }
        try {
            while (!running.isEmpty()) {
                Instant now = Instant.now();
                for (var it = running.iterator(); it.hasNext(); ) {
                    Running r = it.next();
                    CollectorEntry done = r.poll(now, runDeadline, pool);
                    if (r.announced && !r.startAnnounced) {
                        r.startAnnounced = true;
                        listener.started(r.step.entry().name());
                    }
                    if (done != null) {
                        it.remove();
                        results.add(done);
                        listener.finished(done);
                    }
                }
                if (!running.isEmpty()) {
                    Thread.sleep(POLL_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            for (Running r : running) {
                r.future.cancel(true);
                r.bundle.seal();
                results.add(entry(r.step, CollectorStatus.TIMED_OUT, "run interrupted", r.elapsedMillis(), r.bundle));
            }
        } finally {
            pool.shutdownNow();
        }
        results.sort((a, b) -> a.name().compareTo(b.name()));
        return results;
    }

    private Duration timeoutOf(CollectionPlan.Step step) {
        return settings.collectorTimeout() != null ? settings.collectorTimeout() : step.entry().collector().defaultTimeout();
    }

    static CollectorEntry entry(CollectionPlan.Step step, CollectorStatus status, String reason, long millis,
                                CollectorBundle bundle) {
        return new CollectorEntry(step.entry().name(), step.entry().origin(), step.entry().version(), status, reason, millis,
                bundle == null ? List.of() : bundle.files(),
                bundle == null ? List.of() : bundle.commands(),
                bundle == null ? List.of() : bundle.errors());
    }

    /** One collector in flight. Its task sets the start time; the runner's loop enforces the deadlines. */
    private final class Running {
        final CollectionPlan.Step step;
        final CollectorBundle bundle;
        Future<Outcome> future;
        volatile long startNanos;
        volatile Instant deadline;
        volatile boolean announced;
        boolean startAnnounced;

        Running(CollectionPlan.Step step, CollectorBundle bundle) {
            this.step = step;
            this.bundle = bundle;
        }

        Outcome call(Host host, Instant runDeadline) throws Exception {
            startNanos = System.nanoTime();
            Instant own = Instant.now().plus(timeoutOf(step));
            deadline = own.isBefore(runDeadline) ? own : runDeadline;
            announced = true;
            Applicability a = step.entry().collector().applies(host);
            if (!a.applies()) {
                return new Outcome(CollectorStatus.NOT_APPLICABLE, a.reason());
            }
            CollectorLog log = new CollectorLog(bundle);
            try {
                step.entry().collector().collect(new Context(host, bundle, step.options(), deadline, log));
            } finally {
                log.flush();
            }
            return new Outcome(CollectorStatus.OK, a.reason());
        }

        long elapsedMillis() {
            return startNanos == 0 ? 0 : (System.nanoTime() - startNanos) / 1_000_000;
        }

        /** The finished entry, or null while it is still running or queued. */
        CollectorEntry poll(Instant now, Instant runDeadline, ThreadPoolExecutor pool) {
            if (future.isDone()) {
                bundle.seal();
                try {
                    Outcome o = future.get();
                    return entry(step, o.status, o.reason, elapsedMillis(), bundle);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    return entry(step, CollectorStatus.FAILED, describe(cause), elapsedMillis(), bundle);
                } catch (CancellationException | InterruptedException e) {
                    return entry(step, CollectorStatus.TIMED_OUT, "cancelled", elapsedMillis(), bundle);
                }
            }
            Instant d = deadline;
            if (d == null) {
                if (now.isAfter(runDeadline)) {
                    future.cancel(true);
                    bundle.seal();
                    return entry(step, CollectorStatus.SKIPPED, "the run's deadline (--timeout) passed before it could start", 0, bundle);
                }
                return null;
            }
            if (now.isAfter(d)) {
                future.cancel(true);
                bundle.seal();
                // Its thread may stay stuck in an uninterruptible read: give the queue a fresh one.
                pool.setMaximumPoolSize(pool.getMaximumPoolSize() + 1);
                pool.setCorePoolSize(pool.getCorePoolSize() + 1);
                boolean own = d.isBefore(runDeadline);
                String why = own ? "did not finish within its timeout of " + timeoutOf(step).toMillis() + " ms"
                        : "did not finish before the run's deadline (--timeout)";
                return entry(step, CollectorStatus.TIMED_OUT, why, elapsedMillis(), bundle);
            }
            return null;
        }
    }

    private record Outcome(CollectorStatus status, String reason) {
    }

    /** An exception in one line for the manifest and the exporter: class, message, and where it was thrown. */
    public static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(t.getClass().getName());
        if (t.getMessage() != null) {
            sb.append(": ").append(t.getMessage());
        }
        StackTraceElement[] st = t.getStackTrace();
        if (st.length > 0) {
            sb.append(" (at ").append(st[0]).append(')');
        }
        return sb.toString();
    }

    private record Context(Host host, Bundle bundle, CollectorOptions options, Instant deadline, Log log)
            implements CollectContext {
    }
}
