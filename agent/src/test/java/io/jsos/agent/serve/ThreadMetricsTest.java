package io.jsos.agent.serve;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadMetricsTest {

    @Test
    void countsRealThreadsByStateUnderMicrometersNames() throws Exception {
        AtomicLong now = new AtomicLong();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new ThreadMetrics(ManagementFactory.getThreadMXBean(), now::get).bindTo(registry);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> parked = start(5, release);
        try {
            double waiting = registry.get("jvm.threads.states").tag("state", "waiting").gauge().value();
            assertThat(waiting).isGreaterThanOrEqualTo(5);
            double sum = registry.get("jvm.threads.states").gauges().stream().mapToDouble(g -> g.value()).sum();
            assertThat(registry.get("jvm.threads.states").gauges()).hasSize(Thread.State.values().length);
            assertThat(registry.get("jvm.threads.states").tag("state", "timed-waiting").gauge()).isNotNull();
            // One count serves every state gauge: together they are the live threads of that moment.
            assertThat(sum).isGreaterThanOrEqualTo(waiting + 1);
            assertThat(registry.get("jvm.threads.live").gauge().value()).isGreaterThanOrEqualTo(6);
            assertThat(registry.get("jvm.threads.started").functionCounter().count()).isGreaterThanOrEqualTo(6);

            // Within the count's age, five more parked threads are not seen; once it is older, they are.
            List<Thread> more = start(5, release);
            parked.addAll(more);
            assertThat(registry.get("jvm.threads.states").tag("state", "waiting").gauge().value()).isEqualTo(waiting);
            now.addAndGet(ThreadMetrics.MAX_AGE_NANOS + 1);
            assertThat(registry.get("jvm.threads.states").tag("state", "waiting").gauge().value())
                    .isGreaterThanOrEqualTo(waiting + 5);
        } finally {
            release.countDown();
            for (Thread t : parked) {
                t.join(5_000);
            }
        }
    }

    @Test
    void statesAreSpelledAsMicrometerSpellsThem() {
        assertThat(ThreadMetrics.stateTag(Thread.State.TIMED_WAITING)).isEqualTo("timed-waiting");
        assertThat(ThreadMetrics.stateTag(Thread.State.NEW)).isEqualTo("new");
    }

    /** Threads parked on the latch, each seen WAITING before this returns. */
    private static List<Thread> start(int n, CountDownLatch release) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "parked-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            while (t.getState() != Thread.State.WAITING) {
                Thread.sleep(1);
            }
        }
        return threads;
    }
}
