package io.jsos.engine.scrape;

import io.jsos.api.Applicability;
import io.jsos.api.CollectContext;
import io.jsos.api.Collector;
import io.jsos.api.CollectorOptions;
import io.jsos.api.Command;
import io.jsos.api.CommandResult;
import io.jsos.api.Host;
import io.jsos.api.ScrapeContext;
import io.jsos.engine.CollectionPlan;
import io.jsos.engine.CollectorCatalog;
import io.jsos.engine.host.LocalHost;
import io.jsos.engine.scrape.CollectorScrape.Status;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ScrapeEngineTest {

    @TempDir
    Path tmp;

    private final List<ScrapeEngine> engines = new ArrayList<>();

    @AfterEach
    void closeEngines() {
        engines.forEach(ScrapeEngine::close);
    }

    /** A collector whose metrics half is the given body. */
    record Fake(String name, ScrapeBody body, boolean applies) implements Collector {
        Fake(String name, ScrapeBody body) {
            this(name, body, true);
        }

        public String description() {
            return "fake " + name;
        }

        public Applicability applies(Host host) {
            return applies ? Applicability.yes("test") : Applicability.no("nothing to see here");
        }

        public void collect(CollectContext context) {
        }

        public boolean exportsMetrics() {
            return true;
        }

        public void scrape(ScrapeContext context) throws Exception {
            body.run(context);
        }
    }

    interface ScrapeBody {
        void run(ScrapeContext c) throws Exception;
    }

    private ScrapeEngine engine(ScrapeEngine.Settings settings, Collector... collectors) {
        Host host = new LocalHost(tmp);
        List<ScrapeEngine.Target> targets = new ArrayList<>();
        for (Collector c : collectors) {
            targets.add(new ScrapeEngine.Target(c.name(), c, CollectorOptions.defaults(c.options())));
        }
        ScrapeEngine e = new ScrapeEngine(targets, host, settings, ScrapeEngine.Listener.NONE);
        engines.add(e);
        return e;
    }

    private static ScrapeEngine.Settings fast() {
        return new ScrapeEngine.Settings(Duration.ofMillis(500), Duration.ZERO, 1000, false, List.of("jvm_"));
    }

    private static MetricSnapshot family(Scrape s, String prometheusName) {
        return s.snapshots().stream().filter(m -> m.getMetadata().getPrometheusName().equals(prometheusName))
                .findFirst().orElseThrow(() -> new AssertionError("no family " + prometheusName + " in " + s.families()));
    }

    private static double gauge(Scrape s, String name, String... labels) {
        GaugeSnapshot g = (GaugeSnapshot) family(s, name);
        return g.getDataPoints().stream().filter(d -> d.getLabels().equals(Labels.of(labels))).findFirst()
                .orElseThrow(() -> new AssertionError("no series " + name + Labels.of(labels))).getValue();
    }

    @Test
    void emitsGaugesCountersAndThePerCollectorMetaFamilies() {
        ScrapeEngine e = engine(fast(),
                new Fake("load", c -> c.metrics().gauge("node_load1", "1m load average.", 0.5)),
                new Fake("procs", c -> {
                    c.metrics().gauge("jsos_processes", "Processes by state.", 3, "state", "R");
                    c.metrics().gauge("jsos_processes", "Processes by state.", 7, "state", "S");
                    c.metrics().counter("jsos_forks_total", "Forks.", 42);
                }),
                new Fake("absent", c -> c.metrics().gauge("never", "x", 1), false));
        Scrape s = e.collectNow();

        assertThat(gauge(s, "node_load1")).isEqualTo(0.5);
        assertThat(gauge(s, "jsos_processes", "state", "S")).isEqualTo(7);
        CounterSnapshot forks = (CounterSnapshot) family(s, "jsos_forks");
        assertThat(forks.getDataPoints().get(0).getValue()).isEqualTo(42);
        assertThat(gauge(s, ScrapeEngine.SUCCESS, "collector", "load")).isEqualTo(1);
        assertThat(gauge(s, ScrapeEngine.SUCCESS, "collector", "procs")).isEqualTo(1);
        assertThat(gauge(s, ScrapeEngine.DURATION, "collector", "procs")).isBetween(0.0, 1.0);
        // A collector that does not apply here has no series at all, not even the meta ones.
        assertThat(((GaugeSnapshot) family(s, ScrapeEngine.SUCCESS)).getDataPoints()).hasSize(2);
        assertThat(s.collector("absent").orElseThrow().status()).isEqualTo(Status.NOT_APPLICABLE);
        assertThat(s.families()).extracting(FamilyInfo::name)
                .containsExactly("jsos_forks_total", "jsos_processes", ScrapeEngine.DURATION, ScrapeEngine.SUCCESS, "node_load1");
        FamilyInfo procs = s.families().stream().filter(f -> f.name().equals("jsos_processes")).findFirst().orElseThrow();
        assertThat(procs.labelNames()).containsExactly("state");
        assertThat(procs.collector()).isEqualTo("procs");
        assertThat(procs.series()).isEqualTo(2);
    }

    @Test
    void aFailingCollectorIsReportedAndTheRestOfTheScrapeSucceedsKeepingWhatItEmittedFirst() {
        ScrapeEngine e = engine(fast(),
                new Fake("good", c -> c.metrics().gauge("node_good", "Good.", 1)),
                new Fake("bad", c -> {
                    c.metrics().gauge("node_half", "Emitted before the failure.", 1);
                    throw new IllegalStateException("parse error in /proc/thing");
                }));
        Scrape s = e.collectNow();
        CollectorScrape bad = s.collector("bad").orElseThrow();
        assertThat(bad.status()).isEqualTo(Status.FAILED);
        assertThat(bad.reason()).contains("IllegalStateException: parse error in /proc/thing");
        assertThat(gauge(s, ScrapeEngine.SUCCESS, "collector", "bad")).isZero();
        assertThat(gauge(s, ScrapeEngine.SUCCESS, "collector", "good")).isEqualTo(1);
        assertThat(gauge(s, "node_good")).isEqualTo(1);
        assertThat(gauge(s, "node_half")).isEqualTo(1);
    }

    @Test
    void aHangingCollectorTimesOutWithoutHoldingTheScrapeAndIsInterrupted() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        ScrapeEngine e = engine(fast(),
                new Fake("good", c -> c.metrics().gauge("node_good", "Good.", 1)),
                new Fake("hang", c -> {
                    c.metrics().gauge("node_before_hang", "Emitted before hanging.", 1);
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException ie) {
                        interrupted.countDown();
                        c.metrics().gauge("node_after_abandon", "A late write after the timeout.", 1);
                    }
                }));
        long t0 = System.nanoTime();
        Scrape s = e.collectNow();
        double took = (System.nanoTime() - t0) / 1e9;
        assertThat(took).isBetween(0.4, 3.0);
        CollectorScrape hang = s.collector("hang").orElseThrow();
        assertThat(hang.status()).isEqualTo(Status.TIMED_OUT);
        assertThat(hang.reason()).contains("500 ms");
        assertThat(gauge(s, ScrapeEngine.SUCCESS, "collector", "hang")).isZero();
        assertThat(gauge(s, ScrapeEngine.DURATION, "collector", "hang")).isBetween(0.4, 3.0);
        assertThat(gauge(s, "node_good")).isEqualTo(1);
        assertThat(gauge(s, "node_before_hang")).isEqualTo(1);
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the hung collector was interrupted").isTrue();
        assertThat(s.families()).extracting(FamilyInfo::name).doesNotContain("node_after_abandon");
    }

    @Test
    void aCollectorThatIgnoresItsInterruptIsNotStartedAgainAndLaterScrapesDoNotWaitForIt() throws Exception {
        AtomicInteger starts = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ScrapeEngine e = engine(fast(),
                new Fake("good", c -> c.metrics().gauge("node_good", "Good.", 1)),
                new Fake("stuck", c -> {
                    starts.incrementAndGet();
                    // An uninterruptible hang, like a read from a dead NFS server.
                    while (true) {
                        try {
                            if (release.await(10, TimeUnit.SECONDS)) {
                                return;
                            }
                        } catch (InterruptedException ignored) {
                            // keeps hanging
                        }
                    }
                }));
        try {
            Scrape first = e.collectNow();
            assertThat(first.collector("stuck").orElseThrow().status()).isEqualTo(Status.TIMED_OUT);
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                Scrape later = e.collectNow();
                assertThat((System.nanoTime() - t0) / 1e9).as("a later scrape does not wait for the stuck collector").isLessThan(0.4);
                CollectorScrape stuck = later.collector("stuck").orElseThrow();
                assertThat(stuck.status()).isEqualTo(Status.TIMED_OUT);
                assertThat(stuck.reason()).contains("still running from an earlier scrape");
                assertThat(gauge(later, ScrapeEngine.SUCCESS, "collector", "good")).isEqualTo(1);
            }
            assertThat(starts.get()).isEqualTo(1);
        } finally {
            release.countDown();
        }
        // Once it finally returns, the next scrape starts it again.
        for (int i = 0; i < 100 && e.collectNow().collector("stuck").orElseThrow().reason() != null
                && starts.get() == 1; i++) {
            Thread.sleep(20);
        }
        assertThat(starts.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aScrapeRunsItsCollectorsInAtMostParallelismLanesAndEveryOneOfThemRuns() {
        int n = 3 * ScrapeEngine.PARALLELISM;
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        Collector[] collectors = new Collector[n];
        for (int i = 0; i < n; i++) {
            String name = "c" + i;
            collectors[i] = new Fake(name, c -> {
                threads.add(Thread.currentThread());
                most.accumulateAndGet(now.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(20);
                } finally {
                    now.decrementAndGet();
                }
                c.metrics().gauge("node_ran", "Ran.", 1, "collector", name);
            });
        }
        ScrapeEngine e = engine(new ScrapeEngine.Settings(Duration.ofSeconds(30), Duration.ZERO, 1000, false, List.of()),
                collectors);
        Scrape s = e.collectNow();
        for (int i = 0; i < n; i++) {
            assertThat(s.collector("c" + i).orElseThrow().status()).as("c" + i).isEqualTo(Status.OK);
            assertThat(gauge(s, "node_ran", "collector", "c" + i)).isEqualTo(1);
        }
        assertThat(most.get()).as("collectors running at once").isBetween(2, ScrapeEngine.PARALLELISM);
        assertThat(threads).as("threads a scrape used").hasSizeLessThanOrEqualTo(ScrapeEngine.PARALLELISM);
    }

    @Test
    void whenHungCollectorsHoldEveryLaneTheRestAreReportedNotStartedAndRunAtTheNextScrape() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Collector> collectors = new ArrayList<>();
        for (int i = 0; i < ScrapeEngine.PARALLELISM; i++) {
            collectors.add(new Fake("a-stuck" + i, c -> {
                while (true) {   // an uninterruptible hang
                    try {
                        if (release.await(10, TimeUnit.SECONDS)) {
                            return;
                        }
                    } catch (InterruptedException ignored) {
                        // keeps hanging
                    }
                }
            }));
        }
        collectors.add(new Fake("z-good", c -> c.metrics().gauge("node_good", "Good.", 1)));
        ScrapeEngine e = engine(fast(), collectors.toArray(Collector[]::new));
        try {
            // The stuck ones sort first, so they take every lane before z-good's turn.
            Scrape first = e.collectNow();
            CollectorScrape good = first.collector("z-good").orElseThrow();
            assertThat(good.status()).isEqualTo(Status.TIMED_OUT);
            assertThat(good.reason()).contains("not started").contains("lanes were busy");
            Scrape second = e.collectNow();
            assertThat(second.collector("z-good").orElseThrow().status()).as("started again in a new lane")
                    .isEqualTo(Status.OK);
            assertThat(gauge(second, "node_good")).isEqualTo(1);
            assertThat(second.collector("a-stuck0").orElseThrow().reason()).contains("still running from an earlier scrape");
        } finally {
            release.countDown();
        }
    }

    @Test
    void concurrentScrapesShareOneCollectionAndTheCacheServesRepeats() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        // The collection waits until the 19 late scrapes have joined it (bounded), and the cache time is far
        // above what the test needs: a loaded machine can neither make them miss it nor outlive the cache.
        java.util.concurrent.atomic.AtomicReference<ScrapeEngine> ref = new java.util.concurrent.atomic.AtomicReference<>();
        ScrapeEngine e = engine(fast().withCacheTtl(Duration.ofSeconds(3)), new Fake("slow", c -> {
            runs.incrementAndGet();
            started.countDown();
            for (int i = 0; i < 400 && (ref.get() == null || ref.get().joinedScrapes() < 19); i++) {
                Thread.sleep(10);
            }
            c.metrics().gauge("node_x", "X.", runs.get());
        }));
        ref.set(e);
        ExecutorService callers = Executors.newFixedThreadPool(20);
        try {
            List<Future<Scrape>> results = new ArrayList<>();
            results.add(callers.submit(e::scrape));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 19; i++) {
                results.add(callers.submit(e::scrape));
            }
            Set<Scrape> distinct = new java.util.HashSet<>();
            for (Future<Scrape> f : results) {
                distinct.add(f.get(10, TimeUnit.SECONDS));
            }
            assertThat(runs.get()).isEqualTo(1);
            assertThat(distinct).hasSize(1);
            assertThat(e.collections()).isEqualTo(1);
            assertThat(e.joinedScrapes()).isEqualTo(19);
            // Within the cache time: the same result; after it: a fresh read of the node.
            assertThat(e.scrape()).isSameAs(distinct.iterator().next());
            assertThat(e.cacheHits()).isEqualTo(1);
            Thread.sleep(3100);
            Scrape fresh = e.scrape();
            assertThat(runs.get()).isEqualTo(2);
            assertThat(gauge(fresh, "node_x")).isEqualTo(2);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void withoutACacheEveryScrapeReadsTheNodeAgain() {
        AtomicInteger runs = new AtomicInteger();
        ScrapeEngine e = engine(fast(), new Fake("n", c -> c.metrics().gauge("node_n", "N.", runs.incrementAndGet())));
        e.scrape();
        e.scrape();
        assertThat(gauge(e.scrape(), "node_n")).isEqualTo(3);
    }

    @Test
    void seriesOfVanishedObjectsDisappearAtTheNextScrape() {
        List<String> cgroups = new ArrayList<>(List.of("/a", "/b"));
        ScrapeEngine e = engine(fast(), new Fake("cg", c -> {
            for (String id : cgroups) {
                c.metrics().gauge("container_memory_usage_bytes", "Memory.", 1, "id", id);
            }
        }));
        assertThat(((GaugeSnapshot) family(e.scrape(), "container_memory_usage_bytes")).getDataPoints()).hasSize(2);
        cgroups.remove("/b");
        assertThat(((GaugeSnapshot) family(e.scrape(), "container_memory_usage_bytes")).getDataPoints())
                .extracting(d -> d.getLabels().get("id")).containsExactly("/a");
    }

    @Test
    void samplesPrometheusWouldRejectAreDroppedAndReportedWithoutFailingTheScrape() {
        ScrapeEngine e = engine(fast(), new Fake("sloppy", c -> {
            var m = c.metrics();
            m.gauge("node_ok", "Ok.", 1, "a", "x");
            m.gauge("node_ok", "Ok.", 2, "a", "x");                 // duplicate series
            m.counter("node_bytes", "No _total.", 1);                // counter without _total
            m.gauge("0bad", "Bad name.", 1);                         // invalid name
            m.gauge("node.dotted", "UTF-8 name.", 1);                // not a legacy name: old parsers choke
            m.gauge("node_odd", "Odd labels.", 1, "a");              // odd label pairs
            m.gauge("node_lbl", "Bad label.", 1, "0a", "x");         // invalid label name
            m.gauge("node_lbl2", "Repeated label.", 1, "a", "x", "a", "y");
            m.gauge("node_null", "Null value.", 1, "a", null);
            m.gauge("node_ok", "Ok.", 3, "a", "y");
            m.counter("node_ok_total", "Its OpenMetrics family name node_ok is the gauge's.", 1);
            m.counter("node_ok", "Type clash.", 1);                  // not _total either
            m.gauge("node_ok", "Ok.", 4, "b", "z");
            m.gauge("node_twice", "Gauge.", 1);
            m.counter("node_twice_total", "A counter whose family name is node_twice.", 1);
            m.gauge("jvm_memory_used_bytes", "Reserved for the agent.", 1);
            m.gauge("jsos_scrape_collector_success", "Reserved for the engine.", 1);
            m.gauge("__reserved", "Reserved.", 1);
        }));
        Scrape s = e.collectNow();
        CollectorScrape o = s.collector("sloppy").orElseThrow();
        assertThat(o.status()).isEqualTo(Status.OK);
        assertThat(o.series()).isEqualTo(4);   // node_ok x3, node_twice
        assertThat(o.rejected()).isEqualTo(14);  // the other 14 of 18
        assertThat(o.problems()).hasSize(SampleSink.MAX_PROBLEMS_KEPT);
        assertThat(o.problems().get(0)).contains("duplicate series node_ok");
        assertThat(((GaugeSnapshot) family(s, "node_ok")).getDataPoints()).hasSize(3);
        assertThat(s.families()).extracting(FamilyInfo::name)
                .containsExactly("jsos_scrape_collector_duration_seconds", "jsos_scrape_collector_success",
                        "node_ok", "node_twice");
    }

    @Test
    void aCollectorsLoggedWarningsAreReportedWithItsScrapeAndInfoLinesAreNot() {
        ScrapeEngine e = engine(fast(), new Fake("chatty", c -> {
            c.log().info("every scrape says this");
            c.log().warn("raidctl: exit 3 in 12 ms");
            c.metrics().gauge("node_chatty", "Chatty.", 1);
        }));
        CollectorScrape o = e.collectNow().collector("chatty").orElseThrow();
        assertThat(o.status()).isEqualTo(Status.OK);
        assertThat(o.series()).isEqualTo(1);
        assertThat(o.problems()).containsExactly("raidctl: exit 3 in 12 ms");
    }

    @Test
    void theProblemsAreDescribed() {
        SampleSink sink = new SampleSink(100, List.of("jvm_"));
        sink.counter("node_bytes", "x", 1);
        sink.gauge("node_twice", "x", 1);
        sink.counter("node_twice_total", "x", 1);
        sink.gauge("jvm_x", "x", 1);
        sink.gauge("node_lbl", "x", 1, "a", "1", "a", "2");
        assertThat(sink.problems()).containsExactly(
                "counter node_bytes does not end in _total",
                "node_twice_total (counter) clashes with gauge node_twice",
                "jvm_x: the prefix jvm_ is reserved for jsos's own metrics",
                "node_lbl: label a given twice");
    }

    @Test
    void aCollectorOverTheSeriesCapIsCutAndReportedFailed() {
        ScrapeEngine e = engine(new ScrapeEngine.Settings(Duration.ofSeconds(2), Duration.ZERO, 100, false, List.of()),
                new Fake("flood", c -> {
                    for (int i = 0; i < 1000; i++) {
                        c.metrics().gauge("node_flood", "Flood.", i, "i", Integer.toString(i));
                    }
                }));
        Scrape s = e.collectNow();
        CollectorScrape o = s.collector("flood").orElseThrow();
        assertThat(o.status()).isEqualTo(Status.FAILED);
        assertThat(o.reason()).contains("more than 100 series");
        assertThat(o.rejected()).isEqualTo(900);
        assertThat(((GaugeSnapshot) family(s, "node_flood")).getDataPoints()).hasSize(100);
    }

    @Test
    void twoCollectorsMayShareAFamilyButNotASeriesOrATypeClash() {
        ScrapeEngine e = engine(fast(),
                new Fake("a", c -> {
                    c.metrics().gauge("node_shared", "Shared.", 1, "src", "a");
                    c.metrics().gauge("node_both", "Both.", 1);
                    c.metrics().gauge("node_kind", "Kind.", 1);
                }),
                new Fake("b", c -> {
                    c.metrics().gauge("node_shared", "Shared.", 2, "src", "b");
                    c.metrics().gauge("node_both", "Both.", 2);
                    c.metrics().counter("node_kind_total", "Kind as a counter.", 1);
                }));
        Scrape s = e.collectNow();
        assertThat(((GaugeSnapshot) family(s, "node_shared")).getDataPoints()).hasSize(2);
        assertThat(gauge(s, "node_both")).isEqualTo(1);
        CollectorScrape b = s.collector("b").orElseThrow();
        assertThat(b.rejected()).isEqualTo(2);
        assertThat(b.problems()).anyMatch(p -> p.contains("duplicate series node_both"))
                .anyMatch(p -> p.contains("node_kind_total clashes with node_kind"));
        assertThat(s.families().stream().filter(f -> f.name().equals("node_shared")).findFirst().orElseThrow().collector())
                .isEqualTo("a,b");
    }

    @Test
    void theListenerHearsEveryOutcome() {
        List<CollectorScrape> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        Host host = new LocalHost(tmp);
        Fake ok = new Fake("ok", c -> c.metrics().gauge("node_ok", "Ok.", 1));
        Fake bad = new Fake("bad", c -> {
            throw new RuntimeException("boom");
        });
        ScrapeEngine e = new ScrapeEngine(List.of(
                new ScrapeEngine.Target("ok", ok, CollectorOptions.defaults(List.of())),
                new ScrapeEngine.Target("bad", bad, CollectorOptions.defaults(List.of()))), host, fast(), heard::add);
        engines.add(e);
        e.collectNow();
        assertThat(heard).extracting(CollectorScrape::name, CollectorScrape::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("bad", Status.FAILED),
                        org.assertj.core.groups.Tuple.tuple("ok", Status.OK));
    }

    @Test
    void targetsAreThePlansCollectorsThatRunAndExportMetrics() {
        Collector noMetrics = new Collector() {
            public String name() {
                return "bundle-only";
            }

            public String description() {
                return "x";
            }

            public Applicability applies(Host host) {
                return Applicability.yes("x");
            }

            public void collect(CollectContext context) {
            }
        };
        CollectorCatalog catalog = CollectorCatalog.of(List.of(noMetrics,
                new Fake("m1", c -> {
                }), new Fake("m2", c -> {
                })));
        CollectionPlan plan = CollectionPlan.of(catalog, Set.of(), Set.of("m2"), Map.of());
        assertThat(ScrapeEngine.targets(plan)).extracting(ScrapeEngine.Target::name).containsExactly("m1");
    }

    @Test
    void collectorsReadTheHostTheyAreGiven() throws Exception {
        Files.createDirectories(tmp.resolve("proc"));
        Files.writeString(tmp.resolve("proc/loadavg"), "0.25 0.5 1.0 1/2 3\n");
        ScrapeEngine e = engine(fast(), new Fake("load", c -> {
            String[] f = c.host().read("/proc/loadavg").trim().split("\\s+");
            c.metrics().gauge("node_load1", "1m load average.", Double.parseDouble(f[0]));
        }));
        assertThat(gauge(e.collectNow(), "node_load1")).isEqualTo(0.25);
    }

    @Test
    void aHungCommandIsKilledAtTheScrapeTimeout() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("usr/bin"));
        Files.writeString(bin.resolve("hangs"), "#!/bin/sh\nexec sleep 1000\n");
        bin.resolve("hangs").toFile().setExecutable(true);
        List<CommandResult> results = new java.util.concurrent.CopyOnWriteArrayList<>();
        ScrapeEngine e = engine(fast(), new Fake("cmd", c -> {
            results.add(c.host().run(Command.of("hangs").timeout(Duration.ofSeconds(60))));
        }));
        long t0 = System.nanoTime();
        Scrape s = e.collectNow();
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(3);
        assertThat(s.collector("cmd").orElseThrow().status()).isEqualTo(Status.TIMED_OUT);
        for (int i = 0; i < 100 && results.isEmpty(); i++) {
            Thread.sleep(20);
        }
        assertThat(results).hasSize(1);
        assertThat(results.get(0).error()).contains("interrupted");
    }
}
