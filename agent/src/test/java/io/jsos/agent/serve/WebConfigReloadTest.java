package io.jsos.agent.serve;

import at.favre.lib.crypto.bcrypt.BCrypt;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A changed web config applies while the exporter runs, as node_exporter's does: a new password,
 * a rotated certificate; a broken or TLS-toggling change is refused and the config in force stays.
 */
class WebConfigReloadTest {

    @TempDir
    Path tmp;

    private static String hash(String password) {
        return new String(BCrypt.with(BCrypt.Version.VERSION_2Y).hash(6, password.toCharArray()));
    }

    /** Writes the file with a modification time later than any before, so a change is seen whatever the clock's grain. */
    private static void write(Path file, String text, int step) throws Exception {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10L * step)));
    }

    /** Polls until {@code check} holds; reloads are looked for once a second. */
    private static void eventually(String what, Callable<Boolean> check) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!check.call()) {
            assertThat(System.nanoTime() - end).as("still not true after 15 s: %s", what).isNegative();
            Thread.sleep(100);
        }
    }

    private static int status(HttpClient c, ServeFixture f, String user, String password) throws Exception {
        return user == null ? ServeFixture.get(c, f.url("/metrics")).statusCode()
                : ServeFixture.get(c, f.url("/metrics"), "Authorization", ExporterTest.basic(user, password)).statusCode();
    }

    @Test
    void aNewPasswordAppliesAndABrokenChangeIsRefused() throws Exception {
        Path web = tmp.resolve("web.yml");
        write(web, "basic_auth_users:\n  prom: '" + hash("old") + "'\n", 0);
        HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (ServeFixture f = new ServeFixture(tmp.resolve("root"), web)) {
            assertThat(status(c, f, "prom", "old")).isEqualTo(200);

            write(web, "basic_auth_users:\n  prom: '" + hash("new") + "'\n  grafana: '" + hash("g") + "'\n", 1);
            eventually("the new password is accepted", () -> status(c, f, "prom", "new") == 200);
            assertThat(status(c, f, "prom", "old")).isEqualTo(401);
            assertThat(status(c, f, "grafana", "g")).isEqualTo(200);
            assertThat(f.log.toString()).contains("web config " + web + " reloaded: plain HTTP, basic auth (2 users)");

            // Not a bcrypt hash: refused, and the config in force stays.
            write(web, "basic_auth_users:\n  prom: plaintext\n", 2);
            // Reloads are looked for by requests (and new TLS connections): each poll makes one.
            eventually("the refusal is logged", () -> status(c, f, "prom", "new") == 200
                    && f.log.toString().contains("changed but was not applied"));
            assertThat(status(c, f, "prom", "new")).isEqualTo(200);
            assertThat(status(c, f, null, null)).isEqualTo(401);

            // Dropping basic auth is a valid change: it applies (and the start-up log line said what is in force).
            write(web, "http_server_config:\n  headers:\n    X-Frame-Options: deny\n", 3);
            eventually("auth is off", () -> status(c, f, null, null) == 200);
            assertThat(ServeFixture.get(c, f.url("/metrics")).headers().firstValue("X-Frame-Options")).contains("deny");

            // TLS on needs a new listener: refused with the reason.
            write(web, "tls_server_config:\n  cert_file: nowhere.crt\n  key_file: nowhere.key\n", 4);
            eventually("the refusal is logged", () -> status(c, f, null, null) == 200
                    && f.log.toString().contains("turning TLS on needs a restart of jsos serve"));
            assertThat(status(c, f, null, null)).isEqualTo(200);
        }
    }

    @Test
    @Tag("real")
    void aRotatedCertificateIsServedToNewConnections() throws Exception {
        TestCa ca = TestCa.create(tmp.resolve("ca"));
        ca.server("first");
        ca.server("second");
        Path crt = ca.dir.resolve("live.crt");
        Path key = ca.dir.resolve("live.key");
        Files.copy(ca.file("first.crt"), crt);
        Files.copy(ca.file("first.key"), key);
        Path web = ca.dir.resolve("web.yml");
        write(web, "tls_server_config:\n  cert_file: live.crt\n  key_file: live.key\n", 0);
        SSLContext trusting = ca.clientContext(null);
        try (ServeFixture f = new ServeFixture(tmp.resolve("root"), web)) {
            URI url = URI.create(f.url("/"));
            Certificate first = Pem.certificates(ca.file("first.crt")).get(0);
            Certificate second = Pem.certificates(ca.file("second.crt")).get(0);
            assertThat(peer(trusting, url)).isEqualTo(first);

            // As a Secret update does it: the key first, then the certificate. In between the pair
            // does not match; that state is refused and the first certificate stays in use.
            Files.copy(ca.file("second.key"), key, StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(key, FileTime.from(Instant.now().plusSeconds(10)));
            eventually("the mismatched pair is refused", () -> peer(trusting, url).equals(first)
                    && f.log.toString().contains("does not match"));
            assertThat(peer(trusting, url)).isEqualTo(first);

            Files.copy(ca.file("second.crt"), crt, StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(crt, FileTime.from(Instant.now().plusSeconds(20)));
            eventually("the new certificate is served", () -> peer(trusting, url).equals(second));
            assertThat(f.log.toString()).contains("reloaded: TLS, no authentication");
            HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trusting).build();
            assertThat(ServeFixture.get(c, f.url("/metrics")).body()).contains("node_load1 0.75");
        }
    }

    /** The certificate a new TLS connection is shown. */
    private static Certificate peer(SSLContext ctx, URI url) throws Exception {
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(url.getHost(), url.getPort())) {
            s.startHandshake();
            return s.getSession().getPeerCertificates()[0];
        }
    }
}
