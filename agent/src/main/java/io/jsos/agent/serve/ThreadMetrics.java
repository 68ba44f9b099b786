package io.jsos.agent.serve;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The exporter's thread metrics under Micrometer's names ({@code jvm_threads_live_threads},
 * {@code _daemon_}, {@code _peak_}, {@code _started_}, {@code jvm_threads_states_threads{state}}),
 * with the states counted once per scrape.
 *
 * <p>Micrometer's {@code JvmThreadMetrics} asks {@link ThreadMXBean#getThreadInfo(long[])} for
 * every thread once per state gauge: six stop-the-world VM operations per scrape. Measured on
 * the exporter ({@code --collectors system,processes}, 600 scrapes), they were a sixth of the
 * scrape's median latency and most of its p90. Here the six gauges read one count, taken at most
 * once per {@link #MAX_AGE_NANOS} (far shorter than any scrape interval, so every scrape sees
 * its own count).
 */
final class ThreadMetrics implements MeterBinder {

    static final long MAX_AGE_NANOS = 250_000_000L;

    private final ThreadMXBean threads;
    private final LongSupplier clock;
    private long takenAt;
    private long[] counts;

    ThreadMetrics() {
        this(ManagementFactory.getThreadMXBean(), System::nanoTime);
    }

    /** For tests: the bean and the clock injected. */
    ThreadMetrics(ThreadMXBean threads, LongSupplier clock) {
        this.threads = threads;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("jvm.threads.peak", threads, ThreadMXBean::getPeakThreadCount).baseUnit("threads")
                .description("The peak live thread count since the Java virtual machine started or peak was reset")
                .strongReference(true).register(registry);
        Gauge.builder("jvm.threads.daemon", threads, ThreadMXBean::getDaemonThreadCount).baseUnit("threads")
                .description("The current number of live daemon threads").strongReference(true).register(registry);
        Gauge.builder("jvm.threads.live", threads, ThreadMXBean::getThreadCount).baseUnit("threads")
                .description("The current number of live threads including both daemon and non-daemon threads")
                .strongReference(true).register(registry);
        FunctionCounter.builder("jvm.threads.started", threads, ThreadMXBean::getTotalStartedThreadCount)
                .baseUnit("threads").description("The total number of application threads started in the JVM")
                .register(registry);
        for (Thread.State state : Thread.State.values()) {
            Gauge.builder("jvm.threads.states", this, m -> m.count(state)).baseUnit("threads")
                    .tag("state", stateTag(state)).description("The current number of threads")
                    .strongReference(true).register(registry);
        }
    }

    /** Micrometer's spelling of a state: {@code timed-waiting}. */
    static String stateTag(Thread.State state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Threads in {@code state}, from a count at most {@link #MAX_AGE_NANOS} old. */
    synchronized long count(Thread.State state) {
        long now = clock.getAsLong();
        if (counts == null || now - takenAt > MAX_AGE_NANOS) {
            long[] c = new long[Thread.State.values().length];
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null) {   // a thread that ended between the two calls
                    c[info.getThreadState().ordinal()]++;
                }
            }
            counts = c;
            takenAt = now;
        }
        return counts[state.ordinal()];
    }
}
