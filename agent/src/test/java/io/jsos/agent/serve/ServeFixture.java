package io.jsos.agent.serve;

import io.jsos.api.Applicability;
import io.jsos.api.CollectContext;
import io.jsos.api.Collector;
import io.jsos.api.Host;
import io.jsos.api.ScrapeContext;
import io.jsos.engine.CollectionPlan;
import io.jsos.engine.CollectorCatalog;
import io.jsos.engine.scrape.ScrapeEngine;
import io.jsos.testkit.FixtureHost;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An in-process exporter over a fixture host with small fake collectors, for HTTP-level tests. */
final class ServeFixture implements AutoCloseable {

    /** A collector emitting one gauge read from the host. */
    record LoadCollector() implements Collector {
        public String name() {
            return "load";
        }

        public String description() {
            return "load average";
        }

        public Applicability applies(Host host) {
            return Applicability.ifAnyExists(host, "/proc/loadavg");
        }

        public void collect(CollectContext context) {
        }

        public boolean exportsMetrics() {
            return true;
        }

        public void scrape(ScrapeContext c) throws Exception {
            c.metrics().gauge("node_load1", "1m load average.", Double.parseDouble(c.host().read("/proc/loadavg").split(" ")[0]));
            c.metrics().counter("jsos_test_events_total", "Events.", 3, "kind", "a");
        }
    }

    final Serve.Running running;
    final StringWriter log = new StringWriter();

    ServeFixture(Path root, Path webConfig) throws Exception {
        Host host = FixtureHost.in(root).file("/proc/loadavg", "0.75 0.5 0.25 1/100 42\n").build();
        CollectorCatalog catalog = CollectorCatalog.of(List.of(new LoadCollector()));
        CollectionPlan plan = CollectionPlan.of(catalog, Set.of(), Set.of(), Map.of());
        ScrapeEngine.Settings es = new ScrapeEngine.Settings(Duration.ofSeconds(2), Duration.ofMillis(500), 1000, false, List.of());
        running = Serve.start(new Serve.Settings("127.0.0.1:0", webConfig, es, 2), host, catalog, plan, new PrintWriter(log, true));
    }

    String url(String path) {
        return running.url() + path.replaceFirst("^/", "");
    }

    static HttpResponse<String> get(HttpClient client, String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpClient plainClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public void close() {
        running.close();
    }
}
