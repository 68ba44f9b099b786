package io.jsos.agent;

import io.jsos.agent.serve.TestCa;
import io.jsos.testkit.Real;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/jsos serve} as a user runs it, checked by the real Prometheus tools: promtool lints
 * a scrape, and a Prometheus server started here scrapes the exporter and answers queries.
 */
class ServeEndToEndIT {

    /**
     * node_exporter's names for /proc/meminfo fields (node_memory_MemTotal_bytes, ...) keep the
     * field's case so existing dashboards work; promtool's lint flags them as camelCase, exactly
     * as it flags node_exporter's own output. That one lint on those names is the only thing
     * promtool may say.
     */
    static final Pattern NODE_EXPORTER_MEMINFO_NAME =
            Pattern.compile("node_memory_[A-Za-z0-9_]+_bytes metric names should be written in 'snake_case' not 'camelCase'");

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Tag("real")
    void promtoolFindsNothingWrongAndARealPrometheusScrapesTheExporter() throws Exception {
        Real.requireProgram("promtool", "prometheus");
        Real.requireProgram("prometheus", "prometheus");
        try (ServeProcess serve = ServeProcess.start(tmp, List.of())) {
            assertThat(serve.url).matches("http://127\\.0\\.0\\.1:\\d+/");
            assertThat(serve.log()).contains("plain HTTP: no TLS and no authentication (no --web-config-file given)");

            HttpResponse<String> scrape = get(serve.url + "metrics");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body())
                    .contains("jsos_scrape_collector_success{collector=\"system\"} 1")
                    .contains("jsos_scrape_collector_success{collector=\"processes\"} 1")
                    .contains("jsos_scrape_collector_duration_seconds{collector=\"system\"} ")
                    .contains("node_load1 ", "jsos_threads{state=\"S\"} ")
                    .contains("jvm_memory_used_bytes{", "process_resident_memory_bytes ", "jsos_build_info{");
            lint(scrape.body());
            // The OpenMetrics answer Prometheus asks for ends as the format says.
            HttpResponse<String> om = get(serve.url + "metrics", "Accept", "application/openmetrics-text;version=1.0.0");
            assertThat(om.headers().firstValue("Content-Type")).hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
            assertThat(om.body()).endsWith("# EOF\n");

            try (PrometheusServer prom = PrometheusServer.start(tmp.resolve("prom"), "127.0.0.1:" + serve.port(), null)) {
                String up = prom.awaitQuery("up{job=\"jsos\"}", out -> out.contains("=> 1 @"));
                assertThat(up).contains("instance=\"127.0.0.1:" + serve.port() + "\"");
                String success = prom.awaitQuery("jsos_scrape_collector_success{job=\"jsos\"}",
                        out -> out.contains("collector=\"system\""));
                assertThat(success).containsPattern("collector=\"system\".*=> 1 @")
                        .containsPattern("collector=\"processes\".*=> 1 @");
                assertThat(prom.query("count({job=\"jsos\",__name__=~\"jsos_.+\"})")).containsPattern("=> \\d+ @");
                assertThat(prom.query("node_load1{job=\"jsos\"}")).contains("=> ");
                // The findings, evaluated in the background from serve's start, reach Prometheus too.
                assertThat(prom.awaitQuery("jsos_findings_last_success_timestamp_seconds{job=\"jsos\"} > 0",
                        out -> out.contains("=> "))).contains("jsos_findings_last_success_timestamp_seconds");
                assertThat(prom.query("sum(jsos_findings{job=\"jsos\"})")).containsPattern("=> \\d+ @");
                // Prometheus itself saw no problem with the scrape: every sample was ingested.
                assertThat(prom.query("scrape_samples_post_metric_relabeling{job=\"jsos\"}")).containsPattern("=> [1-9]\\d* @");
            }
            assertThat(serve.stop()).isEqualTo(143);
            assertThat(serve.log()).contains("info jsos serve: stopping");
        }
    }

    @Test
    @Tag("real")
    void prometheusScrapesOverTlsWithAClientCertificateAndBasicAuth() throws Exception {
        Real.requireProgram("prometheus", "prometheus");
        Real.requireProgram("htpasswd", "apache2-utils");
        TestCa ca = TestCa.create(tmp.resolve("ca"));
        ca.server("server");
        ca.client("prom", "prometheus.example");
        Process h = new ProcessBuilder("htpasswd", "-nbBC", "10", "prometheus", "scrape-pw").start();
        String line = new String(h.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(h.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Path web = ca.file("web.yml");
        Files.writeString(web, "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
                + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n"
                + "basic_auth_users:\n  prometheus: '" + line.substring(line.indexOf(':') + 1) + "'\n");
        try (ServeProcess serve = ServeProcess.start(tmp, List.of(), "--web-config-file", web.toString())) {
            assertThat(serve.url).startsWith("https://127.0.0.1:");
            assertThat(serve.log()).contains("TLS, client certificates: RequireAndVerifyClientCert, basic auth (1 users)");
            String extra = "    scheme: https\n"
                    + "    tls_config:\n      ca_file: " + ca.file("ca.crt") + "\n      cert_file: " + ca.file("prom.crt")
                    + "\n      key_file: " + ca.file("prom.key") + "\n"
                    + "    basic_auth:\n      username: prometheus\n      password: scrape-pw\n";
            try (PrometheusServer prom = PrometheusServer.start(tmp.resolve("prom-tls"), "127.0.0.1:" + serve.port(), extra)) {
                prom.awaitQuery("up{job=\"jsos\"}", out -> out.contains("=> 1 @"));
                prom.awaitQuery("jsos_scrape_collector_success{job=\"jsos\",collector=\"system\"}", out -> out.contains("=> 1 @"));
            }
        }
    }

    @Test
    void badOptionsAreUsageErrorsAndABusyPortSaysSo() throws Exception {
        Launcher.Run badListen = Launcher.run(tmp, "serve", "--listen", "nowhere");
        assertThat(badListen.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(badListen.stderr()).contains("--listen expects HOST:PORT");

        Path web = tmp.resolve("web.yml");
        Files.writeString(web, "basic_auth_users:\n  prometheus: hunter2\n");
        Launcher.Run badWeb = Launcher.run(tmp, "serve", "--listen", "127.0.0.1:0", "--web-config-file", web.toString());
        assertThat(badWeb.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(badWeb.stderr()).contains("not a bcrypt hash");

        Launcher.Run unknown = Launcher.run(tmp, "serve", "--listen", "127.0.0.1:0", "--collectors", "nosuch");
        assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.stderr()).contains("unknown collector 'nosuch'");

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Launcher.Run busy = Launcher.run(tmp, "serve", "--listen", "127.0.0.1:" + taken.getLocalPort());
            assertThat(busy.exit()).isEqualTo(3);
            assertThat(busy.stderr()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void listMetricsPrintsTheFamiliesOfOneScrape() throws Exception {
        Launcher.Run r = Launcher.run(tmp, "serve", "--list-metrics", "--collectors", "system");
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stdout()).startsWith("| metric | type | labels | collector | help |\n")
                .contains("| `node_load1` | gauge |  | system |")
                .contains("| `jsos_scrape_collector_success` | gauge | `collector` |");
    }

    /**
     * The exporter's findings run keeps models in memory as plain values: Jackson's data binding
     * (an ObjectMapper is ~600 classes and 3-4 MiB of metaspace that would stay loaded for the
     * exporter's life) must never be loaded, before or after a run. The JVM's own class-load log says.
     */
    @Test
    void theFindingsRunLoadsNoJacksonDataBinding() throws Exception {
        Path classes = tmp.resolve("classes.log");
        try (ServeProcess serve = ServeProcess.start(tmp, List.of("JDK_JAVA_OPTIONS=-Xlog:class+load=info:file=" + classes))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            String body = "";
            while (System.nanoTime() < deadline && !body.contains("jsos_findings{")) {
                body = get(serve.url + "metrics").body();
                if (!body.matches("(?s).*\\njsos_findings_last_success_timestamp_seconds [1-9].*")) {
                    body = "";
                    Thread.sleep(200);
                }
            }
            assertThat(body).as("a findings run ended within 120 s").contains("jsos_findings{");
            for (int i = 0; i < 20; i++) {
                assertThat(get(serve.url + "metrics").statusCode()).isEqualTo(200);
            }
            String loaded = Files.readString(classes, StandardCharsets.UTF_8);
            assertThat(loaded).as("the run went through the in-memory models").contains("io.jsos.findings.CapturedModels ")
                    .doesNotContain("com.fasterxml.jackson.databind.ObjectMapper ");
        }
    }

    /** promtool check metrics on a scrape: nothing but the documented node_exporter naming lint. */
    static void lint(String exposition) throws Exception {
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<String> problems = out.lines().filter(l -> !l.isBlank())
                .filter(l -> !NODE_EXPORTER_MEMINFO_NAME.matcher(l).matches()).toList();
        assertThat(problems).as("promtool check metrics said (exit %d):%n%s", p.exitValue(), out).isEmpty();
        assertThat(p.exitValue()).as(out).isIn(0, 3);   // 3: lint findings (only the allowed ones); 1 would be a parse error
    }
}
