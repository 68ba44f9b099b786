package io.jsos.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.api.Host;
import io.jsos.report.manifest.CollectorStatus;
import io.jsos.report.redact.Redactor;
import io.jsos.testkit.CollectorHarness;
import io.jsos.testkit.CollectorHarness.BundleOutcome;
import io.jsos.testkit.FixtureHost;
import io.jsos.testkit.ScrapeHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Tools missing, printing garbage or hanging, interfaces vanishing, tables too big: recorded, bounded, no crash. */
class BadInputTest {

    /** A node with one bridge and two ports in sysfs, and whatever tools the test adds. */
    private static FixtureHost sysfsNode(Path root) {
        FixtureHost h = FixtureHost.in(root).symlink("/proc/self", "1").symlink("/proc/1/ns/net", "net:[4026531840]");
        for (String[] i : new String[][]{{"lo", "1", "772"}, {"br0", "2", "1"}, {"tap0", "3", "1"}, {"tap1", "4", "1"}}) {
            String d = "/sys/class/net/" + i[0];
            h.file(d + "/ifindex", i[1] + "\n").file(d + "/iflink", i[1] + "\n").file(d + "/type", i[2] + "\n")
                    .file(d + "/operstate", "up\n").file(d + "/mtu", "1500\n").file(d + "/statistics/rx_bytes", "5\n");
        }
        h.file("/sys/class/net/tap0/tun_flags", "0x1002\n").file("/sys/class/net/tap1/tun_flags", "0x1001\n")
                .file("/sys/class/net/br0/bridge/stp_state", "1\n").file("/sys/class/net/br0/bridge/bridge_id", "8000.aabbccddeeff\n")
                .file("/sys/class/net/br0/bridge/root_port", "0\n").file("/sys/class/net/br0/bridge/forward_delay", "400\n")
                .symlink("/sys/class/net/br0/brif/tap0", "../../tap0/brport").symlink("/sys/class/net/tap0/master", "../br0")
                .file("/sys/class/net/tap0/brport/state", "4\n").file("/sys/class/net/tap0/brport/port_no", "0x1\n")
                .file("/sys/class/net/tap0/brport/designated_bridge", "8000.001122334455\n")
                // a port that left mid-walk: its brif link dangles
                .symlink("/sys/class/net/br0/brif/gone0", "../../gone0/brport")
                // an interface that vanished between the listing and the reads
                .dir("/sys/class/net/gone1");
        return h;
    }

    @Test
    void withoutIpSysfsStillTellsInterfacesAndBridges(@TempDir Path root) {
        Host host = sysfsNode(root.resolve("h")).build();
        BundleOutcome out = CollectorHarness.collect(new InterfacesCollector(), host, root.resolve("o1"));
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        assertThat(out.entry().errors()).anyMatch(e -> e.contains("ip") && e.contains("not found"));
        JsonNode self = out.json().path("namespaces").get(0);
        Map<String, String> types = new HashMap<>();
        self.path("interfaces").forEach(i -> types.put(i.path("name").asText(), i.path("type").asText()));
        // tun_flags 0x1002 has IFF_TAP, 0x1001 is IFF_TUN
        assertThat(types).containsExactlyInAnyOrderEntriesOf(Map.of("lo", "loopback", "br0", "bridge", "tap0", "tap", "tap1", "tun"));
        assertThat(out.json().path("vanished").toString()).contains("gone1");

        BundleOutcome br = CollectorHarness.collect(new BridgeCollector(), host, root.resolve("o2"));
        assertThat(br.entry().status()).isEqualTo(CollectorStatus.OK);
        JsonNode b = br.json().path("bridges").get(0);
        assertThat(b.path("source").asText()).isEqualTo("sysfs");
        assertThat(b.path("stp_enabled").asBoolean()).isTrue();
        assertThat(b.path("vlan_filtering").isBoolean()).isTrue(); // no sysfs file: a kernel without VLAN filtering
        assertThat(b.path("vlan_filtering").asBoolean()).isFalse();
        assertThat(b.path("forward_delay_s").asDouble()).isEqualTo(4.0);
        assertThat(b.path("ports").size()).isEqualTo(1);
        assertThat(b.path("ports").get(0).path("state").asText()).isEqualTo("blocking");
        assertThat(b.path("ports").get(0).path("role").asText()).isEqualTo("alternate");
        assertThat(br.entry().errors()).anyMatch(e -> e.contains("ip -j -d link show"));
    }

