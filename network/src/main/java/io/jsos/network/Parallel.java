package io.jsos.network;

import io.jsos.api.CollectContext;
import io.jsos.api.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Reads namespaces a few at a time. A node with hundreds of pods means hundreds of short ip calls,
 * each mostly process start-up: in sequence they would eat the collector's timeout. Threads are
 * created by the collector's worker, so they inherit its low CPU and I/O priority; an abandoned
 * collector's interrupt reaches them (and so kills their commands).
 */
final class Parallel {

    static final OptionSpec<Integer> PARALLELISM = OptionSpec.integer("parallelism", 4,
            "how many namespaces are read at once");
    private static final AtomicInteger THREADS = new AtomicInteger();

    private Parallel() {
    }

    /** {@code fn} over the items, results in their order; null for items not reached before the deadline. */
    static <T, R> List<R> map(CollectContext context, List<T> items, Function<T, R> fn) {
        int threads = Math.min(Math.max(1, context.options().get(PARALLELISM)), items.size());
        List<R> out = new ArrayList<>();
        if (threads <= 1) {
            for (T item : items) {
                out.add(context.shouldStop() ? null : fn.apply(item));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "jsos-netns-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (T item : items) {
                futures.add(pool.submit(() -> context.shouldStop() ? null : fn.apply(item)));
            }
            for (Future<R> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading namespaces", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow(); // interrupts whatever still runs: its commands are killed
        }
    }
}
