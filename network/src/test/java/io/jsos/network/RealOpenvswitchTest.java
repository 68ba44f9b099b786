package io.jsos.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.engine.host.LocalHost;
import io.jsos.report.manifest.CollectorStatus;
import io.jsos.testkit.CollectorHarness;
import io.jsos.testkit.CollectorHarness.BundleOutcome;
import io.jsos.testkit.Real;
import io.jsos.testkit.ScrapeHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A private Open vSwitch (ovsdb-server and ovs-vswitchd started by the test, userspace datapath):
 * a bridge with an internal port, an access port, a trunk, a userspace bond, OpenFlow rules in two
 * tables. jsos must report them; then ovsdb-server is frozen and collection must still finish with
 * the failure recorded.
 */
@Tag("real")
class RealOpenvswitchTest {

    private final String sfx = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    private final String br = "jo" + sfx;
    private final String netns = "jsosovs" + sfx;
    private final List<String> veths = List.of("jv1" + sfx, "jv2" + sfx, "jb1" + sfx, "jb2" + sfx);
    @TempDir
    Path dir;
    private String db;
    private String ovsdbPid;

    @BeforeEach
    void startOvs() throws Exception {
        Real.requireRoot();
        for (String p : List.of("ovsdb-server", "ovs-vswitchd", "ovs-vsctl", "ovs-ofctl", "ovs-appctl", "ovsdb-client", "ovsdb-tool")) {
            Real.requireProgram(p, "openvswitch-switch");
        }
        String d = dir.toString();
        Map<String, String> env = Map.of("OVS_RUNDIR", d, "OVS_DBDIR", d, "OVS_LOGDIR", d, "OVS_SYSCONFDIR", d);
        db = "--db=unix:" + d + "/db.sock";
        Sh.run("ovsdb-tool", "create", d + "/conf.db", "/usr/share/openvswitch/vswitch.ovsschema");
        Sh.runEnv(env, "ovsdb-server", d + "/conf.db", "--remote=punix:" + d + "/db.sock", "--pidfile=" + d + "/ovsdb-server.pid",
                "--log-file=" + d + "/ovsdb-server.log", "--detach", "--no-chdir");
        ovsdbPid = Files.readString(dir.resolve("ovsdb-server.pid")).trim();
        Sh.run("ovs-vsctl", db, "--no-wait", "init");
        Sh.runEnv(env, "ovs-vswitchd", "unix:" + d + "/db.sock", "--pidfile=" + d + "/ovs-vswitchd.pid",
                "--log-file=" + d + "/ovs-vswitchd.log", "--detach", "--no-chdir");
        Sh.run("ip", "netns", "add", netns);
        for (String v : veths) {
            Sh.run("ip", "link", "add", v, "type", "veth", "peer", "name", v + "p");
            Sh.run("ip", "link", "set", v + "p", "netns", netns);
            Sh.run("ip", "link", "set", v, "up");
        }
        Sh.run("ovs-vsctl", db, "--timeout=10", "add-br", br, "--", "set", "bridge", br, "datapath_type=netdev");
        Sh.run("ovs-vsctl", db, "--timeout=10", "add-port", br, veths.get(0), "tag=10");
        Sh.run("ovs-vsctl", db, "--timeout=10", "add-port", br, veths.get(1), "trunks=10,20", "vlan_mode=trunk");
        Sh.run("ovs-vsctl", db, "--timeout=10", "add-port", br, "ji" + sfx, "tag=20", "--", "set", "interface", "ji" + sfx, "type=internal");
        Sh.run("ovs-vsctl", db, "--timeout=10", "add-bond", br, "jbond" + sfx, veths.get(2), veths.get(3), "bond_mode=balance-slb", "lacp=off");
        Sh.run("ovs-vsctl", db, "--timeout=10", "set", "bridge", br, "stp_enable=true", "protocols=OpenFlow10,OpenFlow13");
        Sh.run("ovs-vsctl", db, "--timeout=10", "set", "interface", veths.get(0), "options:psk=swordfishpsk");
        String mgmt = "unix:" + d + "/" + br + ".mgmt";
        Sh.run("ovs-ofctl", "del-flows", mgmt);
        Sh.run("ovs-ofctl", "add-flow", mgmt, "table=0,priority=100,dl_vlan=10,actions=mod_vlan_vid:20,resubmit(,1)");
        Sh.run("ovs-ofctl", "add-flow", mgmt, "table=0,priority=0,actions=NORMAL");
        Sh.run("ovs-ofctl", "-O", "OpenFlow13", "add-flow", mgmt, "table=1,priority=10,cookie=0x1234,actions=NORMAL");
    }

