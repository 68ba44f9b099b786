package io.jsos.agent.serve;

import io.jsos.agent.findings.FindingsGauges;

import io.jsos.api.Host;
import io.jsos.engine.CollectionPlan;
import io.jsos.engine.CollectorCatalog;
import io.jsos.engine.scrape.CollectorScrape;
import io.jsos.engine.scrape.Scrape;
import io.jsos.engine.scrape.ScrapeEngine;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code jsos serve}: wires the scrape engine, the agent's own metrics and the HTTP server
 * together. The picocli command ({@code io.jsos.agent.ServeCommand}) parses the options and
 * calls {@link #start}; tests call it directly.
 */
public final class Serve {

    /** The default port: free in the node_exporter 9100-range convention (node_exporter 9100, cAdvisor 8080). */
    public static final int DEFAULT_PORT = 9910;

    /**
     * @param listen           {@code HOST:PORT}, {@code :PORT} (every interface) or {@code [v6]:PORT}; port 0 picks a free one
     * @param webConfigFile    node_exporter's web config format (TLS, basic auth), or null for plain HTTP
     * @param engine           the scrape engine's settings
     * @param threads          HTTP worker threads
     */
    public record Settings(String listen, Path webConfigFile, ScrapeEngine.Settings engine, int threads) {
    }

    /**
     * The findings on /metrics ({@code jsos_finding}): evaluated in the background every
     * {@code interval} (zero: off), with rules from the plugin folders and the config's thresholds.
     */
    public record FindingsSettings(Duration interval, List<Path> pluginDirs, Map<String, ?> thresholds) {
        public static final FindingsSettings OFF = new FindingsSettings(Duration.ZERO, List.of(), Map.of());
    }

    private Serve() {
    }

    /** A running exporter. */
    public static final class Running implements AutoCloseable {
        private final Exporter exporter;
        private final ScrapeEngine engine;
        private final SelfMetrics self;
        private final FindingsGauges findings;

        private Running(Exporter exporter, ScrapeEngine engine, SelfMetrics self, FindingsGauges findings) {
            this.exporter = exporter;
            this.engine = engine;
            this.self = self;
            this.findings = findings;
        }

        /** e.g. {@code https://127.0.0.1:9910/} */
        public String url() {
            return exporter.url();
        }

        public InetSocketAddress address() {
            return exporter.address();
        }

        /** Waits for the first findings run to end (true at once when findings are off). */
        public boolean awaitFirstFindings(java.time.Duration timeout) throws InterruptedException {
            return findings == null || findings.awaitFirstRun(timeout);
        }

        @Override
        public void close() {
            exporter.close();
            if (findings != null) {
                findings.close();
            }
            engine.close();
            self.close();
        }
    }

    /**
     * Starts the exporter and logs where it listens.
     *
     * @throws IllegalArgumentException for a bad listen address or web config (a usage error)
     * @throws IOException              when the address cannot be bound
     */
    public static Running start(Settings settings, Host host, CollectorCatalog catalog, CollectionPlan plan,
                                PrintWriter err) throws IOException {
        return start(settings, FindingsSettings.OFF, host, catalog, plan, err);
    }

    /** As {@link #start(Settings, Host, CollectorCatalog, CollectionPlan, PrintWriter)}, with findings on /metrics. */
    public static Running start(Settings settings, FindingsSettings findingsSettings, Host host, CollectorCatalog catalog,
                                CollectionPlan plan, PrintWriter err) throws IOException {
        ServeLog log = new ServeLog(err);
        InetSocketAddress listen = parseListen(settings.listen());
        LiveWebConfig liveWeb = new LiveWebConfig(settings.webConfigFile(), log);
        WebConfig web = liveWeb.current().web();
        web.warnings().forEach(w -> log.warn("web config: " + w));
        catalog.problems().forEach(p -> log.warn("plugin skipped: " + p.source() + ": " + p.reason()));

        ScrapeEngine.Settings es = new ScrapeEngine.Settings(settings.engine().collectorTimeout(),
                settings.engine().cacheTtl(), settings.engine().maxSeriesPerCollector(), settings.engine().lowPriority(),
                SelfMetrics.RESERVED_PREFIXES);
        OutcomeLog outcomes = new OutcomeLog(log);
        ScrapeEngine engine = new ScrapeEngine(ScrapeEngine.targets(plan), host, es, outcomes);
        // The engine first: one registry, one exposition for the node's series and the agent's own.
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(engine.prometheusCollector());
        SelfMetrics self = new SelfMetrics(registry);
        self.bind(engine);
        outcomes.self = self;
        FindingsGauges findings = null;
        if (!findingsSettings.interval().isZero()) {
            // The rules run over the collectors this exporter serves: --collectors system,processes
            // must not pay for reading LVM, Ceph and OVS every interval.
            java.util.Set<String> served = new java.util.HashSet<>();
            plan.steps().stream().filter(CollectionPlan.Step::runs).forEach(st -> served.add(st.entry().name()));
            findings = FindingsGauges.start(host, catalog, served, findingsSettings.pluginDirs(),
                    findingsSettings.thresholds(), findingsSettings.interval());
            registry.register(findings);
        }
        Exporter exporter = new Exporter(listen, settings.threads(), engine, self, liveWeb, log);
        try {
            exporter.start();
        } catch (IOException | RuntimeException e) {
            if (findings != null) {
                findings.close();
            }
            engine.close();
            self.close();
            if (e instanceof BindException) {
                throw new BindException("cannot listen on " + settings.listen() + ": " + e.getMessage());
            }
            throw e;
        }
        String how;
        if (web.tlsEnabled()) {
            how = "TLS" + (web.tls().clientAuth() != WebConfig.ClientAuth.NoClientCert
                    ? ", client certificates: " + web.tls().clientAuth() : "")
                    + (web.authEnabled() ? ", basic auth (" + web.basicAuthUsers().size() + " users)" : ", no authentication");
        } else if (settings.webConfigFile() == null) {
            how = "plain HTTP: no TLS and no authentication (no --web-config-file given)";
        } else {
            how = "plain HTTP: no TLS in the web config" + (web.authEnabled()
                    ? "; basic auth (" + web.basicAuthUsers().size() + " users) over plain HTTP sends passwords in clear"
                    : ", no authentication");
        }
        log.info("listening on " + exporter.url() + " (" + how + "); host root " + host.root()
                + "; collectors: " + String.join(", ", engine.targets().stream().map(ScrapeEngine.Target::name).toList())
                + "; scrape timeout " + es.collectorTimeout().toMillis() + " ms, cache " + es.cacheTtl().toMillis() + " ms");
        return new Running(exporter, engine, self, findings);
    }

    /** One collection, its families printed as a Markdown table (for docs and {@code --list-metrics}). */
    public static String listMetrics(ScrapeEngine.Settings settings, Host host, CollectionPlan plan) {
        try (ScrapeEngine engine = new ScrapeEngine(ScrapeEngine.targets(plan), host,
                new ScrapeEngine.Settings(settings.collectorTimeout(), Duration.ZERO, settings.maxSeriesPerCollector(),
                        settings.lowPriority(), SelfMetrics.RESERVED_PREFIXES), ScrapeEngine.Listener.NONE)) {
            Scrape s = engine.collectNow();
            return MetricList.markdown(s.families());
        }
    }

    static InetSocketAddress parseListen(String listen) {
        String s = listen.trim();
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("--listen expects HOST:PORT or :PORT, got '" + listen + "'");
        }
        String host = s.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--listen: bad port in '" + listen + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--listen: port out of range in '" + listen + "'");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            return new InetSocketAddress(port);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--listen: unknown host '" + host + "'");
        }
    }

    /**
     * Logs a collector's failure when it starts failing and again when it recovers (not every
     * scrape), and each kind of rejected sample once.
     */
    private static final class OutcomeLog implements ScrapeEngine.Listener {
        private final ServeLog log;
        volatile SelfMetrics self;
        private final Map<String, CollectorScrape.Status> lastStatus = new ConcurrentHashMap<>();
        private final Set<String> seenProblems = ConcurrentHashMap.newKeySet();

        OutcomeLog(ServeLog log) {
            this.log = log;
        }

        @Override
        public void finished(CollectorScrape o) {
            CollectorScrape.Status before = lastStatus.put(o.name(), o.status());
            if (o.status() != before) {
                switch (o.status()) {
                    case FAILED, TIMED_OUT -> log.warn("collector " + o.name() + " " + o.status().wireName() + ": " + o.reason());
                    case OK -> {
                        if (before != null) {
                            log.info("collector " + o.name() + " ok again");
                        }
                    }
                    case NOT_APPLICABLE -> log.info("collector " + o.name() + " does not apply here: " + o.reason());
                }
            }
            if (o.rejected() > 0) {
                if (self != null) {
                    self.rejected(o.name(), o.rejected());
                }
                for (String p : new LinkedHashSet<>(o.problems())) {
                    if (seenProblems.size() < 1000 && seenProblems.add(o.name() + ": " + p)) {
                        log.warn("collector " + o.name() + " emitted a sample Prometheus would reject (dropped): " + p);
                    }
                }
            }
        }
    }
}
