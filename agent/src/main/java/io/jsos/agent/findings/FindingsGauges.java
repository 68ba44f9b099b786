package io.jsos.agent.findings;

import io.jsos.api.Host;
import io.jsos.api.findings.CollectorState;
import io.jsos.api.findings.Finding;
import io.jsos.api.findings.Severity;
import io.jsos.api.findings.Thresholds;
import io.jsos.engine.CollectionPlan;
import io.jsos.engine.CollectionRunner;
import io.jsos.engine.CollectorCatalog;
import io.jsos.findings.CapturedModels;
import io.jsos.findings.FindingsEngine;
import io.jsos.report.ModelCapture;
import io.jsos.report.manifest.CollectorEntry;
import io.jsos.report.redact.Redactor;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Findings in the exporter, as {@code jsos_finding{id,severity,subject}} gauges (value 1 while the
 * finding holds), so a cluster sees on a dashboard the same answers a bundle gives.
 *
 * <p>The scrape path does not build models, and rules need them; so every interval (default 60 s,
 * far longer than a scrape) a background thread runs the model-producing collectors (the same
 * engine as {@code jsos collect}, at low priority) into a {@link ModelCapture}: models as plain
 * values and command outputs in memory, nothing written to disk, no JSON text and no Jackson data
 * binding, whose ~600 classes would otherwise stay loaded in the exporter. It then evaluates the
 * rules and swaps in the new findings. A scrape only
 * reads the last result: it never waits for collectors, and a slow or failing run leaves the
 * previous findings (and {@code jsos_findings_last_success_timestamp_seconds}) in place.
 */
public final class FindingsGauges implements MultiCollector, AutoCloseable {

    /** The collectors whose models the built-in rules read; those not installed are left out. */
    public static final List<String> MODEL_COLLECTORS = List.of("system", "processes", "cgroups", "kubernetes", "lvm", "ceph",
            "rook", "block", "interfaces", "bridge", "openvswitch");
    /** Most findings exposed at once: a bound on the series a broken node can add. */
    static final int MAX_SERIES = 500;

    private final Host host;
    private final CollectorCatalog catalog;
    private final FindingsEngine engine;
    private final Thresholds thresholds;
    private final Set<String> collectors;
    private final ScheduledExecutorService scheduler;
    private volatile Result last = new Result(List.of(), 0, 0, 0);
    private final java.util.concurrent.CountDownLatch firstRun = new java.util.concurrent.CountDownLatch(1);

    /** One evaluation: the findings, when it ended, how long it took, and how many runs failed so far. */
    record Result(List<Finding> findings, double successSeconds, double durationSeconds, long failures) {
    }

    FindingsGauges(Host host, CollectorCatalog catalog, FindingsEngine engine, Thresholds thresholds) {
        this(host, catalog, null, engine, thresholds);
    }

    /** @param served the collectors the exporter serves (null: every installed model collector) */
    FindingsGauges(Host host, CollectorCatalog catalog, Set<String> served, FindingsEngine engine, Thresholds thresholds) {
        this.host = host;
        this.catalog = catalog;
        this.engine = engine;
        this.thresholds = thresholds;
        this.collectors = new LinkedHashSet<>(MODEL_COLLECTORS);
        this.collectors.retainAll(catalog.names());
        if (served != null) {
            this.collectors.retainAll(served);
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jsos-findings");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts evaluating now and then every {@code interval}; register the result in the exporter's
     * registry. {@code overrides} is the config's {@code findings} section.
     */
    public static FindingsGauges start(Host host, CollectorCatalog catalog, List<Path> pluginDirs, Map<String, ?> overrides,
                                       Duration interval) {
        return start(host, catalog, null, pluginDirs, overrides, interval);
    }

    /** As above, over only the model collectors among {@code served} (the exporter's own selection). */
    public static FindingsGauges start(Host host, CollectorCatalog catalog, Set<String> served, List<Path> pluginDirs,
                                       Map<String, ?> overrides, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the findings interval must be positive");
        }
        FindingsEngine engine = BundleFindings.engine(pluginDirs);
        FindingsGauges g = new FindingsGauges(host, catalog, served, engine, engine.thresholds(overrides));
        g.scheduler.scheduleWithFixedDelay(g::refreshQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return g;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (Exception | StackOverflowError e) {
            last = new Result(last.findings(), last.successSeconds(), last.durationSeconds(), last.failures() + 1);
        } finally {
            firstRun.countDown();
        }
    }

    /** Waits until the first run has ended, well or not; false if {@code timeout} passed first. */
    public boolean awaitFirstRun(Duration timeout) throws InterruptedException {
        return firstRun.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs the model collectors and the rules once; the new findings replace the old. */
    Result refresh() {
        long t0 = System.nanoTime();
        ModelCapture capture = new ModelCapture();
        CollectionPlan plan = CollectionPlan.of(catalog, collectors, Set.of(), runOptions());
        List<CollectorEntry> entries = new CollectionRunner(new CollectionRunner.Settings(Duration.ofSeconds(60), null, 2, true))
                .run(plan, host, capture, new CollectionRunner.Listener() { });
        List<CollectorState> states = entries.stream()
                .map(e -> new CollectorState(e.name(), e.status().wireName(), e.reason())).toList();
        List<Finding> findings = engine.evaluate(new CapturedModels(capture, states), thresholds);
        last = new Result(findings, System.currentTimeMillis() / 1000.0, (System.nanoTime() - t0) / 1e9, last.failures());
        return last;
    }

    /**
     * What no rule reads is not collected: OSHI's hardware identification (it starts lshw and
     * loads JNA's structures) and the raw cgroup files (the rules read the model). This run
     * repeats every minute on every node, and its classes and allocations stay in the
     * exporter's memory.
     */
    Map<String, Map<String, String>> runOptions() {
        Map<String, Map<String, String>> o = new HashMap<>();
        if (collectors.contains("system")) {
            o.put("system", Map.of("hardware", "false"));
        }
        if (collectors.contains("cgroups")) {
            o.put("cgroups", Map.of("bundle-cgroups", "0"));
        }
        return o;
    }

    @Override
    public MetricSnapshots collect() {
        Result r = last;
        GaugeSnapshot.Builder finding = GaugeSnapshot.builder().name("jsos_finding")
                .help("A finding of the jsos rules that holds now (1); labels: rule id, severity, subject. See jsos inspect.");
        r.findings().stream().limit(MAX_SERIES).forEach(f -> finding.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .labels(Labels.of("id", f.id(), "severity", f.severity().wireName(), "subject", f.subject())).value(1).build()));
        GaugeSnapshot.Builder counts = GaugeSnapshot.builder().name("jsos_findings")
                .help("How many findings hold now, by severity.");
        for (Severity s : Severity.values()) {
            counts.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(Labels.of("severity", s.wireName()))
                    .value(r.findings().stream().filter(f -> f.severity() == s).count()).build());
        }
        GaugeSnapshot success = GaugeSnapshot.builder().name("jsos_findings_last_success_timestamp_seconds")
                .help("When the rules last ran to the end (0: not yet).")
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(r.successSeconds()).build()).build();
        GaugeSnapshot duration = GaugeSnapshot.builder().name("jsos_findings_evaluation_duration_seconds")
                .help("How long the last run of the model collectors and rules took.")
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(r.durationSeconds()).build()).build();
        GaugeSnapshot failures = GaugeSnapshot.builder().name("jsos_findings_evaluation_failures")
                .help("Runs of the model collectors and rules that failed since start (the last findings stay).")
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(r.failures()).build()).build();
        return MetricSnapshots.of(finding.build(), counts.build(), success, duration, failures);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
