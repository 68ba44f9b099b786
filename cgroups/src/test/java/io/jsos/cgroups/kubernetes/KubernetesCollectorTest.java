package io.jsos.cgroups.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.api.Host;
import io.jsos.report.manifest.CollectorStatus;
import io.jsos.report.redact.Redactor;
import io.jsos.testkit.CollectorHarness;
import io.jsos.testkit.CollectorHarness.BundleOutcome;
import io.jsos.testkit.FixtureHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The kubernetes collector on the k8s fixture node, with a fake crictl. */
class KubernetesCollectorTest {

    /** Answers like crictl for each subcommand, checking the socket flag is passed. */
    private static final String CRICTL = """
            #!/bin/sh
            case "$*" in
              *--runtime-endpoint\\ unix:///run/containerd/containerd.sock*) ;;
              *) echo "no endpoint: $*" >&2; exit 2 ;;
            esac
            case "$*" in
              *" pods "*) echo '{"items":[{"id":"e0f24ff5","metadata":{"name":"payments-7d9f8b6c5-x2x9q","namespace":"shop"}}]}' ;;
              *" ps "*) echo '{"containers":[{"id":"740aa698","metadata":{"name":"payments"}}]}' ;;
              *" info "*) echo '{"status":{"conditions":[{"type":"RuntimeReady","status":true}]}}' ;;
              *" version "*) echo '{"runtimeName":"containerd","runtimeVersion":"v1.7.13"}' ;;
            esac
            """;

    @TempDir
    Path tmp;

    private FixtureHost node() {
        return FixtureHost.in(tmp.resolve("root")).loadResource("/fixtures/k8s-v2-systemd.fixture");
    }

    @Test
    void gathersTheNodeContextWithSecretsBlankedEvenWithoutRedaction() {
        Host host = node().commandScript("crictl", CRICTL).build();
        KubernetesCollector k = new KubernetesCollector();
        assertThat(k.applies(host).applies()).isTrue();
        BundleOutcome out = CollectorHarness.collect(k, host, tmp.resolve("work"), Redactor.none(), Map.of(), null);
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);

        String everything = out.everything();
        assertThat(everything).doesNotContain("UExBTlRFRC1BRE1JTi1LRVktREFUQQ==", "plantedbootstraptoken", "plantedoidcsecret",
                "PLANTEDCAPRIVATEKEY");
        assertThat(out.text("sos_commands/kubernetes/etc/kubernetes/admin.conf"))
                .contains("client-key-data: REDACTED-BY-JSOS", "client-certificate-data: LS0t", "server: https://10.0.0.10:6443");
        assertThat(out.text("sos_commands/kubernetes/etc/kubernetes/bootstrap-kubelet.conf")).contains("token: REDACTED-BY-JSOS");
        assertThat(out.text("sos_commands/kubernetes/etc/kubernetes/manifests/kube-apiserver.yaml"))
                .contains("--token-auth-file=/etc/kubernetes/tokens.csv", "--oidc-client-secret=REDACTED-BY-JSOS");
        assertThat(out.text("sos_commands/kubernetes/var/lib/kubelet/config.yaml")).contains("cgroupDriver: systemd");
        assertThat(out.text("etc/containerd/config.toml")).contains("SystemdCgroup = true");
        assertThat(out.files().keySet()).noneMatch(f -> f.contains("pki/"));

        JsonNode doc = out.json();
        assertThat(doc.at("/kubelet/cgroupDriver").asText()).isEqualTo("systemd");
        assertThat(doc.at("/kubelet/podPidsLimit").asText()).isEqualTo("4096");
        assertThat(doc.get("staticPods").toString()).isEqualTo("[\"etcd.yaml\",\"kube-apiserver.yaml\"]");
        assertThat(doc.get("pki").toString()).isEqualTo("[\"ca.crt\",\"ca.key\"]");
        assertThat(doc.get("runtimeSocket").asText()).isEqualTo("/run/containerd/containerd.sock");
        assertThat(doc.get("files").toString()).contains("\"path\":\"/etc/kubernetes/admin.conf\"", "\"blanked\":[\"client-key-data\"]");

        assertThat(doc.at("/crictl/runs")).hasSize(4);
        assertThat(doc.at("/crictl/runs/0/exitCode").asInt()).isZero();
        assertThat(out.text("sos_commands/kubernetes/crictl-pods.json")).contains("payments-7d9f8b6c5-x2x9q");
        assertThat(out.text("sos_commands/kubernetes/crictl-version.json")).contains("v1.7.13");
        assertThat(out.entry().commands()).hasSize(4);

        assertThat(doc.get("pods")).hasSize(4);
        assertThat(doc.get("pods").toString()).contains("\"namespace\":\"kube-system\",\"pod\":\"coredns-5d78c9869d-abcde\"",
                "{\"name\":\"coredns\",\"logs\":[\"0.log\",\"1.log\"]}");
        assertThat(out.text("sos_commands/kubernetes/pods")).contains("shop", "payments-7d9f8b6c5-x2x9q", "payments (1)");
    }

    @Test
    void aHungCrictlIsKilledAtItsTimeout() {
        Host host = node().commandScript("crictl", "#!/bin/sh\nexec sleep 600\n").build();
        long start = System.nanoTime();
        BundleOutcome out = CollectorHarness.collect(new KubernetesCollector(), host, tmp.resolve("work"), Redactor.none(),
                Map.of("crictl-timeout", "300ms"), Duration.ofSeconds(20));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        assertThat(out.json().at("/crictl/runs/0/timedOut").asBoolean()).isTrue();
    }

    @Test
    void noCrictlNoSocket() {
        BundleOutcome out = CollectorHarness.collect(new KubernetesCollector(), node().build(), tmp.resolve("work"));
        assertThat(out.json().at("/crictl/skipped").asText()).isEqualTo("crictl not on PATH");
        Host noSocket = FixtureHost.in(tmp.resolve("other")).file("/etc/docker/daemon.json", "{}\n").commandScript("crictl", CRICTL).build();
        BundleOutcome o2 = CollectorHarness.collect(new KubernetesCollector(), noSocket, tmp.resolve("work2"));
        assertThat(o2.json().at("/crictl/skipped").asText()).startsWith("no runtime socket");
        assertThat(o2.text("etc/docker/daemon.json")).isEqualTo("{}\n");
        assertThat(o2.text("sos_commands/kubernetes/pods")).startsWith("no pod log folders");
    }

    @Test
    void appliesOnlyWhereKubeletOrRuntimeFilesExist() {
        assertThat(new KubernetesCollector().applies(FixtureHost.in(tmp.resolve("bare")).file("/etc/hostname", "x\n").build())
                .applies()).isFalse();
        assertThat(new KubernetesCollector().applies(FixtureHost.in(tmp.resolve("dock")).file("/etc/docker/daemon.json", "{}").build())
                .reason()).isEqualTo("/etc/docker/daemon.json exists");
    }
}
