package io.jsos.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 50 concurrent scrapers against the real {@code bin/jsos serve} for 60 s (the system property
 * {@code jsos.reliability.seconds} changes the length; CI runs the default), with two vendor
 * plugins that hang: one sleeps (and is interrupted at its timeout), one ignores interrupts for
 * longer than the test. No scrape may fail or wait much longer than the collector timeout, and
 * the exporter's memory and threads must stay bounded.
 */
class ServeReliabilityIT {

    private static final int SCRAPERS = 50;
    private static final Duration COLLECTOR_TIMEOUT = Duration.ofSeconds(1);
    /** Each request is bounded too: the loop ends by itself. */
    private static final int MAX_REQUESTS_PER_SCRAPER = 100_000;

    @TempDir
    Path tmp;

    static final String SLEEPY = """
            package test;
            import io.jsos.api.*;
            public class SleepyCollector implements Collector {
                public String name() { return "sleepy"; }
                public String description() { return "sleeps in every scrape (interruptibly)"; }
                public Applicability applies(Host host) { return Applicability.yes("always"); }
                public void collect(CollectContext c) { }
                public boolean exportsMetrics() { return true; }
                public void scrape(ScrapeContext c) throws Exception {
                    c.metrics().gauge("jsos_test_sleepy", "Emitted before sleeping.", 1);
                    Thread.sleep(600_000);
                }
            }
            """;

    static final String STUCK = """
            package test;
            import io.jsos.api.*;
            public class StuckCollector implements Collector {
                public String name() { return "stuck"; }
                public String description() { return "hangs and ignores interrupts, like a read from a dead NFS server"; }
                public Applicability applies(Host host) { return Applicability.yes("always"); }
                public void collect(CollectContext c) { }
                public boolean exportsMetrics() { return true; }
                public void scrape(ScrapeContext c) {
                    long end = System.nanoTime() + 600_000_000_000L;
                    while (System.nanoTime() < end) {
                        try { Thread.sleep(1000); } catch (InterruptedException ignored) { }
                    }
                }
            }
            """;

    @Test
    void fiftyScrapersForAMinuteWithHangingCollectors() throws Exception {
        int seconds = Integer.getInteger("jsos.reliability.seconds", 60);
        Path plugins = tmp.resolve("plugins");
        TestPlugins.jar(plugins, "hangs.jar", Map.of("test.SleepyCollector", SLEEPY, "test.StuckCollector", STUCK));
        try (ServeProcess serve = ServeProcess.start(tmp, List.of(), "--plugin-dir", plugins.toString(),
                "--collector-timeout", COLLECTOR_TIMEOUT.toMillis() + "ms", "--cache-ttl", "1s",
                // The background findings runs (their own threads and a collection a minute) are
                // ServeEndToEndIT's and FindingsGaugesTest's subject; the thread and RSS bounds here
                // are about scrapes and hung collectors only.
                "--findings-interval", "0")) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            // Warm up, then take the starting RSS.
            for (int i = 0; i < 5; i++) {
                assertThat(scrape(client, serve.url).statusCode()).isEqualTo(200);
            }
            long rssStart = serve.rssKib();

            AtomicLong requests = new AtomicLong();
            ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            CountDownLatch done = new CountDownLatch(SCRAPERS);
            for (int t = 0; t < SCRAPERS; t++) {
                Thread th = new Thread(() -> {
                    try {
                        for (int n = 0; n < MAX_REQUESTS_PER_SCRAPER && System.nanoTime() < end; n++) {
                            long t0 = System.nanoTime();
                            try {
                                HttpResponse<String> r = scrape(client, serve.url);
                                latencies.add(System.nanoTime() - t0);
                                requests.incrementAndGet();
                                String why = check(r);
                                if (why != null && errors.size() < 20) {
                                    errors.add(why);
                                }
                            } catch (Exception e) {
                                if (errors.size() < 20) {
                                    errors.add(e.toString());
                                }
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                }, "scraper-" + t);
                th.setDaemon(true);
                th.start();
            }
            assertThat(done.await(seconds + 60L, TimeUnit.SECONDS)).as("scrapers finished").isTrue();
            long rssEnd = serve.rssKib();
            HttpResponse<String> last = scrape(client, serve.url);
            double threads = value(last.body(), "jvm_threads_live_threads");

            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            double p50 = sorted.get(sorted.size() / 2) / 1e6;
            double p99 = sorted.get((int) Math.min(sorted.size() - 1, Math.round(sorted.size() * 0.99))) / 1e6;
            double max = sorted.get(sorted.size() - 1) / 1e6;
            System.out.printf("reliability: %d scrapers x %d s: %d scrapes, %d errors; latency p50 %.1f ms, p99 %.1f ms,"
                            + " max %.1f ms; RSS at start %.1f MiB, at end %.1f MiB; live threads at end %.0f%n",
                    SCRAPERS, seconds, requests.get(), errors.size(), p50, p99, max, rssStart / 1024.0, rssEnd / 1024.0, threads);

            assertThat(errors).as("errors").isEmpty();
            assertThat(requests.get()).isGreaterThan(SCRAPERS);
            // A hang costs at most its timeout: a scrape may wait for one collection of its own
            // plus the one in flight when it arrived, each bounded by the collector timeout.
            assertThat(max).as("slowest scrape, ms").isLessThan(2 * COLLECTOR_TIMEOUT.toMillis() + 2000);
            assertThat(rssEnd / 1024.0).as("RSS at end, MiB (start %.1f)", rssStart / 1024.0)
                    .isLessThan(rssStart / 1024.0 + 32).isLessThan(128);
            // The stuck collector holds one thread, not one per scrape.
            assertThat(threads).as("live threads").isLessThan(40);
            assertThat(serve.log()).contains("collector stuck timed_out").contains("collector sleepy timed_out");
        }
    }

    private static HttpResponse<String> scrape(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url + "metrics")).timeout(Duration.ofSeconds(15))
                .header("Accept-Encoding", "identity").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String check(HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            return "status " + r.statusCode();
        }
        String b = r.body();
        for (String must : new String[]{"jsos_scrape_collector_success{collector=\"system\"} 1",
                "jsos_scrape_collector_success{collector=\"processes\"} 1",
                "jsos_scrape_collector_success{collector=\"sleepy\"} 0",
                "jsos_scrape_collector_success{collector=\"stuck\"} 0"}) {
            if (!b.contains(must)) {
                return "scrape without " + must;
            }
        }
        return null;
    }

    private static double value(String exposition, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? ([0-9.eE+-]+)$").matcher(exposition);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