    @Test
    void garbageFromIpAndBridgeIsRecorded(@TempDir Path root) {
        Host host = sysfsNode(root.resolve("h")).command("ip", "Segmentation fault {[\"", 0)
                .command("bridge", "\u0000\u0001garbage", 0).build();
        BundleOutcome out = CollectorHarness.collect(new InterfacesCollector(), host, root.resolve("o1"));
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        assertThat(out.entry().errors()).anyMatch(e -> e.contains("not JSON"));
        assertThat(out.json().path("namespaces").get(0).path("interfaces").size()).isEqualTo(4); // from sysfs
        BundleOutcome br = CollectorHarness.collect(new BridgeCollector(), host, root.resolve("o2"));
        assertThat(br.entry().status()).isEqualTo(CollectorStatus.OK);
        assertThat(br.json().path("bridges").get(0).path("source").asText()).isEqualTo("sysfs");
        assertThat(br.entry().errors()).anyMatch(e -> e.contains("fdb") && e.contains("not JSON"));
    }

    private static String fdb(int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append(String.format("{\"mac\":\"02:00:00:%02x:%02x:%02x\",\"ifname\":\"tap0\",\"master\":\"br0\",\"state\":\"\"}",
                    i >> 16 & 255, i >> 8 & 255, i & 255));
        }
        return sb.append("]").toString();
    }

    @Test
    void thousandsOfFdbEntriesAreCountedAndBounded(@TempDir Path root) {
        Host host = sysfsNode(root.resolve("h")).command("bridge", fdb(5000), 0).build();
        BundleOutcome out = CollectorHarness.collect(new BridgeCollector(), host, root.resolve("o1"));
        JsonNode b = out.json().path("bridges").get(0);
        assertThat(b.path("fdb_entries").asInt()).isEqualTo(5000);
        assertThat(b.path("fdb").size()).isEqualTo(1000);
        assertThat(b.path("fdb_truncated").asBoolean()).isTrue();

        BundleOutcome capped = CollectorHarness.collect(new BridgeCollector(), host, root.resolve("o2"), Redactor.none(),
                Map.of("fdb-output-cap", "20000"), null);
        assertThat(capped.entry().status()).isEqualTo(CollectorStatus.OK);
        JsonNode c = capped.json().path("bridges").get(0);
        assertThat(c.path("fdb_truncated").asBoolean()).isTrue();
        assertThat(c.path("fdb_entries").asInt()).isBetween(200, 4999);
        assertThat(capped.entry().errors()).anyMatch(e -> e.contains("at least"));
    }

    private static FixtureHost ovsNode(Path root) {
        return FixtureHost.in(root).file("/var/run/openvswitch/db.sock", "").file("/var/run/openvswitch/ovs-vswitchd.ctl", "")
                .file("/var/run/openvswitch/br0.mgmt", "");
    }

    @Test
    void ovsToolsMissing(@TempDir Path root) {
        BundleOutcome out = CollectorHarness.collect(new OpenvswitchCollector(), ovsNode(root.resolve("h")).build(), root.resolve("o"));
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        assertThat(out.json().path("reachable").asBoolean()).isFalse();
        assertThat(out.json().path("error").asText()).contains("ovsdb-client").contains("not found");
        assertThat(out.json().path("bridges").size()).isZero();
    }

    @Test
    void ovsInstalledButNotRunningIsSaidWithoutRunningTheClient(@TempDir Path root) {
        // The client would answer garbage if it ran: nothing in the result may come from it.
        Host installed = FixtureHost.in(root.resolve("h")).command("ovsdb-client", "<html>proxy error</html>\n", 0)
                .command("ovs-vsctl", "", 0).build();
        BundleOutcome out = CollectorHarness.collect(new OpenvswitchCollector(), installed, root.resolve("o"));
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        assertThat(out.json().path("reachable").isNull()).as("no switch to reach, not an unreachable one").isTrue();
        assertThat(out.json().path("error").asText()).contains("not run: no ovsdb-server socket at /var/run/openvswitch/db.sock");
        var scrape = ScrapeHarness.scrape(new OpenvswitchCollector(), installed);
        assertThat(scrape.value("jsos_ovs_up")).contains(0.0);

        // A daemon's pid file without its socket: a server that died, unreachable.
        Host died = FixtureHost.in(root.resolve("d")).command("ovsdb-client", "", 0).command("ovs-vsctl", "", 0)
                .file("/var/run/openvswitch/ovsdb-server.pid", "4242\n").build();
        BundleOutcome crashed = CollectorHarness.collect(new OpenvswitchCollector(), died, root.resolve("o2"));
        assertThat(crashed.json().path("reachable").isBoolean()).isTrue();
        assertThat(crashed.json().path("reachable").asBoolean()).isFalse();
    }

    @Test
    void ovsGarbageAndAHungDatabaseClient(@TempDir Path root) {
        Host garbage = ovsNode(root.resolve("g")).command("ovsdb-client", "<html>proxy error</html>\n", 0)
                .command("ovs-appctl", "??\n", 0).build();
        BundleOutcome g = CollectorHarness.collect(new OpenvswitchCollector(), garbage, root.resolve("o1"));
        assertThat(g.entry().status()).isEqualTo(CollectorStatus.OK);
        assertThat(g.json().path("reachable").asBoolean()).isFalse();
        assertThat(g.json().path("error").asText()).contains("no table");
        assertThat(g.json().path("datapaths").size()).isZero();

        // a client that ignores its own --timeout: the command timeout (ovs-timeout + 2 s) kills it
        Host hung = ovsNode(root.resolve("h")).commandScript("ovsdb-client", "#!/bin/sh\nexec sleep 1000\n")
                .command("ovs-appctl", "system@ovs-system:\n  lookups: hit:1 missed:2 lost:0\n", 0).build();
        BundleOutcome h = CollectorHarness.collect(new OpenvswitchCollector(), hung, root.resolve("o2"), Redactor.none(),
                Map.of("ovs-timeout", "1s"), null);
        assertThat(h.entry().status()).isEqualTo(CollectorStatus.OK);
        assertThat(h.json().path("reachable").asBoolean()).isFalse();
        assertThat(h.json().path("error").asText()).contains("timed out");
        assertThat(h.json().path("datapaths").get(0).path("missed").asInt()).isEqualTo(2);
    }

    /** br-int of an OVN node with 20000 flows, collected with a 100 kB cap on dump-flows output. */
    private static JsonNode brIntOver100kB(Path root, boolean dumpTables) throws Exception {
        OvnNode node = new OvnNode(root.resolve("h"), 2, 1, 20000, dumpTables);
        BundleOutcome out = CollectorHarness.collect(new OpenvswitchCollector(), node.host.build(), root.resolve("o"), Redactor.none(),
                Map.of("flow-output-cap", "100000"), null);
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        assertThat(out.files().get("sos_commands/openvswitch/ovs-ofctl_br-int_dump-flows").length).isLessThanOrEqualTo(100000);
        for (JsonNode b : out.json().path("bridges")) {
            if ("br-int".equals(b.path("name").asText())) {
                assertThat(b.path("flows_truncated").asBoolean()).isTrue();
                return b;
            }
        }
        throw new AssertionError("no br-int in " + out.json());
    }

    private static int flowTotal(JsonNode bridge) {
        int total = 0;
        for (JsonNode n : bridge.path("flow_counts")) {
            total += n.asInt();
        }
        return total;
    }

    @Test
    void thousandsOfFlowsOverTheCapAreStillCountedExactlyByDumpTables(@TempDir Path root) throws Exception {
        assertThat(flowTotal(brIntOver100kB(root, true))).isEqualTo(20000);
    }

    @Test
    void thousandsOfFlowsOverTheCapAreCountedAsAFloor(@TempDir Path root) throws Exception {
        JsonNode brInt = brIntOver100kB(root, false);
        assertThat(flowTotal(brInt)).isBetween(100, 19999);
        assertThat(brInt.path("flow_counts_from").asText()).isEqualTo("dump-flows");
    }
}
