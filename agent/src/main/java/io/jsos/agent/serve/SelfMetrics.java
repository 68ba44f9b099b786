package io.jsos.agent.serve;

import io.jsos.agent.Version;
import io.jsos.engine.scrape.ScrapeEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The exporter's own metrics, through Micrometer, with the names users know: JVM memory, GC,
 * threads and classes ({@code jvm_*}), the process ({@code process_*}: RSS, CPU, open files,
 * uptime), HTTP requests ({@code http_server_requests_seconds}), and jsos's own
 * ({@code jsos_exporter_*}, {@code jsos_build_info}).
 *
 * <p>One {@link PrometheusRegistry} holds these and the scrape engine's collector, so one
 * exposition serves both.
 */
final class SelfMetrics implements AutoCloseable {

    /** Name prefixes of the agent's own metrics: collectors may not emit these. */
    static final List<String> RESERVED_PREFIXES =
            List.of("jvm_", "process_", "system_", "http_server_", "jsos_exporter_", "jsos_build_");

    private final PrometheusRegistry registry;
    private final PrometheusMeterRegistry meters;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> failures = new ConcurrentHashMap<>();

    SelfMetrics() {
        this(new PrometheusRegistry());
    }

    /**
     * @param registry the registry to add Micrometer's collector to; collectors registered in it
     *                 before (the scrape engine) are collected first, so counters about a scrape
     *                 already count it
     */
    SelfMetrics(PrometheusRegistry registry) {
        this.registry = registry;
        meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, registry, io.micrometer.core.instrument.Clock.SYSTEM);
        new JvmMemoryMetrics().bindTo(meters);
        gc.bindTo(meters);
        new ThreadMetrics().bindTo(meters);   // Micrometer's names, one thread count per scrape
        new ClassLoaderMetrics().bindTo(meters);
        new JvmInfoMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
        new FileDescriptorMetrics().bindTo(meters);
        new ProcessMemoryMetrics().bindTo(meters);
        Gauge.builder("jsos.build.info", () -> 1).description("The jsos version and the Java it runs on; always 1.")
                .tags("version", Version.get(), "java_version", System.getProperty("java.version"))
                .strongReference(true).register(meters);
    }

    PrometheusRegistry registry() {
        return registry;
    }

    PrometheusMeterRegistry meters() {
        return meters;
    }

    /** How the scrapes were served: collected, joined to one in flight, or from the short cache. */
    void bind(ScrapeEngine engine) {
        String help = "Scrapes of /metrics by how the node's metrics were obtained: a fresh collection, joining the "
                + "collection another scrape had started, or the short cache.";
        FunctionCounter.builder("jsos.exporter.scrapes", engine, ScrapeEngine::collections).tags("source", "collected")
                .description(help).register(meters);
        FunctionCounter.builder("jsos.exporter.scrapes", engine, ScrapeEngine::joinedScrapes).tags("source", "joined")
                .description(help).register(meters);
        FunctionCounter.builder("jsos.exporter.scrapes", engine, ScrapeEngine::cacheHits).tags("source", "cache")
                .description(help).register(meters);
    }

    /** Counts samples a collector emitted that Prometheus would reject (dropped, see the log). */
    void rejected(String collector, int samples) {
        failures.computeIfAbsent(collector, c -> Counter.builder("jsos.exporter.rejected.samples")
                .description("Samples collectors emitted that Prometheus would reject; dropped (the log says why).")
                .tag("collector", c).register(meters)).increment(samples);
    }

    /** Records one HTTP request; {@code uri} is one of the exporter's paths or {@code UNKNOWN}. */
    void request(String method, String uri, int status, long nanos) {
        String outcome = status < 200 ? "INFORMATIONAL" : status < 300 ? "SUCCESS" : status < 400 ? "REDIRECTION"
                : status < 500 ? "CLIENT_ERROR" : "SERVER_ERROR";
        String key = method + ' ' + uri + ' ' + status;
        timers.computeIfAbsent(key, k -> Timer.builder("http.server.requests")
                .description("HTTP requests the exporter served.")
                .tags(Tags.of("method", method, "uri", uri, "status", Integer.toString(status), "outcome", outcome))
                .register(meters)).record(Duration.ofNanos(nanos).toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        gc.close();
        meters.close();
    }
}
