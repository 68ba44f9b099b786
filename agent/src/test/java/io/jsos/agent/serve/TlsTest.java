package io.jsos.agent.serve;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TLS and client certificates from a web config, with a CA the real openssl makes in the test. */
@Tag("real")
class TlsTest {

    @TempDir
    static Path tmp;

    static TestCa ca;
    static TestCa stranger;

    @BeforeAll
    static void makeCertificates() throws Exception {
        ca = TestCa.create(tmp.resolve("ca"));
        ca.server("server");
        ca.ecServer("ec-server");
        ca.pkcs1Server("rsa1-server");
        ca.client("prom", "prometheus.example");
        ca.client("other", "someone.example");
        stranger = ca.other("stranger-ca");
        stranger.client("mallory", "prometheus.example");
    }

    private static HttpClient client(SSLContext ctx) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ctx)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static HttpResponse<String> get(HttpClient c, String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Path config(String name, String yaml) throws IOException {
        Path p = ca.dir.resolve(name);
        Files.writeString(p, yaml);
        return p;
    }

    @Test
    void servesHttpsWithTheConfiguredCertificateInEveryKeyFormatOpensslWrites() throws Exception {
        for (String server : new String[]{"server", "ec-server", "rsa1-server"}) {
            // Relative paths are relative to the config file's folder, as in exporter-toolkit.
            Path web = config("web-" + server + ".yml", "tls_server_config:\n  cert_file: " + server + ".crt\n  key_file: "
                    + server + ".key\n");
            try (ServeFixture f = new ServeFixture(tmp.resolve("root-" + server), web)) {
                assertThat(f.running.url()).startsWith("https://127.0.0.1:");
                assertThat(f.log.toString()).contains("(TLS, no authentication)");
                HttpResponse<String> r = get(client(ca.clientContext(null)), f.url("/metrics"));
                assertThat(r.statusCode()).as(server).isEqualTo(200);
                assertThat(r.body()).contains("node_load1 0.75");
                // A client that does not trust the CA refuses the server.
                assertThatThrownBy(() -> get(client(stranger.clientContext(null)), f.url("/metrics")))
                        .isInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void aClientCertificateConfigRejectsClientsWithoutOneOrFromAnotherCa() throws Exception {
        Path web = config("web-mtls.yml", "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
                + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n");
        try (ServeFixture f = new ServeFixture(tmp.resolve("root-mtls"), web)) {
            assertThat(f.log.toString()).contains("client certificates: RequireAndVerifyClientCert");
            assertThatThrownBy(() -> get(client(ca.clientContext(null)), f.url("/metrics")))
                    .as("no client certificate").isInstanceOf(IOException.class);
            assertThatThrownBy(() -> get(client(stranger.clientContext(stranger.file("mallory.p12"))), f.url("/metrics")))
                    .as("a certificate from another CA").isInstanceOf(IOException.class);
            HttpResponse<String> ok = get(client(ca.clientContext(ca.file("prom.p12"))), f.url("/metrics"));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("node_load1 0.75");
        }
    }

    @Test
    void allowedSansNarrowTheClientsDown() throws Exception {
        Path web = config("web-sans.yml", "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
                + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n"
                + "  client_allowed_sans: [prometheus.example]\n");
        try (ServeFixture f = new ServeFixture(tmp.resolve("root-sans"), web)) {
            assertThat(get(client(ca.clientContext(ca.file("prom.p12"))), f.url("/metrics")).statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> get(client(ca.clientContext(ca.file("other.p12"))), f.url("/metrics")))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void tlsAndBasicAuthTogether() throws Exception {
        String hash = new String(at.favre.lib.crypto.bcrypt.BCrypt.with(at.favre.lib.crypto.bcrypt.BCrypt.Version.VERSION_2Y)
                .hash(6, "pw".toCharArray()));
        Path web = config("web-both.yml", "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
                + "  min_version: TLS13\nbasic_auth_users:\n  prom: '" + hash + "'\n");
        try (ServeFixture f = new ServeFixture(tmp.resolve("root-both"), web)) {
            HttpClient c = client(ca.clientContext(null));
            assertThat(get(c, f.url("/metrics")).statusCode()).isEqualTo(401);
            assertThat(get(c, f.url("/metrics"), "Authorization", ExporterTest.basic("prom", "nope")).statusCode()).isEqualTo(401);
            assertThat(get(c, f.url("/metrics"), "Authorization", ExporterTest.basic("prom", "pw")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateIsRefusedAtStart() throws Exception {
        Path web = config("web-mismatch.yml", "tls_server_config:\n  cert_file: server.crt\n  key_file: rsa1-server.key\n");
        assertThatThrownBy(() -> new ServeFixture(tmp.resolve("root-mismatch"), web))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
    }
}
