package io.jsos.agent.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import io.jsos.agent.Version;
import io.jsos.engine.scrape.ScrapeEngine;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * The exporter's HTTP(S) server, on the JDK's own {@code com.sun.net.httpserver} (no extra
 * dependency, a few threads):
 *
 * <ul>
 *   <li>{@code /metrics}: the scrape-time series and the agent's own, in the Prometheus text
 *       format, or OpenMetrics when the {@code Accept} header asks for it (Prometheus does);
 *       gzip when accepted;</li>
 *   <li>{@code /healthz}: {@code ok} while the server runs (for liveness and readiness probes; not
 *       behind basic auth, so probes need no credentials);</li>
 *   <li>{@code /}: a small page linking both.</li>
 * </ul>
 * With a web config: TLS, client certificates and basic auth (on every path but /healthz), and
 * the configured response headers; a changed config file applies without a restart ({@link LiveWebConfig}).
 */
final class Exporter implements AutoCloseable {

    static {
        // A client that opens a connection and sends nothing must not hold a worker thread for
        // ever (read once, when the JDK's server first loads).
        System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime", "30"));
        System.setProperty("sun.net.httpserver.maxRspTime", System.getProperty("sun.net.httpserver.maxRspTime", "60"));
    }

    private final InetSocketAddress listen;
    private final int threads;
    private final ScrapeEngine engine;
    private final SelfMetrics self;
    private final LiveWebConfig web;
    private final ServeLog log;
    private final ExpositionFormats formats = ExpositionFormats.init();
    private HttpServer server;
    private ThreadPoolExecutor executor;

    Exporter(InetSocketAddress listen, int threads, ScrapeEngine engine, SelfMetrics self, LiveWebConfig web, ServeLog log) {
        this.listen = listen;
        this.threads = threads;
        this.engine = engine;
        this.self = self;
        this.web = web;
        this.log = log;
    }

    /** Binds and starts serving; the TLS files are read now, so a bad certificate fails here. */
    void start() throws IOException {
        HttpServer s;
        if (web.tlsEnabled()) {
            HttpsServer https = HttpsServer.create(listen, 128);
            https.setHttpsConfigurator(web.configurator());
            s = https;
        } else {
            s = HttpServer.create(listen, 128);
        }
        AtomicInteger n = new AtomicInteger();
        executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "jsos-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
        s.setExecutor(executor);
        s.createContext("/", this::handle);
        s.start();
        server = s;
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:9910/} (a wildcard address shows as 0.0.0.0). */
    String url() {
        InetSocketAddress a = address();
        InetAddress ip = a.getAddress();
        String host = ip.getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return (web.tlsEnabled() ? "https" : "http") + "://" + host + ":" + a.getPort() + "/";
    }

    private void handle(HttpExchange ex) {
        long t0 = System.nanoTime();
        String path = ex.getRequestURI().getPath();
        String uri = switch (path) {
            case "/", "/metrics", "/healthz" -> path;
            default -> "UNKNOWN";
        };
        String method = ex.getRequestMethod();
        String methodTag = method.equals("GET") || method.equals("HEAD") ? method : "OTHER";
        int status = 500;
        try {
            LiveWebConfig.Active config = web.current();
            config.web().headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            BasicAuth auth = config.auth();
            if (auth != null && !path.equals("/healthz")
                    && !auth.allows(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"jsos\"");
                status = send(ex, 401, "text/plain; charset=utf-8", "Unauthorized\n");
                return;
            }
            if (!methodTag.equals("GET") && !methodTag.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                status = send(ex, 405, "text/plain; charset=utf-8", "Method not allowed\n");
                return;
            }
            status = switch (uri) {
                case "/metrics" -> metrics(ex);
                case "/healthz" -> send(ex, 200, "text/plain; charset=utf-8", "ok\n");
                case "/" -> send(ex, 200, "text/html; charset=utf-8", index());
                default -> send(ex, 404, "text/plain; charset=utf-8", "Not found; try /metrics\n");
            };
        } catch (IOException e) {
            status = 499;   // the client went away mid-response (nginx's code): nothing to answer
        } catch (RuntimeException | Error e) {
            log.error("request " + method + " " + path + " failed: " + e);
            try {
                status = send(ex, 500, "text/plain; charset=utf-8", "internal error: " + e + "\n");
            } catch (IOException | RuntimeException ignored) {
                // headers were already sent: the client sees a cut response
            }
        } finally {
            ex.close();
            self.request(methodTag, uri, status, System.nanoTime() - t0);
        }
    }

    private int metrics(HttpExchange ex) throws IOException {
        ExpositionFormatWriter writer = formats.findWriter(ex.getRequestHeaders().getFirst("Accept"));
        if (!writer.isAvailable()) {   // protobuf: not shipped; every client also accepts text
            writer = formats.getPrometheusTextFormatWriter();
        }
        MetricSnapshots snapshots = self.registry().scrape();
        ByteArrayOutputStream body = new ByteArrayOutputStream(32 * 1024);
        String enc = ex.getRequestHeaders().getFirst("Accept-Encoding");
        boolean gzip = enc != null && enc.toLowerCase(java.util.Locale.ROOT).contains("gzip");
        try (OutputStream out = gzip ? new GZIPOutputStream(body, 8192) : body) {
            writer.write(out, snapshots);
        }
        ex.getResponseHeaders().set("Content-Type", writer.getContentType());
        if (gzip) {
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        return send(ex, 200, body.toByteArray());
    }

    private String index() {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>jsos exporter</title></head>\n<body>\n")
                .append("<h1>jsos exporter</h1>\n<p>jsos ").append(html(Version.get()))
                .append(": node metrics read at scrape time.</p>\n<ul>\n")
                .append("<li><a href=\"metrics\">/metrics</a>: the metrics (Prometheus text; OpenMetrics on request)</li>\n")
                .append("<li><a href=\"healthz\">/healthz</a>: health check</li>\n</ul>\n<p>Collectors: ");
        sb.append(html(String.join(", ", engine.targets().stream().map(ScrapeEngine.Target::name).toList())));
        sb.append("</p>\n</body></html>\n");
        return sb.toString();
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static int send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        return send(ex, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static int send(HttpExchange ex, int status, byte[] body) throws IOException {
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            ex.sendResponseHeaders(status, -1);
            return status;
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
        return status;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
