package io.jsos.agent;

import io.jsos.testkit.Real;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real Prometheus server (Debian's package) on 127.0.0.1, with its config and data in a temp folder. */
final class PrometheusServer implements AutoCloseable {

    final Process process;
    final String url;
    final Path dir;

    private PrometheusServer(Process process, String url, Path dir) {
        this.process = process;
        this.url = url;
        this.dir = dir;
    }

    /** Starts Prometheus with one job "jsos" scraping the target every second ({@code scrapeConfigExtra}: TLS, auth). */
    static PrometheusServer start(Path dir, String target, String scrapeConfigExtra) throws Exception {
        Real.requireProgram("prometheus", "prometheus");
        Files.createDirectories(dir);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                + "scrape_configs:\n  - job_name: jsos\n" + (scrapeConfigExtra == null ? "" : scrapeConfigExtra)
                + "    static_configs:\n      - targets: ['" + target + "']\n");
        Process p = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        PrometheusServer server = new PrometheusServer(p, "http://127.0.0.1:" + port, dir);
        HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                if (c.send(HttpRequest.newBuilder(URI.create(server.url + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return server;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!p.isAlive()) {
                throw new AssertionError("prometheus exited: " + server.log());
            }
            Thread.sleep(100);
        }
        server.close();
        throw new AssertionError("prometheus not ready in 30 s: " + server.log());
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("prometheus.log"), StandardCharsets.UTF_8);
    }

    /** {@code promtool query instant URL QUERY}: its output, e.g. {@code up{instance="…", job="jsos"} => 1 @[…]}. */
    String query(String promql) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("promtool", "query", "instant", url, promql).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool query did not return in 30 s");
        }
        return out;
    }

    /** Polls a query until its output satisfies the check (the first sample shows after ~5.5 s), at most 60 s. */
    String awaitQuery(String promql, Predicate<String> check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "";
        while (System.nanoTime() < deadline) {
            last = query(promql);
            if (check.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("query " + promql + " never satisfied the check in 60 s; last output:\n" + last
                + "\nprometheus log:\n" + log());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
