package io.jsos.agent.serve;

import at.favre.lib.crypto.bcrypt.BCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The exporter's HTTP side in-process: paths, formats, compression, basic auth. */
class ExporterTest {

    @TempDir
    Path tmp;

    private final HttpClient client = ServeFixture.plainClient();

    @Test
    void servesMetricsHealthAndAnIndexAndSaysWhenItIsPlainHttp() throws Exception {
        try (ServeFixture f = new ServeFixture(tmp.resolve("root"), null)) {
            assertThat(f.running.url()).matches("http://127\\.0\\.0\\.1:\\d+/");
            assertThat(f.log.toString()).contains("listening on " + f.running.url())
                    .contains("plain HTTP: no TLS and no authentication (no --web-config-file given)");

            HttpResponse<String> m = ServeFixture.get(client, f.url("/metrics"));
            assertThat(m.statusCode()).isEqualTo(200);
            assertThat(m.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(m.body())
                    .contains("# TYPE node_load1 gauge\n", "node_load1 0.75\n")
                    .contains("# TYPE jsos_test_events_total counter\n", "jsos_test_events_total{kind=\"a\"} 3.0\n")
                    .contains("jsos_scrape_collector_success{collector=\"load\"} 1")
                    .contains("jsos_scrape_collector_duration_seconds{collector=\"load\"} ")
                    .contains("# TYPE jvm_memory_used_bytes gauge")
                    .contains("# TYPE jvm_threads_live_threads gauge", "jvm_threads_states_threads{state=\"runnable\"} ")
                    .contains("process_resident_memory_bytes ")
                    .contains("jsos_build_info{java_version=")
                    .contains("jsos_exporter_scrapes_total{source=\"collected\"} ");
            assertThat(m.body()).doesNotContain("process_resident_memory_bytes NaN");
            // The request counter shows the first request once it is done.
            assertThat(ServeFixture.get(client, f.url("/metrics")).body())
                    .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/metrics\"}");

            HttpResponse<String> h = ServeFixture.get(client, f.url("/healthz"));
            assertThat(h.statusCode()).isEqualTo(200);
            assertThat(h.body()).isEqualTo("ok\n");

            HttpResponse<String> i = ServeFixture.get(client, f.url("/"));
            assertThat(i.statusCode()).isEqualTo(200);
            assertThat(i.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(i.body()).contains("<a href=\"metrics\">", "<a href=\"healthz\">", "Collectors: load");

            assertThat(ServeFixture.get(client, f.url("/nope")).statusCode()).isEqualTo(404);
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(f.url("/metrics")))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
            HttpResponse<String> head = client.send(HttpRequest.newBuilder(URI.create(f.url("/healthz")))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
        }
    }

    @Test
    void negotiatesOpenMetricsAndGzipLikePrometheusAsks() throws Exception {
        try (ServeFixture f = new ServeFixture(tmp.resolve("root"), null)) {
            // What Prometheus 2.x sends.
            String accept = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                    + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(f.url("/metrics")))
                    .header("Accept", accept).header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
            assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
            String body = new String(new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(body).endsWith("# EOF\n")
                    .contains("# TYPE jsos_test_events counter\n", "jsos_test_events_total{kind=\"a\"} 3.0\n")
                    .contains("node_load1 0.75\n");
            // A protobuf-only client still gets an answer it can read in text.
            HttpResponse<String> pb = ServeFixture.get(client, f.url("/metrics"), "Accept",
                    "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited");
            assertThat(pb.statusCode()).isEqualTo(200);
            assertThat(pb.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        }
    }

    @Test
    void basicAuthRefusesMissingAndWrongCredentialsAndLetsTheRightOnesIn() throws Exception {
        String hash = new String(BCrypt.with(BCrypt.Version.VERSION_2Y).hash(6, "s3cret-pw".toCharArray()));
        Path config = tmp.resolve("web.yml");
        Files.writeString(config, "basic_auth_users:\n  prometheus: " + hash + "\n"
                + "http_server_config:\n  headers:\n    X-Content-Type-Options: nosniff\n");
        try (ServeFixture f = new ServeFixture(tmp.resolve("root"), config)) {
            assertThat(f.log.toString()).contains("plain HTTP: no TLS in the web config; basic auth (1 users) over plain HTTP");
            HttpResponse<String> none = ServeFixture.get(client, f.url("/metrics"));
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"jsos\"");
            assertThat(none.body()).doesNotContain("node_load1");
            assertThat(ServeFixture.get(client, f.url("/metrics"), "Authorization", basic("prometheus", "wrong")).statusCode())
                    .isEqualTo(401);
            assertThat(ServeFixture.get(client, f.url("/metrics"), "Authorization", basic("nobody", "s3cret-pw")).statusCode())
                    .isEqualTo(401);
            assertThat(ServeFixture.get(client, f.url("/metrics"), "Authorization", "Bearer abc").statusCode()).isEqualTo(401);
            assertThat(ServeFixture.get(client, f.url("/"), "Authorization", basic("prometheus", "wrong")).statusCode())
                    .isEqualTo(401);
            for (int i = 0; i < 3; i++) {   // the second and third come from the cache of good checks
                HttpResponse<String> ok = ServeFixture.get(client, f.url("/metrics"), "Authorization", basic("prometheus", "s3cret-pw"));
                assertThat(ok.statusCode()).isEqualTo(200);
                assertThat(ok.body()).contains("node_load1 0.75");
                assertThat(ok.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            }
            // Probes need no credentials.
            assertThat(ServeFixture.get(client, f.url("/healthz")).statusCode()).isEqualTo(200);
            assertThat(ServeFixture.get(client, f.url("/metrics"), "Authorization", basic("prometheus", "s3cret-pw")).body())
                    .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"CLIENT_ERROR\",status=\"401\",uri=\"/metrics\"} 4");
        }
    }

    @Test
    void aBadWebConfigIsAUsageErrorThatSaysWhy() throws Exception {
        Path config = tmp.resolve("web.yml");
        Files.writeString(config, "basic_auth_users:\n  prometheus: plaintext\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ServeFixture(tmp.resolve("root"), config))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a bcrypt hash");
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

}
