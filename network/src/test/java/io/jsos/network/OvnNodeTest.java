package io.jsos.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.api.Host;
import io.jsos.report.manifest.CollectorStatus;
import io.jsos.testkit.CollectorHarness;
import io.jsos.testkit.CollectorHarness.BundleOutcome;
import io.jsos.testkit.ScrapeHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An OVN-Kubernetes node (kernel datapath, Geneve tunnels, LACP bond, thousands of flows): identity and numbers. */
class OvnNodeTest {

    @Test
    void bridgesPortsTunnelsFlowsAndDatapath(@TempDir Path root) throws Exception {
        OvnNode node = new OvnNode(root.resolve("host"), 40, 3, 3000);
        Host host = node.host.build();
        assertThat(new OpenvswitchCollector().applies(host).applies()).isTrue();
        BundleOutcome out = CollectorHarness.collect(new OpenvswitchCollector(), host, root.resolve("out"));
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        JsonNode j = out.json();
        assertThat(j.path("reachable").asBoolean()).isTrue();
        assertThat(j.path("error").isNull()).isTrue();
        assertThat(j.path("open_vswitch").path("ovs_version").asText()).isEqualTo("3.1.0");
        assertThat(j.path("managers").get(0).path("target").asText()).isEqualTo("ptcp:6640:127.0.0.1");
        Map<String, JsonNode> bridges = new HashMap<>();
        j.path("bridges").forEach(b -> bridges.put(b.path("name").asText(), b));
        assertThat(bridges).containsOnlyKeys("br-int", "br-ex");
        JsonNode brInt = bridges.get("br-int");
        assertThat(brInt.path("datapath_type").asText()).isEqualTo("system");
        assertThat(brInt.path("fail_mode").asText()).isEqualTo("secure");
        assertThat(brInt.path("controllers").get(0).path("is_connected").asBoolean()).isTrue();
        assertThat(brInt.path("ports").size()).isEqualTo(3 + 40 + 3);
        int geneve = 0;
        String psk = null;
        for (JsonNode p : brInt.path("ports")) {
            JsonNode i = p.path("interfaces").get(0);
            if ("geneve".equals(i.path("type").asText())) {
                geneve++;
                if (i.path("options").has("psk")) {
                    psk = i.path("options").path("psk").asText();
                }
            }
        }
        assertThat(geneve).isEqualTo(3);
        assertThat(psk).isEqualTo("<redacted>");
        int total = 0;
        for (JsonNode n : brInt.path("flow_counts")) {
            total += n.asInt();
        }
        assertThat(total).isEqualTo(3000);
        assertThat(brInt.path("flow_counts").size()).isEqualTo(50);
        assertThat(brInt.path("flow_counts").path("49").asInt()).isEqualTo(60);
        JsonNode brEx = bridges.get("br-ex");
        assertThat(brEx.path("datapath_type").asText()).isEqualTo("system"); // "" in the DB means the kernel datapath
        JsonNode bond = null;
        for (JsonNode p : brEx.path("ports")) {
            if ("bond0".equals(p.path("name").asText())) {
                bond = p;
            }
        }
        assertThat(bond.path("bond_mode").asText()).isEqualTo("balance-tcp");
        assertThat(bond.path("tag").asInt()).isEqualTo(100);
        assertThat(bond.path("interfaces").size()).isEqualTo(2);
        assertThat(bond.path("interfaces").get(0).path("type").asText()).isEqualTo("system");
        assertThat(brEx.path("flow_counts").path("0").asInt()).isEqualTo(2);
        assertThat(brEx.path("flow_counts_from").asText()).isEqualTo("dump-flows"); // no dump-tables answer for br-ex
        assertThat(brInt.has("flow_counts_from")).isFalse();
        JsonNode dp = j.path("datapaths").get(0);
        assertThat(dp.path("name").asText()).isEqualTo("system@ovs-system");
        assertThat(dp.path("hit").asLong()).isEqualTo(123456);
        assertThat(dp.path("missed").asLong()).isEqualTo(789);
        assertThat(dp.path("lost").asLong()).isEqualTo(3);
        assertThat(dp.path("flows").asLong()).isEqualTo(42);
        Map<String, String> dpTypes = new HashMap<>();
        j.path("datapath_ports").forEach(p -> dpTypes.put(p.path("name").asText(), p.path("type").asText()));
        assertThat(dpTypes).containsEntry("eth1", "system").containsEntry("br-int", "internal").containsEntry("ovn-0a0000-0", "geneve");
        assertThat(out.everything()).doesNotContain("ipsecsecretpsk");
        assertThat(out.files()).containsKeys("var/log/openvswitch/ovs-vswitchd.log", "sos_commands/openvswitch/ovs-ofctl_br-int_dump-groups");

        ScrapeHarness.Scrape s = ScrapeHarness.scrape(new OpenvswitchCollector(), host);
        assertThat(s.value("jsos_ovs_datapath_lookups_total", "datapath", "system@ovs-system", "result", "lost")).contains(3.0);
        assertThat(s.value("jsos_ovs_flows", "bridge", "br-int", "table", "7")).contains(60.0);
        assertThat(s.family("jsos_ovs_port_info")).hasSize(46 + 3);
        assertThat(s.value("jsos_ovs_interface_receive_packets_total", "bridge", "br-ex", "interface", "eth2")).contains(40.0);
        assertThat(s.value("jsos_ovs_bridge_info", "bridge", "br-int", "datapath_type", "system")).contains(1.0);
    }
}
