package io.jsos.cgroups.kubernetes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KubeScrubberTest {

    @Test
    void kubeconfigKeyAndTokenBlankedCertificatesKept() {
        KubeScrubber.Result r = KubeScrubber.scrub("""
                users:
                - name: admin
                  user:
                    client-certificate-data: LS0tCERT
                    client-key-data: LS0tKEY
                    token: abc.def
                - name: other
                  user:
                    "token": 'quoted'
                """);
        assertThat(r.text()).contains("client-certificate-data: LS0tCERT", "client-key-data: REDACTED-BY-JSOS",
                "    token: REDACTED-BY-JSOS", "\"token\": REDACTED-BY-JSOS").doesNotContain("LS0tKEY", "abc.def", "quoted");
        assertThat(r.blanked()).containsExactly("client-key-data", "token", "token");
    }

    @Test
    void pathsAndNestedBlocksKept() {
        KubeScrubber.Result r = KubeScrubber.scrub("""
                tokenFile: /var/run/secrets/token
                client-key: /var/lib/kubelet/pki/kubelet-client-current.pem
                auth-provider:
                  config:
                    client-secret: s3cr3t
                    id-token: eyJhbGciOi
                    refresh-token: r1
                secretKeyRef:
                  name: x
                certificateKey: 0123abcd
                password: ""
                """);
        assertThat(r.text()).contains("tokenFile: /var/run/secrets/token", "client-key: /var/lib/kubelet/pki/kubelet-client-current.pem",
                "secretKeyRef:\n", "client-secret: REDACTED-BY-JSOS", "id-token: REDACTED-BY-JSOS", "refresh-token: REDACTED-BY-JSOS",
                "certificateKey: REDACTED-BY-JSOS", "password: \"\"");
        assertThat(r.blanked()).containsExactly("client-secret", "id-token", "refresh-token", "certificateKey");
    }

    @Test
    void flagsInManifestsAndEnvFiles() {
        KubeScrubber.Result r = KubeScrubber.scrub("""
                    - --token-auth-file=/etc/kubernetes/tokens.csv
                    - --oidc-client-secret=plantedoidcsecret
                KUBELET_ARGS="--node-ip=10.0.0.1 --bootstrap-token=abcdef.0123 --v=2"
                """);
        assertThat(r.text()).contains("--token-auth-file=/etc/kubernetes/tokens.csv", "--oidc-client-secret=REDACTED-BY-JSOS",
                "--bootstrap-token=REDACTED-BY-JSOS --v=2", "--node-ip=10.0.0.1").doesNotContain("planted", "abcdef.0123");
        assertThat(r.blanked()).containsExactly("oidc-client-secret", "bootstrap-token");
    }

    @Test
    void keepsTextShape() {
        assertThat(KubeScrubber.scrub("a: 1\nb: 2").text()).isEqualTo("a: 1\nb: 2");
        assertThat(KubeScrubber.scrub("a: 1\n").text()).isEqualTo("a: 1\n");
        assertThat(KubeScrubber.scrub("").text()).isEmpty();
    }
}
