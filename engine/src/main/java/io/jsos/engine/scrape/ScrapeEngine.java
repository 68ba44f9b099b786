package io.jsos.engine.scrape;

import io.jsos.api.Applicability;
import io.jsos.api.Collector;
import io.jsos.api.CollectorOptions;
import io.jsos.api.Host;
import io.jsos.api.MetricsWriter;
import io.jsos.api.Log;
import io.jsos.api.ScrapeContext;
import io.jsos.engine.CollectionPlan;
import io.jsos.engine.LowPriority;
import io.jsos.engine.scrape.CollectorScrape.Status;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scrape-time collection for the exporter: runs the metrics half ({@link Collector#scrape}) of
 * every applicable collector concurrently, each under the scrape timeout, and turns what they
 * emit into the Prometheus client's data model.
 *
 * <ul>
 *   <li>A scrape reads the node now. Concurrent callers share the one collection in flight, and
 *       a collection finished less than {@link Settings#cacheTtl()} ago is served again, so two
 *       Prometheus replicas scraping together cost one read of the node.</li>
 *   <li>A collector that throws or overruns its timeout is reported
 *       ({@code jsos_scrape_collector_success 0}) and the scrape goes on with the others; what it
 *       emitted before it ended is kept, like node_exporter does. An overrunning collector is
 *       interrupted (which kills any command it runs). One that ignores the interrupt is not
 *       started again while its old run is still going, so a hang costs one thread, not one
 *       per scrape, and later scrapes do not wait for it at all.</li>
 *   <li>Per collector: {@value #DURATION} and {@value #SUCCESS}, like node_exporter's
 *       {@code node_scrape_collector_*}. Collectors that do not apply on this host have no
 *       series at all.</li>
 *   <li>Samples Prometheus would reject (bad names, duplicate series, a family with two types,
 *       more series than {@link Settings#maxSeriesPerCollector()}) are dropped and reported to
 *       the {@link Listener}; they never make a scrape fail.</li>
 * </ul>
 */
public final class ScrapeEngine implements AutoCloseable {

    public static final String DURATION = "jsos_scrape_collector_duration_seconds";
    public static final String SUCCESS = "jsos_scrape_collector_success";
    /** The "collector" of the meta families in {@link FamilyInfo}. */
    public static final String ENGINE = "(scrape engine)";
    /** Collectors may not emit names with this prefix: the meta families use it. */
    public static final String META_PREFIX = "jsos_scrape_";

    /**
     * How many collectors of one scrape run at once: the node's cores, and at least 4 so that a
     * collector waiting on a command or a slow file does not hold the others back. Collectors
     * beyond it wait for a lane; all share the scrape's deadline.
     */
    public static final int PARALLELISM = Math.max(4, Runtime.getRuntime().availableProcessors());

    /**
     * @param collectorTimeout      how long each collector's scrape may take
     * @param cacheTtl              how long a finished collection is served again (zero: only share the one in flight)
     * @param maxSeriesPerCollector the most series one collector may emit in a scrape; the rest are dropped
     * @param lowPriority           run collectors (and the commands they start) at nice 10 and the idle I/O class
     * @param reservedPrefixes      name prefixes collectors may not use (the agent's own metrics: {@code jvm_}, ...)
     */
    public record Settings(Duration collectorTimeout, Duration cacheTtl, int maxSeriesPerCollector, boolean lowPriority,
                           List<String> reservedPrefixes) {
        public Settings {
            Objects.requireNonNull(collectorTimeout, "collectorTimeout");
            Objects.requireNonNull(cacheTtl, "cacheTtl");
            if (collectorTimeout.isNegative() || collectorTimeout.isZero()) {
                throw new IllegalArgumentException("the collector timeout must be more than zero");
            }
            if (cacheTtl.isNegative()) {
                throw new IllegalArgumentException("the cache time must not be negative");
            }
            if (maxSeriesPerCollector < 1) {
                throw new IllegalArgumentException("the series cap must be at least 1");
            }
            reservedPrefixes = List.copyOf(reservedPrefixes);
        }

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(5), Duration.ofSeconds(1), 20_000, true, List.of());
        }

        public Settings withCollectorTimeout(Duration d) {
            return new Settings(d, cacheTtl, maxSeriesPerCollector, lowPriority, reservedPrefixes);
        }

        public Settings withCacheTtl(Duration d) {
            return new Settings(collectorTimeout, d, maxSeriesPerCollector, lowPriority, reservedPrefixes);
        }
    }

    /** A collector the engine scrapes, with its options. */
    public record Target(String name, Collector collector, CollectorOptions options) {
    }

    /** Called on the thread that ran the collection, once per collector and collection. */
    public interface Listener {
        void finished(CollectorScrape outcome);

        Listener NONE = outcome -> {
        };
    }

    private final List<Target> targets;
    private final Host host;
    private final Settings settings;
    private final Listener listener;
    private final ThreadPoolExecutor pool;
    private final Map<String, Run> running = new ConcurrentHashMap<>();
    private final Object collectLock = new Object();
    private final AtomicLong collections = new AtomicLong();
    private final AtomicLong cacheHits = new AtomicLong();
    private final AtomicLong joined = new AtomicLong();

    private CompletableFuture<Scrape> inFlight;
    private Scrape last;
    private long lastDoneNanos;

    public ScrapeEngine(List<Target> targets, Host host, Settings settings, Listener listener) {
        List<Target> sorted = new ArrayList<>(targets);
        sorted.sort(Comparator.comparing(Target::name));
        this.targets = List.copyOf(sorted);
        this.host = host;
        this.settings = settings;
        this.listener = listener;
        AtomicInteger threadNo = new AtomicInteger();
        // Unbounded in principle, bounded in fact: a scrape starts at most PARALLELISM lanes, and a
        // lane that a hung collector holds is the only one that outlives its scrape (see collect).
        this.pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(() -> {
                if (settings.lowPriority()) {
                    LowPriority.applyToCurrentThread();
                }
                r.run();
            }, "jsos-scrape-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The collectors of a plan that run and have a metrics half. */
    public static List<Target> targets(CollectionPlan plan) {
        List<Target> out = new ArrayList<>();
        for (CollectionPlan.Step s : plan.steps()) {
            if (s.runs() && s.entry().collector().exportsMetrics()) {
                out.add(new Target(s.entry().name(), s.entry().collector(), s.options()));
            }
        }
        return out;
    }

    public List<Target> targets() {
        return targets;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * The node's metrics now: joins the collection in flight, or serves one that finished less
     * than the cache time ago, or else collects.
     */
    public Scrape scrape() {
        CompletableFuture<Scrape> shared;
        CompletableFuture<Scrape> mine = null;
        synchronized (this) {
            if (inFlight != null) {
                joined.incrementAndGet();
                shared = inFlight;
            } else if (last != null && System.nanoTime() - lastDoneNanos < settings.cacheTtl().toNanos()) {
                cacheHits.incrementAndGet();
                return last;
            } else {
                collections.incrementAndGet();
                shared = mine = inFlight = new CompletableFuture<>();
            }
        }
        if (mine == null) {
            try {
                return shared.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : e;
            }
        }
        try {
            Scrape s = collectNow();
            synchronized (this) {
                last = s;
                lastDoneNanos = System.nanoTime();
                inFlight = null;
            }
            mine.complete(s);
            return s;
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                inFlight = null;
            }
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** The engine as a collector of the Prometheus client, to register in a {@code PrometheusRegistry}. */
    public MultiCollector prometheusCollector() {
        return () -> scrape().snapshots();
    }

    /** Collections actually run (by {@link #scrape()}). */
    public long collections() {
        return collections.get();
    }

    /** Scrapes served from the cache. */
    public long cacheHits() {
        return cacheHits.get();
    }

    /** Scrapes that joined a collection another caller had started. */
    public long joinedScrapes() {
        return joined.get();
    }

    /** Collects now, ignoring the cache (one collection at a time). */
    public Scrape collectNow() {
        synchronized (collectLock) {
            return collect();
        }
    }

    private Scrape collect() {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        long timeout = settings.collectorTimeout().toNanos();
        List<Job> jobs = new ArrayList<>();
        Queue<FutureTask<Applicability>> queue = new ConcurrentLinkedQueue<>();
        for (Target t : targets) {
            Run previous = running.get(t.name());
            if (previous != null && !previous.finished) {
                jobs.add(new Job(t, previous, false));
                continue;
            }
            Run run = new Run(new SampleSink(settings.maxSeriesPerCollector(), reservedPrefixes()));
            running.put(t.name(), run);
            FutureTask<Applicability> task = new FutureTask<>(() -> run.execute(t));
            run.future = task;
            queue.add(task);
            jobs.add(new Job(t, run, true));
        }
        // The collectors run in a few lanes, not a thread each: a thread per collector costs ~80 KiB
        // of stack in an exporter that keeps them between scrapes, for no speed on a node's few cores.
        int lanes = Math.min(PARALLELISM, queue.size());
        for (int i = 0; i < lanes; i++) {
            try {
                pool.execute(() -> drain(queue));
            } catch (RejectedExecutionException e) {
                for (Job job : jobs) {
                    if (job.fresh && job.run.skip()) {
                        job.run.future = null;
                        job.run.failure = "the exporter is shutting down";
                    }
                }
                break;
            }
        }

        List<CollectorScrape> outcomes = new ArrayList<>();
        Map<String, List<SampleSink.Family>> emitted = new LinkedHashMap<>();
        boolean interrupted = false;
        for (Job job : jobs) {
            Run run = job.run;
            if (!job.fresh) {
                double hungFor = (System.nanoTime() - run.startNanos) / 1e9;
                outcomes.add(new CollectorScrape(job.target.name(), Status.TIMED_OUT, 0,
                        String.format(java.util.Locale.ROOT, "still running from an earlier scrape (%.0f s ago) "
                                + "and ignoring its interrupt; not started again", hungFor), 0, 0, List.of()));
                continue;
            }
            Status status;
            String reason = null;
            if (run.future == null) {
                status = Status.FAILED;
                reason = run.failure;
            } else {
                long left = t0 + timeout - System.nanoTime();
                try {
                    if (interrupted) {
                        throw new InterruptedException();
                    }
                    Applicability a = run.future.get(Math.max(0, left), TimeUnit.NANOSECONDS);
                    status = a.applies() ? Status.OK : Status.NOT_APPLICABLE;
                    reason = a.applies() ? null : a.reason();
                } catch (TimeoutException e) {
                    run.sink.seal(); // before the interrupt: nothing it writes from now on counts
                    boolean neverStarted = run.skip();
                    run.future.cancel(true);
                    status = Status.TIMED_OUT;
                    reason = neverStarted
                            ? "not started within the scrape timeout of " + settings.collectorTimeout().toMillis()
                                    + " ms: all " + PARALLELISM + " scrape lanes were busy with slower collectors"
                            : "did not finish within the scrape timeout of " + settings.collectorTimeout().toMillis() + " ms";
                } catch (ExecutionException e) {
                    status = Status.FAILED;
                    reason = io.jsos.engine.CollectionRunner.describe(e.getCause());
                } catch (InterruptedException e) {
                    interrupted = true;
                    run.sink.seal();
                    run.skip();
                    run.future.cancel(true);
                    status = Status.TIMED_OUT;
                    reason = "the scrape was interrupted";
                } catch (java.util.concurrent.CancellationException e) {
                    status = Status.TIMED_OUT;
                    reason = "cancelled";
                }
            }
            List<SampleSink.Family> families = run.sink.seal();
            double seconds = run.elapsedSeconds();
            SampleSink sink = run.sink;
            if (status == Status.OK && sink.overCap()) {
                status = Status.FAILED;
                reason = "emitted more than " + settings.maxSeriesPerCollector() + " series; the rest were dropped";
            }
            if (status != Status.NOT_APPLICABLE) {
                emitted.put(job.target.name(), families);
            }
            outcomes.add(new CollectorScrape(job.target.name(), status, seconds, reason, sink.series(), sink.rejected(),
                    sink.problems()));
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Merged merged = merge(emitted, outcomes);
        for (CollectorScrape o : merged.outcomes) {
            listener.finished(o);
        }
        return new Scrape(started, (System.nanoTime() - t0) / 1e9, merged.outcomes, merged.snapshots, merged.families);
    }

    private List<String> reservedPrefixes() {
        List<String> p = new ArrayList<>(settings.reservedPrefixes());
        p.add(META_PREFIX);
        return p;
    }

    private record Merged(List<CollectorScrape> outcomes, MetricSnapshots snapshots, List<FamilyInfo> families) {
    }

    /** One family across collectors (two collectors may add series to one family of the same type). */
    private static final class MergedFamily {
        final SampleSink.Family first;
        final Map<Labels, Double> points = new LinkedHashMap<>();
        final Set<String> collectors = new LinkedHashSet<>();

        MergedFamily(SampleSink.Family first) {
            this.first = first;
        }
    }

    private Merged merge(Map<String, List<SampleSink.Family>> emitted, List<CollectorScrape> outcomes) {
        Map<String, MergedFamily> byName = new TreeMap<>();
        Map<String, String> namesInUse = new HashMap<>();
        Map<String, List<String>> lateProblems = new HashMap<>();
        Map<String, Integer> lateRejected = new HashMap<>();
        emitted.forEach((collector, families) -> {
            for (SampleSink.Family f : families) {
                MergedFamily m = byName.get(f.name);
                if (m == null) {
                    String clash = null;
                    for (String n : exposed(f)) {
                        if (namesInUse.containsKey(n)) {
                            clash = namesInUse.get(n);
                            break;
                        }
                    }
                    if (clash != null) {
                        lateProblems.computeIfAbsent(collector, k -> new ArrayList<>())
                                .add(f.name + " clashes with " + clash + " of another collector; dropped");
                        lateRejected.merge(collector, f.points.size(), Integer::sum);
                        continue;
                    }
                    m = new MergedFamily(f);
                    byName.put(f.name, m);
                    for (String n : exposed(f)) {
                        namesInUse.put(n, f.name);
                    }
                } else if (m.first.type != f.type) {
                    lateProblems.computeIfAbsent(collector, k -> new ArrayList<>())
                            .add(f.name + " is a " + m.first.type.wireName() + " of another collector; dropped");
                    lateRejected.merge(collector, f.points.size(), Integer::sum);
                    continue;
                }
                m.collectors.add(collector);
                for (var p : f.points.entrySet()) {
                    if (m.points.putIfAbsent(p.getKey(), p.getValue()) != null) {
                        lateProblems.computeIfAbsent(collector, k -> new ArrayList<>())
                                .add("duplicate series " + f.name + p.getKey() + " (also emitted by another collector)");
                        lateRejected.merge(collector, 1, Integer::sum);
                    }
                }
            }
        });
        List<CollectorScrape> finalOutcomes = new ArrayList<>();
        for (CollectorScrape o : outcomes) {
            List<String> extra = lateProblems.get(o.name());
            if (extra == null) {
                finalOutcomes.add(o);
            } else {
                List<String> problems = new ArrayList<>(o.problems());
                extra.stream().limit(Math.max(0, SampleSink.MAX_PROBLEMS_KEPT - problems.size())).forEach(problems::add);
                finalOutcomes.add(new CollectorScrape(o.name(), o.status(), o.seconds(), o.reason(), o.series(),
                        o.rejected() + lateRejected.getOrDefault(o.name(), 0), problems));
            }
        }

        List<MetricSnapshot> snapshots = new ArrayList<>();
        List<FamilyInfo> infos = new ArrayList<>();
        for (MergedFamily m : byName.values()) {
            snapshots.add(snapshot(m));
            Set<String> labelNames = new TreeSet<>();
            m.points.keySet().forEach(l -> l.forEach(lbl -> labelNames.add(lbl.getName())));
            infos.add(new FamilyInfo(m.first.name, m.first.type.wireName(), m.first.help, List.copyOf(labelNames),
                    String.join(",", m.collectors), m.points.size()));
        }
        GaugeSnapshot.Builder duration = GaugeSnapshot.builder().name(DURATION)
                .help("How long each collector took in the last scrape, in seconds.");
        GaugeSnapshot.Builder success = GaugeSnapshot.builder().name(SUCCESS)
                .help("Whether each collector succeeded in the last scrape (1) or failed or timed out (0).");
        int reported = 0;
        for (CollectorScrape o : finalOutcomes) {
            if (o.reported()) {
                reported++;
                Labels l = Labels.of("collector", o.name());
                duration.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l).value(o.seconds()).build());
                success.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l).value(o.success() ? 1 : 0).build());
            }
        }
        if (reported > 0) {
            snapshots.add(duration.build());
            snapshots.add(success.build());
            infos.add(new FamilyInfo(DURATION, "gauge", "How long each collector took in the last scrape, in seconds.",
                    List.of("collector"), ENGINE, reported));
            infos.add(new FamilyInfo(SUCCESS, "gauge",
                    "Whether each collector succeeded in the last scrape (1) or failed or timed out (0).",
                    List.of("collector"), ENGINE, reported));
        }
        snapshots.sort(Comparator.comparing(s -> s.getMetadata().getPrometheusName()));
        infos.sort(Comparator.comparing(FamilyInfo::name));
        return new Merged(finalOutcomes, new MetricSnapshots(snapshots), infos);
    }

    private static List<String> exposed(SampleSink.Family f) {
        return f.type == SampleSink.Type.COUNTER ? List.of(f.name, f.baseName, f.baseName + "_created") : List.of(f.name);
    }

    private static MetricSnapshot snapshot(MergedFamily m) {
        List<Map.Entry<Labels, Double>> points = new ArrayList<>(m.points.entrySet());
        points.sort(Map.Entry.comparingByKey());
        if (m.first.type == SampleSink.Type.COUNTER) {
            CounterSnapshot.Builder b = CounterSnapshot.builder().name(m.first.baseName).help(m.first.help);
            for (var p : points) {
                b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(p.getKey()).value(p.getValue()).build());
            }
            return b.build();
        }
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(m.first.name).help(m.first.help);
        for (var p : points) {
            b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(p.getKey()).value(p.getValue()).build());
        }
        return b.build();
    }


    /**
     * Stops the engine's threads (a collector still hung stays abandoned; its thread is a daemon)
     * and closes collectors that hold resources between scrapes (perf keeps counters open).
     */
    @Override
    public void close() {
        pool.shutdownNow();
        for (Target t : targets) {
            if (t.collector() instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // shutting down: nothing left to report it to
                }
            }
        }
    }

    /**
     * One lane of a scrape: runs the scrape's queued collectors one after another until none is
     * left. A collector cancelled at the timeout is skipped, or interrupted if it is running.
     */
    private static void drain(Queue<FutureTask<Applicability>> queue) {
        for (FutureTask<Applicability> task; (task = queue.poll()) != null; ) {
            Thread.interrupted();   // a cancelled collector's interrupt is not the next one's
            task.run();
        }
        Thread.interrupted();
    }

    /** One run of one collector's scrape. */
    private final class Run {
        private static final int QUEUED = 0;
        private static final int RUNNING = 1;
        private static final int SKIPPED = 2;

        final SampleSink sink;
        final AtomicInteger state = new AtomicInteger(QUEUED);
        volatile Future<Applicability> future;
        volatile long startNanos = System.nanoTime();
        volatile long endNanos;
        volatile boolean finished;
        String failure;

        Run(SampleSink sink) {
            this.sink = sink;
        }

        /**
         * Gives up a run that has not started (true): it never will, and counts as finished, so
         * the next scrape starts the collector again. False if it is running or has run.
         */
        boolean skip() {
            if (state.compareAndSet(QUEUED, SKIPPED)) {
                endNanos = System.nanoTime();
                finished = true;
                return true;
            }
            return false;
        }

        Applicability execute(Target t) throws Exception {
            if (!state.compareAndSet(QUEUED, RUNNING)) {
                throw new java.util.concurrent.CancellationException("skipped at the scrape timeout");
            }
            startNanos = System.nanoTime();
            try {
                Applicability a = t.collector().applies(host);
                if (a == null || !a.applies()) {
                    return a == null ? Applicability.no("applies() returned nothing") : a;
                }
                t.collector().scrape(new Context(host, sink, t.options()));
                return a;
            } finally {
                endNanos = System.nanoTime();
                finished = true;
            }
        }

        double elapsedSeconds() {
            long end = finished ? endNanos : System.nanoTime();
            return Math.max(0, end - startNanos) / 1e9;
        }
    }

    private record Job(Target target, Run run, boolean fresh) {
    }

    private record Context(Host host, SampleSink metrics, CollectorOptions options) implements ScrapeContext {
        @Override
        public Log log() {
            // Info lines would repeat every scrape: only warnings reach the exporter's log (deduplicated there).
            return new Log() {
                @Override
                public void info(String message) {
                }

                @Override
                public void warn(String message) {
                    metrics.warn(message);
                }
            };
        }
    }
}
