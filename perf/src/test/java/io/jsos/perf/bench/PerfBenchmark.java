package io.jsos.perf.bench;

import io.jsos.api.CollectorOptions;
import io.jsos.api.Host;
import io.jsos.api.MetricsWriter;
import io.jsos.api.ScrapeContext;
import io.jsos.engine.host.LocalHost;
import io.jsos.perf.CounterGroup;
import io.jsos.perf.EventCatalog;
import io.jsos.perf.FdBudget;
import io.jsos.perf.LibcPerfSys;
import io.jsos.perf.PerfCollector;
import io.jsos.perf.PerfEvent;
import io.jsos.perf.PerfSys;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What perf counting costs jsos:
 * <ul>
 *   <li>{@code readGroup}: one read(2) of a group of 6 software counters (this thread), parsed;</li>
 *   <li>{@code openReadClose}: open a group of 6, enable, read, close (what a collect does per target);</li>
 *   <li>{@code scrapePerf}: the perf collector's part of a scrape with counters kept open
 *       (system scope on every CPU + {@code cgroups} busiest cgroups), against {@code scrapeOff}
 *       (perf.scrape=false: the default exporter's cost of having the collector at all).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PerfBenchmark {

    static final List<String> SIX = List.of("task-clock", "context-switches", "cpu-migrations", "page-faults", "minor-faults", "major-faults");

    PerfSys sys;
    List<PerfEvent> events;
    CounterGroup group;
    FdBudget budget;
    Host host;
    PerfCollector collector;
    ScrapeContext on;
    ScrapeContext off;

    final List<java.io.File> created = new java.util.ArrayList<>();

    @Param({"0", "5"})
    public int cgroups;

    @Setup(Level.Trial)
    public void setup() {
        sys = LibcPerfSys.get();
        events = SIX.stream().map(n -> EventCatalog.named(n).orElseThrow()).toList();
        budget = new FdBudget(4096);
        group = CounterGroup.open(sys, events, new CounterGroup.Target(0, -1, 0, "self"), 0, budget, Map.of());
        group.enable();
        host = new LocalHost(Path.of("/"));
        collector = new PerfCollector();
        // N empty cgroups of our own under the v2 tree (root only), counted by name: the read cost per cgroup.
        List<String> names = new java.util.ArrayList<>();
        String mount = io.jsos.perf.PerfHost.read(host).cgroupRoot();
        for (int i = 0; i < cgroups && mount != null; i++) {
            String rel = "/jsos-bench-" + ProcessHandle.current().pid() + "-" + i;
            if (new java.io.File(mount + rel).mkdir()) {
                created.add(new java.io.File(mount + rel));
                names.add(rel);
            }
        }
        on = ctx(Map.of("scrape", "true", "top-cgroups", "0", "cgroups", String.join(",", names), "events", String.join(",", SIX)));
        off = ctx(Map.of());
        // Check what a scrape counts, so the numbers mean what they say.
        int[] series = new int[2];
        try {
            collector.scrape(ctx(Map.of("scrape", "true", "top-cgroups", "0", "cgroups", String.join(",", names),
                    "events", String.join(",", SIX)), series));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        System.out.println("scrape with " + names.size() + " cgroups: " + series[0] + " node_perf/jsos_perf series, "
                + series[1] + " container_perf_events_total series");
    }

    private ScrapeContext ctx(Map<String, String> raw) {
        return ctx(raw, new int[2]);
    }

    private ScrapeContext ctx(Map<String, String> raw, int[] series) {
        CollectorOptions o = CollectorOptions.of(collector.options(), raw);
        MetricsWriter sink = new MetricsWriter() {
            public void gauge(String name, String help, double value, String... labelPairs) {
            }

            public void counter(String name, String help, double value, String... labelPairs) {
                series[name.startsWith("container_") ? 1 : 0]++;
            }
        };
        return new ScrapeContext() {
            public Host host() {
                return host;
            }

            public MetricsWriter metrics() {
                return sink;
            }

            public CollectorOptions options() {
                return o;
            }
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        group.close();
        collector.close();
        created.forEach(java.io.File::delete);
    }

    @Benchmark
    public List<CounterGroup.Count> readGroup() {
        return group.read();
    }

    @Benchmark
    public void openReadClose(Blackhole bh) {
        try (CounterGroup g = CounterGroup.open(sys, events, new CounterGroup.Target(0, -1, 0, "self"), 0, budget, Map.of())) {
            g.enable();
            bh.consume(g.read());
        }
    }

    @Benchmark
    public void scrapePerf() throws Exception {
        collector.scrape(on);
    }

    @Benchmark
    public void scrapeOff() throws Exception {
        collector.scrape(off);
    }
}