    @AfterEach
    void stopOvs() {
        if (db == null) {
            return; // skipped before anything was started: nothing to clean up
        }
        String d = dir.toString();
        if (ovsdbPid != null) {
            Sh.quiet("kill", "-CONT", ovsdbPid);
        }
        // the bridge first: stopping the daemons first leaves its tap devices behind
        Sh.quiet("ovs-vsctl", db, "--timeout=5", "del-br", br);
        for (String f : List.of("ovs-vswitchd.pid", "ovsdb-server.pid")) {
            try {
                Sh.quiet("kill", Files.readString(dir.resolve(f)).trim());
            } catch (Exception ignored) {
                // never started
            }
        }
        for (String v : veths) {
            Sh.quiet("ip", "link", "del", v);
        }
        Sh.quiet("ip", "netns", "del", netns);
        Sh.quiet("ip", "link", "del", br);
        Sh.quiet("ip", "link", "del", "ji" + sfx);
    }

    private Map<String, String> options(String timeout) {
        String d = dir.toString();
        return Map.of("rundir", d, "db", d + "/conf.db", "logdir", d, "ovs-timeout", timeout);
    }

    @Test
    void reportsTheSwitchAndSurvivesAFrozenDatabase(@TempDir Path tmp) throws Exception {
        BundleOutcome out = CollectorHarness.collect(new OpenvswitchCollector(), LocalHost.local(), tmp.resolve("a"),
                io.jsos.report.redact.Redactor.none(), options("5s"), null);
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        JsonNode j = out.json();
        assertThat(j.path("reachable").asBoolean()).as(j.toString()).isTrue();
        JsonNode b = null;
        for (JsonNode x : j.path("bridges")) {
            if (br.equals(x.path("name").asText())) {
                b = x;
            }
        }
        assertThat(b).isNotNull();
        assertThat(b.path("datapath_type").asText()).isEqualTo("netdev");
        assertThat(b.path("stp_enable").asBoolean()).isTrue();
        Map<String, JsonNode> ports = new HashMap<>();
        b.path("ports").forEach(p -> ports.put(p.path("name").asText(), p));
        assertThat(ports).containsOnlyKeys(br, "ji" + sfx, veths.get(0), veths.get(1), "jbond" + sfx);
        assertThat(ports.get(veths.get(0)).path("tag").asInt()).isEqualTo(10);
        assertThat(ports.get("ji" + sfx).path("tag").asInt()).isEqualTo(20);
        assertThat(ports.get("ji" + sfx).path("interfaces").get(0).path("type").asText()).isEqualTo("internal");
        List<Integer> trunks = new ArrayList<>();
        ports.get(veths.get(1)).path("trunks").forEach(t -> trunks.add(t.asInt()));
        assertThat(trunks).containsExactly(10, 20);
        JsonNode bond = ports.get("jbond" + sfx);
        assertThat(bond.path("bond_mode").asText()).isEqualTo("balance-slb");
        List<String> members = new ArrayList<>();
        bond.path("interfaces").forEach(i -> members.add(i.path("name").asText()));
        assertThat(members).containsExactlyInAnyOrder(veths.get(2), veths.get(3));
        assertThat(bond.path("interfaces").get(0).path("statistics").has("rx_packets")).isTrue();
        assertThat(b.path("flow_counts").path("0").asInt()).isEqualTo(2);
        assertThat(b.path("flow_counts").path("1").asInt()).isEqualTo(1);
        List<String> dps = new ArrayList<>();
        j.path("datapaths").forEach(d -> dps.add(d.path("name").asText()));
        assertThat(dps).contains("netdev@ovs-netdev");
        assertThat(out.files()).containsKeys("sos_commands/openvswitch/ovs-ofctl_" + br + "_dump-flows",
                "sos_commands/openvswitch/ovs-appctl_bond.show", "sos_commands/openvswitch/ovsdb-client_dump.json");
        assertThat(out.everything()).contains("jbond" + sfx).doesNotContain("swordfishpsk");

        ScrapeHarness.Scrape s = ScrapeHarness.scrape(new OpenvswitchCollector(), LocalHost.local(), options("5s"));
        assertThat(s.value("jsos_ovs_up")).contains(1.0);
        assertThat(s.value("jsos_ovs_flows", "bridge", br, "table", "1")).contains(1.0);
        assertThat(s.value("jsos_ovs_port_info", "bridge", br, "port", veths.get(0))).contains(1.0);
        assertThat(s.family("jsos_ovs_interface_receive_packets_total")).isNotEmpty();

        // frozen ovsdb-server: every ovs-* tool would block forever without --timeout
        Sh.run("kill", "-STOP", ovsdbPid);
        BundleOutcome frozen = CollectorHarness.collect(new OpenvswitchCollector(), LocalHost.local(), tmp.resolve("b"),
                io.jsos.report.redact.Redactor.none(), options("2s"), null);
        assertThat(frozen.entry().status()).isEqualTo(CollectorStatus.OK);
        assertThat(frozen.json().path("reachable").asBoolean()).isFalse();
        assertThat(frozen.json().path("error").asText()).contains("ovsdb-client dump");
        assertThat(frozen.entry().errors()).anyMatch(e -> e.contains("ovsdb-client dump"));
    }
}
