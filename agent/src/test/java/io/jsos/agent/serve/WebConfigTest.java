package io.jsos.agent.serve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebConfigTest {

    @TempDir
    Path tmp;

    private static final String HASH = "$2y$10$6J48Qpn6Qm/nBWwPgjCduuXkT9jvgood2ZgZeLeuQXUTIlTDs67Ni";

    private WebConfig load(String yaml) throws Exception {
        Path p = tmp.resolve("web.yml");
        Files.writeString(p, yaml);
        return WebConfig.load(p);
    }

    @Test
    void readsNodeExportersFormatWithPathsRelativeToTheFile() throws Exception {
        WebConfig c = load("""
                tls_server_config:
                  cert_file: tls/server.crt
                  key_file: /etc/jsos/server.key
                  client_auth_type: VerifyClientCertIfGiven
                  client_ca_file: ca.crt
                  min_version: TLS12
                  max_version: TLS13
                  cipher_suites: [TLS_AES_128_GCM_SHA256]
                http_server_config:
                  http2: true
                  headers:
                    strict-transport-security: max-age=31536000
                basic_auth_users:
                  alice: %s
                """.formatted(HASH));
        assertThat(c.tlsEnabled()).isTrue();
        assertThat(c.tls().certFile()).isEqualTo(tmp.resolve("tls/server.crt"));
        assertThat(c.tls().keyFile()).isEqualTo(Path.of("/etc/jsos/server.key"));
        assertThat(c.tls().clientCaFile()).isEqualTo(tmp.resolve("ca.crt"));
        assertThat(c.tls().clientAuth()).isEqualTo(WebConfig.ClientAuth.VerifyClientCertIfGiven);
        assertThat(c.tls().minVersion()).isEqualTo("TLSv1.2");
        assertThat(c.tls().maxVersion()).isEqualTo("TLSv1.3");
        assertThat(c.headers()).containsEntry("Strict-Transport-Security", "max-age=31536000");
        assertThat(c.basicAuthUsers()).containsEntry("alice", HASH);
        assertThat(c.warnings()).containsExactlyInAnyOrder(
                "tls_server_config.cipher_suites is ignored: the JDK's defaults apply",
                "http_server_config.http2 is ignored: jsos serves HTTP/1.1");
    }

    @Test
    void anEmptyFileOrTlsWithoutCertificatesIsPlainHttp() throws Exception {
        assertThat(load("").tlsEnabled()).isFalse();
        assertThat(load("tls_server_config: {}\n").tlsEnabled()).isFalse();
        assertThat(load("tls_server_config:\n  cert_file: ''\n  key_file: ''\n").tlsEnabled()).isFalse();
    }

    @Test
    void mistakesAreUsageErrorsThatSayWhatIsWrong() {
        assertThatThrownBy(() -> load("basic_auth_users:\n  bob: hunter2\n")).hasMessageContaining("not a bcrypt hash")
                .hasMessageContaining("htpasswd -nBC 10 bob");
        assertThatThrownBy(() -> load("tls_config:\n  cert_file: x\n")).hasMessageContaining("unknown key 'tls_config'");
        assertThatThrownBy(() -> load("tls_server_config:\n  certfile: x\n")).hasMessageContaining("unknown key 'certfile'");
        assertThatThrownBy(() -> load("tls_server_config:\n  cert_file: a.crt\n")).hasMessageContaining("no key_file");
        assertThatThrownBy(() -> load("tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: Sometimes\n"))
                .hasMessageContaining("invalid client_auth_type 'Sometimes'");
        assertThatThrownBy(() -> load("tls_server_config:\n  cert_file: a\n  key_file: b\n  client_ca_file: ca\n"))
                .hasMessageContaining("client_ca_file is set but client_auth_type does not ask");
        assertThatThrownBy(() -> load("tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: RequireAndVerifyClientCert\n"))
                .hasMessageContaining("needs client_ca_file");
        assertThatThrownBy(() -> load("tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: SSL3\n"))
                .hasMessageContaining("unknown TLS version 'SSL3'");
        assertThatThrownBy(() -> load("http_server_config:\n  headers:\n    Server: jsos\n")).hasMessageContaining("header Server cannot be set");
        assertThatThrownBy(() -> load("- a\n- b\n")).hasMessageContaining("expected a YAML mapping");
        assertThatThrownBy(() -> load("basic_auth_users: [a]\n")).hasMessageContaining("must be a mapping");
        assertThatThrownBy(() -> WebConfig.load(tmp.resolve("missing.yml"))).hasMessageContaining("cannot read the web config");
    }

    @Test
    void theOldClientCertNameOfExporterToolkitStillWorks() throws Exception {
        assertThat(load("tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: RequireClientCert\n")
                .tls().clientAuth()).isEqualTo(WebConfig.ClientAuth.RequireAnyClientCert);
    }
}
