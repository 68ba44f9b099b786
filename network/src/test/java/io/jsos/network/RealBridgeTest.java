package io.jsos.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.engine.host.LocalHost;
import io.jsos.report.manifest.CollectorStatus;
import io.jsos.testkit.CollectorHarness;
import io.jsos.testkit.CollectorHarness.BundleOutcome;
import io.jsos.testkit.Real;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Linux bridge with STP, three veth ports and a static FDB entry in a network namespace
 * this test creates; jsos, running in its own namespace, must report exactly that topology by
 * looking into the named namespace.
 */
@Tag("real")
class RealBridgeTest {

    private final String ns = "jsosbr" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24));

    @BeforeEach
    void setUp() {
        Real.requireRoot();
        Real.requireProgram("ip", "iproute2");
        Real.requireProgram("bridge", "iproute2");
        Sh.run("ip", "netns", "add", ns);
        Sh.run("ip", "-n", ns, "link", "set", "lo", "up");
        Sh.run("ip", "-n", ns, "link", "add", "br0", "type", "bridge", "stp_state", "1", "forward_delay", "400",
                "hello_time", "200", "priority", "28672");
        for (int i = 1; i <= 3; i++) {
            Sh.run("ip", "-n", ns, "link", "add", "lv" + i, "type", "veth", "peer", "name", "lv" + i + "p");
            Sh.run("ip", "-n", ns, "link", "set", "lv" + i, "master", "br0");
            Sh.run("ip", "-n", ns, "link", "set", "lv" + i, "up");
            Sh.run("ip", "-n", ns, "link", "set", "lv" + i + "p", "up");
        }
        Sh.run("ip", "-n", ns, "link", "set", "lv3", "type", "bridge_slave", "cost", "7");
        Sh.run("ip", "-n", ns, "link", "set", "br0", "up");
        Sh.run("bridge", "-n", ns, "fdb", "add", "02:00:00:00:00:aa", "dev", "lv2", "master", "static");
        Sh.run("bridge", "-n", ns, "fdb", "add", "02:00:00:00:00:bb", "dev", "lv3", "master", "static");
    }

    @AfterEach
    void tearDown() {
        Sh.quiet("ip", "netns", "del", ns);
    }

    @Test
    void bridgeInANamedNamespaceIsReportedAsBuilt(@TempDir Path tmp) {
        BundleOutcome out = CollectorHarness.collect(new BridgeCollector(), LocalHost.local(), tmp);
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        List<JsonNode> mine = new ArrayList<>();
        out.json().path("bridges").forEach(b -> {
            if (ns.equals(b.path("namespace").asText())) {
                mine.add(b);
            }
        });
        assertThat(mine).hasSize(1);
        JsonNode br = mine.get(0);
        assertThat(br.path("name").asText()).isEqualTo("br0");
        assertThat(br.path("stp_enabled").asBoolean()).isTrue();
        assertThat(br.path("vlan_filtering").asBoolean()).isFalse();
        assertThat(br.path("forward_delay_s").asDouble()).isEqualTo(4.0);
        assertThat(br.path("priority").asInt()).isEqualTo(28672);
        Map<String, JsonNode> ports = new HashMap<>();
        br.path("ports").forEach(p -> ports.put(p.path("name").asText(), p));
        assertThat(ports).containsOnlyKeys("lv1", "lv2", "lv3");
        assertThat(ports.get("lv3").path("path_cost").asInt()).isEqualTo(7);
        assertThat(ports.get("lv1").path("path_cost").asInt()).isEqualTo(2);
        ports.values().forEach(p -> assertThat(p.path("state").asText()).isIn("listening", "learning", "forwarding"));
        ports.values().forEach(p -> assertThat(p.path("role").asText()).isEqualTo("designated"));
        List<String> statics = new ArrayList<>();
        br.path("fdb").forEach(f -> {
            if ("static".equals(f.path("state").asText())) {
                statics.add(f.path("mac").asText() + "@" + f.path("port").asText());
            }
        });
        assertThat(statics).containsExactlyInAnyOrder("02:00:00:00:00:aa@lv2", "02:00:00:00:00:bb@lv3");
        assertThat(br.path("fdb_entries").asInt()).isEqualTo(br.path("fdb").size()).isGreaterThanOrEqualTo(2);
        assertThat(br.path("fdb_truncated").asBoolean()).isFalse();
        assertThat(out.files()).containsKey("sos_commands/bridge/netns_" + ns + "_bridge_-j_-s_fdb_show_br_br0");
    }

    @Test
    void interfacesOfTheNamespaceWithVethPeers(@TempDir Path tmp) {
        BundleOutcome out = CollectorHarness.collect(new InterfacesCollector(), LocalHost.local(), tmp);
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        JsonNode mine = null;
        for (JsonNode n : out.json().path("namespaces")) {
            if (ns.equals(n.path("name").asText())) {
                mine = n;
            }
        }
        assertThat(mine).as("namespace " + ns + " in " + out.json().path("namespaces")).isNotNull();
        assertThat(mine.path("kind").asText()).isEqualTo("named");
        assertThat(mine.path("error").isNull()).isTrue();
        Map<String, JsonNode> byName = new HashMap<>();
        mine.path("interfaces").forEach(i -> byName.put(i.path("name").asText(), i));
        assertThat(byName).containsOnlyKeys("lo", "br0", "lv1", "lv1p", "lv2", "lv2p", "lv3", "lv3p");
        assertThat(byName.get("br0").path("type").asText()).isEqualTo("bridge");
        assertThat(byName.get("lo").path("type").asText()).isEqualTo("loopback");
        for (int i = 1; i <= 3; i++) {
            JsonNode v = byName.get("lv" + i);
            assertThat(v.path("type").asText()).isEqualTo("veth");
            assertThat(v.path("master").asText()).isEqualTo("br0");
            assertThat(v.path("peer_ifindex").asInt()).isEqualTo(byName.get("lv" + i + "p").path("ifindex").asInt());
            assertThat(v.path("statistics").has("rx_bytes")).isTrue();
        }
    }
}
