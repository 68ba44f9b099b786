package io.jsos.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.api.Collector;
import io.jsos.api.Host;
import io.jsos.report.manifest.CollectorStatus;
import io.jsos.testkit.CollectorHarness;
import io.jsos.testkit.CollectorHarness.BundleOutcome;
import io.jsos.testkit.ScrapeHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A Kubernetes node with 60 pods on the CNI bridge: identity and numbers. */
class K8sCniNodeTest {

    private static final int PODS = 60;

    private K8sCniNode node;
    private Host host;

    /** Builds the node and collects one collector over it; the run must end ok. */
    private BundleOutcome collect(Collector collector, Path root) throws Exception {
        node = new K8sCniNode(root.resolve("host"), PODS);
        host = node.host.build();
        BundleOutcome out = CollectorHarness.collect(collector, host, root.resolve("out"));
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        return out;
    }

    @Test
    void everyPodNamespaceWithItsInterfacesAndPodIdentity(@TempDir Path root) throws Exception {
        BundleOutcome out = collect(new InterfacesCollector(), root);
        assertThat(out.entry().errors()).isEmpty();
        JsonNode j = out.json();
        JsonNode nss = j.path("namespaces");
        assertThat(nss.size()).isEqualTo(1 + PODS + 1);
        JsonNode self = nss.get(0);
        assertThat(self.path("kind").asText()).isEqualTo("self");
        assertThat(self.path("id").asText()).isEqualTo(K8sCniNode.SELF_NS);
        Map<String, JsonNode> selfIfaces = new HashMap<>();
        self.path("interfaces").forEach(i -> selfIfaces.put(i.path("name").asText(), i));
        assertThat(selfIfaces).hasSize(3 + PODS);
        assertThat(selfIfaces.get("cni0").path("type").asText()).isEqualTo("bridge");
        assertThat(selfIfaces.get("eth0").path("driver").asText()).isEqualTo("virtio_net");
        JsonNode v7 = selfIfaces.get(node.veths.get(7));
        assertThat(v7.path("type").asText()).isEqualTo("veth");
        assertThat(v7.path("master").asText()).isEqualTo("cni0");
        assertThat(v7.path("peer_ifindex").asInt()).isEqualTo(3);
        assertThat(v7.path("peer_netns_id").asInt()).isEqualTo(7);
        assertThat(v7.path("statistics").path("rx_bytes").asLong()).isEqualTo(1000L * 17);

        Map<String, JsonNode> byName = new HashMap<>();
        nss.forEach(n -> byName.put(n.path("name").asText(), n));
        JsonNode pod7 = byName.get(node.netns.get(7));
        assertThat(pod7.path("kind").asText()).isEqualTo("named");
        assertThat(pod7.path("pids").asInt()).isEqualTo(1);
        assertThat(pod7.path("pod").path("name").asText()).isEqualTo("web-7");
        assertThat(pod7.path("pod").path("uid").asText()).isEqualTo(node.uids.get(7));
        assertThat(pod7.path("interfaces").get(1).path("addresses").get(0).asText()).isEqualTo("10.244.1.9/24");
        assertThat(pod7.path("interfaces").get(1).path("peer_ifindex").asInt()).isEqualTo(17);

        JsonNode orphan = byName.get("pid:5000");
        assertThat(orphan.path("kind").asText()).isEqualTo("process");
        assertThat(orphan.path("name").asText()).isEqualTo("pid:5000");
        assertThat(orphan.path("pids").asInt()).isEqualTo(2);
        assertThat(orphan.path("pod").isNull()).isTrue();
        assertThat(orphan.path("interfaces").size()).isEqualTo(2);

        List<String> podOfVeth = new ArrayList<>();
        j.path("pod_interfaces").forEach(p -> podOfVeth.add(p.path("device").asText() + "=" + p.path("pod").asText()));
        assertThat(podOfVeth).hasSize(PODS).contains(node.veths.get(7) + "=web-7");

        assertThat(out.text("sos_commands/interfaces/etc/cni/net.d/10-bridge.conflist")).contains("cni0");
        assertThat(out.everything()).doesNotContain("hunter2secret").contains("psk-flags=0");
        assertThat(out.files()).containsKey("sos_commands/interfaces/netns_" + node.netns.get(3) + "_ip_-j_-s_-d_addr_show");

        ScrapeHarness.Scrape s = ScrapeHarness.scrape(new InterfacesCollector(), host);
        assertThat(s.family("jsos_pod_interface_info")).hasSize(PODS);
        assertThat(s.value("jsos_pod_interface_info", "device", node.veths.get(7), "pod", "web-7", "namespace", "default")).contains(1.0);
        assertThat(s.value("jsos_network_namespaces", "kind", "named")).contains((double) PODS);
        assertThat(s.value("jsos_network_namespaces", "kind", "process")).contains(1.0);
    }

    @Test
    void theCniBridgeWithAllPodPortsAndItsFdb(@TempDir Path root) throws Exception {
        BundleOutcome out = collect(new BridgeCollector(), root);
        JsonNode bridges = out.json().path("bridges");
        assertThat(bridges.size()).isEqualTo(1);
        JsonNode cni0 = bridges.get(0);
        assertThat(cni0.path("name").asText()).isEqualTo("cni0");
        assertThat(cni0.path("namespace").asText()).isEqualTo("self");
        assertThat(cni0.path("stp_enabled").asBoolean()).isFalse();
        assertThat(cni0.path("forward_delay_s").asDouble()).isEqualTo(15.0);
        assertThat(cni0.path("ports").size()).isEqualTo(PODS);
        cni0.path("ports").forEach(p -> {
            assertThat(p.path("state").asText()).isEqualTo("forwarding");
            assertThat(p.path("role").isNull()).isTrue(); // no STP, no role
        });
        assertThat(cni0.path("fdb_entries").asInt()).isEqualTo(PODS + 1);
        assertThat(cni0.path("fdb_truncated").asBoolean()).isFalse();
        assertThat(out.text("sos_commands/bridge/sysfs_cni0")).contains("bridge/stp_state = 0", "bridge/forward_delay = 1500",
                "brif/" + node.veths.get(5) + "/state = 3").doesNotContain("flush");

        ScrapeHarness.Scrape s = ScrapeHarness.scrape(new BridgeCollector(), host);
        assertThat(s.value("jsos_bridge_ports", "bridge", "cni0")).contains((double) PODS);
        assertThat(s.value("jsos_bridge_port_stp_state", "bridge", "cni0", "port", node.veths.get(0))).contains(3.0);
    }
}
