package io.jsos.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jsos.agent.Jsos;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/kubernetes/jsos.yaml parses and holds what a node exporter's DaemonSet must. */
class DaemonSetManifestTest {

    static final Map<String, JsonNode> byKind = new HashMap<>();

    @BeforeAll
    static void parse() throws Exception {
        Path yaml = Path.of(System.getProperty("jsos.home", "..")).resolve("deploy/kubernetes/jsos.yaml");
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(yaml.toFile())) {
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && !d.isEmpty()) {
                    docs.add(d);
                }
            }
        }
        for (JsonNode d : docs) {
            assertThat(d.path("apiVersion").asText()).as("apiVersion of %s", d.path("kind")).isNotEmpty();
            assertThat(byKind.put(d.path("kind").asText(), d)).as("one %s", d.path("kind")).isNull();
        }
    }

    private static JsonNode daemonSet() {
        return byKind.get("DaemonSet");
    }

    private static JsonNode container() {
        JsonNode cs = daemonSet().at("/spec/template/spec/containers");
        assertThat(cs.size()).isEqualTo(1);
        return cs.get(0);
    }

    @Test
    void hasTheNamespaceServiceAccountDaemonSetAndService() {
        assertThat(byKind).containsOnlyKeys("Namespace", "ServiceAccount", "DaemonSet", "Service");
        String ns = byKind.get("Namespace").at("/metadata/name").asText();
        assertThat(ns).isEqualTo("jsos");
        for (String k : List.of("ServiceAccount", "DaemonSet", "Service")) {
            assertThat(byKind.get(k).at("/metadata/namespace").asText()).as(k).isEqualTo(ns);
        }
        assertThat(daemonSet().path("apiVersion").asText()).isEqualTo("apps/v1");
        assertThat(daemonSet().at("/spec/template/spec/serviceAccountName").asText())
                .isEqualTo(byKind.get("ServiceAccount").at("/metadata/name").asText());
        assertThat(byKind.get("ServiceAccount").path("automountServiceAccountToken").asBoolean(true)).isFalse();
    }

    @Test
    void seesTheNodeReadOnlyWithHostPidAndNoPrivileges() {
        JsonNode pod = daemonSet().at("/spec/template/spec");
        assertThat(pod.path("hostPID").asBoolean()).isTrue();
        assertThat(pod.path("hostNetwork").asBoolean(false)).isFalse();
        JsonNode hostRoot = null;
        for (JsonNode v : pod.path("volumes")) {
            if (v.has("hostPath")) {
                assertThat(v.at("/hostPath/path").asText()).isEqualTo("/");
                hostRoot = v;
            }
        }
        assertThat(hostRoot).as("a hostPath volume of /").isNotNull();
        JsonNode mount = null;
        for (JsonNode m : container().path("volumeMounts")) {
            if (m.path("name").asText().equals(hostRoot.path("name").asText())) {
                mount = m;
            }
        }
        assertThat(mount).isNotNull();
        assertThat(mount.path("mountPath").asText()).isEqualTo("/host");
        assertThat(mount.path("readOnly").asBoolean()).isTrue();

        JsonNode sc = container().path("securityContext");
        assertThat(sc.path("privileged").asBoolean(false)).isFalse();
        assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(sc.at("/capabilities/drop").toString()).contains("ALL");
        assertThat(sc.at("/capabilities/add").isMissingNode() || sc.at("/capabilities/add").isEmpty()).isTrue();
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(65532);
    }

    @Test
    void hasResourcesProbesAndScrapeAnnotations() {
        JsonNode r = container().path("resources");
        for (String p : List.of("/requests/cpu", "/requests/memory", "/limits/cpu", "/limits/memory")) {
            assertThat(r.at(p).asText()).as(p).isNotEmpty();
        }
        int port = container().at("/ports/0/containerPort").asInt();
        assertThat(port).isEqualTo(9910);
        String portName = container().at("/ports/0/name").asText();
        for (String probe : List.of("livenessProbe", "readinessProbe")) {
            JsonNode g = container().at("/" + probe + "/httpGet");
            assertThat(g.path("path").asText()).as(probe).isEqualTo("/healthz");
            assertThat(g.path("port").asText()).as(probe).isIn(portName, Integer.toString(port));
        }
        JsonNode ann = daemonSet().at("/spec/template/metadata/annotations");
        assertThat(ann.path("prometheus.io/scrape").asText()).isEqualTo("true");
        assertThat(ann.path("prometheus.io/port").asText()).isEqualTo(Integer.toString(port));
        assertThat(ann.path("prometheus.io/path").asText()).isEqualTo("/metrics");
        JsonNode svc = byKind.get("Service");
        assertThat(svc.at("/spec/ports/0/port").asInt()).isEqualTo(port);
        JsonNode selector = svc.at("/spec/selector");
        JsonNode podLabels = daemonSet().at("/spec/template/metadata/labels");
        selector.fields().forEachRemaining(e -> assertThat(podLabels.path(e.getKey()).asText()).isEqualTo(e.getValue().asText()));
        daemonSet().at("/spec/selector/matchLabels").fields()
                .forEachRemaining(e -> assertThat(podLabels.path(e.getKey()).asText()).isEqualTo(e.getValue().asText()));
    }

    @Test
    void theContainersArgumentsAreAValidJsosServeCommandLine() {
        List<String> args = new ArrayList<>();
        container().path("args").forEach(a -> args.add(a.asText()));
        assertThat(args).first().isEqualTo("serve");
        assertThat(args).contains("--host-root=/host", "--listen=:9910");
        // Parsed by jsos's own command line: an option renamed in the code breaks this test, not a node.
        Jsos.commandLine().parseArgs(args.toArray(String[]::new));
    }
}
