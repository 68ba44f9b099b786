package io.jsos.network.guest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsos.guest.Guest;
import io.jsos.guest.GuestCollectorRun;
import io.jsos.guest.GuestResult;
import io.jsos.testkit.ScrapeHarness.Scrape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network topologies this machine's kernel can't build (no 802.1Q, no bridge VLAN filtering,
 * no bonding, no OVS kernel datapath), built on a real kernel in the QEMU guest: a VLAN-filtering
 * STP bridge with per-port VLANs (a pvid/untagged access VLAN and a 20-22 range), an active-backup
 * kernel bond with an 802.1Q sub-interface, and Open vSwitch on the kernel datapath (access port,
 * trunk, internal port, balance-slb bond, a flow). The interfaces, bridge and openvswitch
 * collectors run in the guest; jsos must report exactly what the kernel's own tools printed there
 * (captured under kernel/ as the reference), in the models, the copied raw files and the scrapes.
 * One boot for the class.
 */
@Tag("real")
@Tag("guest")
class NetworkGuestTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String OVS_DIR = "/run/jsos-guest-ovs";

    static GuestResult guest;
    static GuestCollectorRun interfaces;
    static GuestCollectorRun bridge;
    static GuestCollectorRun ovs;

    /**
     * One boot: the topology, the kernel's own view of it as the reference, then the three
     * collectors in one JVM (under TCG a JVM start costs more than a collector); their out folders
     * are relative to the script's working folder, $JSOS_GUEST_OUT.
     */
    @BeforeAll
    static void runInTheGuest(@TempDir Path tmp) {
        String script = """
                set -eu
                # the kit loads only what it needs to boot; the features under test are modules
                for m in 8021q bonding bridge veth openvswitch; do modprobe $m; done
                mkdir -p kernel
                # a VLAN-filtering bridge with STP, two veth ports
                ip link add jbr0 type bridge vlan_filtering 1 stp_state 1 forward_delay 400
                for i in 1 2; do
                  ip link add l$i type veth peer name l${i}p
                  ip link set l$i master jbr0; ip link set l$i up; ip link set l${i}p up
                done
                ip link set jbr0 up
                bridge vlan add dev l1 vid 10 pvid untagged
                bridge vlan add dev l2 vid 10
                bridge vlan add dev l2 vid 20-22
                # a kernel bond of two veths, an 802.1Q sub-interface on it
                ip link add jbond0 type bond mode active-backup miimon 100
                for i in 1 2; do
                  ip link add k$i type veth peer name k${i}p
                  ip link set k$i master jbond0; ip link set k${i}p up
                done
                ip link set jbond0 up
                ip link add link jbond0 name jbond0.30 type vlan id 30
                # Open vSwitch on the kernel datapath: private daemons, every path under one run folder
                D=%1$s
                export OVS_RUNDIR=$D OVS_DBDIR=$D OVS_LOGDIR=$D OVS_SYSCONFDIR=$D
                mkdir -p $D
                ovsdb-tool create $D/conf.db /usr/share/openvswitch/vswitch.ovsschema
                ovsdb-server $D/conf.db --remote=punix:$D/db.sock --pidfile --detach --log-file --no-chdir
                ovs-vsctl --no-wait init
                ovs-vswitchd --pidfile --detach --log-file --no-chdir
                for p in v1 v2 b1 b2; do ip link add o$p type veth peer name o${p}p; ip link set o$p up; ip link set o${p}p up; done
                V="ovs-vsctl --timeout=60"
                $V add-br jovs0 -- set bridge jovs0 datapath_type=system
                $V add-port jovs0 ov1 tag=10
                $V add-port jovs0 ov2 trunks=10,20 vlan_mode=trunk
                $V add-port jovs0 jint0 tag=20 -- set interface jint0 type=internal
                $V add-bond jovs0 jovsbond ob1 ob2 bond_mode=balance-slb
                ovs-ofctl add-flow jovs0 "priority=150,tcp,tp_dst=80,actions=drop"
                sleep 2
                # the kernel's and OVS's own view: the reference jsos is compared with
                bridge -j -d vlan show > kernel/bridge-vlan.json
                ip -j -d link show > kernel/ip-link.json
                cat /proc/net/bonding/jbond0 > kernel/bonding-jbond0
                cat /proc/net/vlan/config > kernel/vlan-config
                ovs-dpctl show > kernel/ovs-dpctl-show.txt
                ovs-appctl dpif/show > kernel/ovs-dpif-show.txt
                s=$(date +%%s%%N)
                %2$s
                echo $(( ($(date +%%s%%N) - s) / 1000000 )) > collectors-ms
                """.formatted(OVS_DIR, Guest.runCollectors(
                "interfaces interfaces",
                "bridge bridge",
                // a generous ovs-timeout: the daemons answer 10-20 times slower under TCG
                "openvswitch openvswitch rundir=" + OVS_DIR + " db=" + OVS_DIR + "/conf.db logdir="
                        + OVS_DIR + " ovs-timeout=30s"));
        guest = Guest.require().run(script, tmp.resolve("guest")).assertSucceeded();
        interfaces = guest.collector("interfaces");
        bridge = guest.collector("bridge");
        ovs = guest.collector("openvswitch");
        System.out.printf("network guest: %d ms in all, the collectors (one java, collect + scrape each) %s ms%n",
                guest.elapsed().toMillis(), guest.text("collectors-ms").strip());
    }

    @Test
    void theKernelBuiltTheTopologyTheTestAskedFor() {
        // Guards the test itself: the reference below must hold what the script set up.
        JsonNode bond = link("jbond0").at("/linkinfo/info_data");
        assertThat(bond.path("mode").asText()).isEqualTo("active-backup");
        assertThat(bond.path("miimon").asInt()).isEqualTo(100);
        assertThat(link("jbr0").at("/linkinfo/info_data/vlan_filtering").asInt()).isEqualTo(1);
        assertThat(guest.text("kernel/ovs-dpctl-show.txt")).startsWith("system@ovs-system:");
        assertThat(kernelVlans().get("l2")).extracting(v -> v.get(0)).containsExactly(1, 10, 20, 21, 22);
    }

    @Test
    void bridgeVlanFilteringAndPerPortVlans() {
        assertThat(bridge.status()).as(bridge.entry().toString()).isEqualTo("ok");
        JsonNode br = named(bridge.json().get("bridges"), "jbr0");
        assertThat(br.get("vlan_filtering").asBoolean()).isTrue();
        assertThat(br.get("stp_enabled").asBoolean()).isTrue();
        assertThat(br.get("forward_delay_s").asDouble()).isEqualTo(4.0);
        assertThat(names(br.get("ports"))).containsExactlyInAnyOrder("l1", "l2");
        Map<String, List<List<Object>>> reference = kernelVlans();
        for (String port : List.of("l1", "l2")) {
            List<List<Object>> reported = new ArrayList<>();
            named(br.get("ports"), port).get("vlans").forEach(v ->
                    reported.add(List.of(v.get("vid").asInt(), v.get("pvid").asBoolean(), v.get("untagged").asBoolean())));
            assertThat(reported).as("VLANs of %s (vid, pvid, untagged) against bridge -j -d vlan show", port)
                    .isEqualTo(reference.get(port));
        }
        // what the script asked for, explicitly: the access VLAN and the range
        assertThat(reference.get("l1")).contains(List.of(10, true, true));
        assertThat(reference.get("l2")).contains(List.of(10, false, false), List.of(21, false, false));
        assertThat(tree(bridge.text("sos_commands/bridge/bridge_-j_-d_vlan_show")).toString()).contains("\"vlanEnd\":22");

        Scrape s = bridge.scrape();
        assertThat(s.value("jsos_bridge_info", "bridge", "jbr0", "vlan_filtering", "true", "stp_enabled", "true")).contains(1.0);
        assertThat(s.value("jsos_bridge_ports", "bridge", "jbr0")).contains(2.0);
        assertThat(s.value("jsos_bridge_port_stp_state", "bridge", "jbr0", "port", "l2")).isPresent();
    }

    @Test
    void kernelBondAndVlanSubInterface() {
        assertThat(interfaces.status()).as(interfaces.entry().toString()).isEqualTo("ok");
        JsonNode doc = interfaces.json();
        JsonNode ifs = doc.at("/namespaces/0/interfaces");
        assertThat(named(ifs, "jbond0").get("type").asText()).isEqualTo("bond");
        for (String slave : List.of("k1", "k2")) {
            assertThat(named(ifs, slave).get("master").asText()).isEqualTo("jbond0");
            assertThat(named(ifs, slave).get("slave_kind").asText()).isEqualTo("bond");
        }
        JsonNode vlan = named(ifs, "jbond0.30");
        assertThat(vlan.get("type").asText()).isEqualTo("vlan");
        assertThat(vlan.get("peer").asText()).isEqualTo("jbond0");
        assertThat(vlan.get("peer_ifindex").asInt()).isEqualTo(link("jbond0").get("ifindex").asInt());
        assertThat(named(ifs, "jint0").get("type").asText()).isEqualTo("ovs-internal");
        assertThat(named(ifs, "ov1").get("master").asText()).isEqualTo("ovs-system");
        assertThat(doc.get("vanished")).as("nothing vanished: the topology was static").isEmpty();

        JsonNode kernelBond = link("jbond0").at("/linkinfo/info_data");
        JsonNode bond = named(doc.get("bonds"), "jbond0");
        assertThat(bond.get("mode").asText()).isEqualTo("fault-tolerance (" + kernelBond.path("mode").asText() + ")");
        assertThat(bond.get("miimon_ms").asInt()).isEqualTo(kernelBond.path("miimon").asInt());
        assertThat(bond.get("mii_status").asText()).isEqualTo("up");
        assertThat(names(bond.get("slaves"))).containsExactly("k1", "k2");
        String active = bond.get("active_slave").asText();
        assertThat(guest.text("kernel/bonding-jbond0")).contains("Currently Active Slave: " + active + "\n");

        JsonNode kernelVlan = link("jbond0.30").at("/linkinfo/info_data");
        assertThat(doc.get("vlans")).hasSize(1);
        assertThat(doc.at("/vlans/0/name").asText()).isEqualTo("jbond0.30");
        assertThat(doc.at("/vlans/0/vid").asInt()).isEqualTo(kernelVlan.path("id").asInt()).isEqualTo(30);
        assertThat(doc.at("/vlans/0/parent").asText()).isEqualTo(link("jbond0.30").path("link").asText());

        // the raw files, copied as the kernel printed them
        assertThat(interfaces.text("proc/net/vlan/config")).isEqualTo(guest.text("kernel/vlan-config"));
        assertThat(interfaces.text("proc/net/bonding/jbond0")).contains("MII Polling Interval (ms): 100",
                "Currently Active Slave: " + active, "Slave Interface: k2");
    }

    @Test
    void openvswitchOnTheKernelDatapath() {
        assertThat(ovs.status()).as(ovs.entry().toString()).isEqualTo("ok");
        JsonNode doc = ovs.json();
        assertThat(doc.get("reachable").asBoolean()).isTrue();
        assertThat(doc.get("errors")).isEmpty();
        JsonNode br = named(doc.get("bridges"), "jovs0");
        assertThat(br.get("datapath_type").asText()).isEqualTo("system");
        JsonNode ports = br.get("ports");
        assertThat(names(ports)).containsExactlyInAnyOrder("jovs0", "ov1", "ov2", "jint0", "jovsbond");
        assertThat(named(ports, "ov1").get("tag").asInt()).isEqualTo(10);
        assertThat(named(ports, "ov2").get("vlan_mode").asText()).isEqualTo("trunk");
        assertThat(named(ports, "ov2").get("trunks").toString()).isEqualTo("[10,20]");
        assertThat(named(ports, "jint0").get("tag").asInt()).isEqualTo(20);
        JsonNode bond = named(ports, "jovsbond");
        assertThat(bond.get("bond_mode").asText()).isEqualTo("balance-slb");
        assertThat(names(bond.get("interfaces"))).containsExactlyInAnyOrder("ob1", "ob2");
        // OVSDB's bond_active_slave is the active member's MAC; bond_active_member names it
        JsonNode active = named(bond.get("interfaces"), bond.get("bond_active_member").asText());
        assertThat(active.get("mac_in_use").asText()).isEqualTo(bond.get("bond_active_slave").asText());

        // interface and datapath port types against ovs-appctl dpif/show, as printed in the guest
        Map<String, String> dpTypes = dpifTypes(guest.text("kernel/ovs-dpif-show.txt"));
        assertThat(dpTypes).containsEntry("ov1", "system").containsEntry("jint0", "internal").hasSize(6);
        Map<String, String> reported = new LinkedHashMap<>();
        doc.get("datapath_ports").forEach(p -> reported.put(p.get("name").asText(), p.get("type").asText()));
        assertThat(reported).isEqualTo(dpTypes);
        for (JsonNode p : ports) {
            for (JsonNode i : p.get("interfaces")) {
                assertThat(i.get("type").asText()).as("type of %s", i.get("name").asText()).isEqualTo(dpTypes.get(i.get("name").asText()));
            }
        }

        // the datapath: counters as the copied dpctl/show says (taken in the same run), and never
        // below what the kernel said before jsos ran (they only grow)
        JsonNode dp = named(doc.get("datapaths"), "system@ovs-system");
        Map<String, Long> raw = lookups(ovs.text("sos_commands/openvswitch/ovs-appctl_dpctl.show"));
        Map<String, Long> before = lookups(guest.text("kernel/ovs-dpctl-show.txt"));
        for (String k : List.of("hit", "missed", "lost", "flows")) {
            assertThat(dp.get(k).asLong()).as("datapath %s", k).isEqualTo(raw.get(k));
        }
        assertThat(dp.get("missed").asLong()).isGreaterThanOrEqualTo(before.get("missed"));
        assertThat(doc.get("datapaths")).hasSize(1);

        Scrape s = ovs.scrape();
        assertThat(s.value("jsos_ovs_up")).contains(1.0);
        assertThat(s.value("jsos_ovs_bridge_info", "bridge", "jovs0", "datapath_type", "system")).contains(1.0);
        assertThat(s.value("jsos_ovs_port_info", "bridge", "jovs0", "port", "jovsbond", "bond_mode", "balance-slb")).contains(1.0);
        assertThat(s.value("jsos_ovs_port_info", "bridge", "jovs0", "port", "ov1", "tag", "10")).contains(1.0);
        assertThat(s.value("jsos_ovs_interface_link_up", "interface", "jint0", "type", "internal")).isPresent();
        assertThat(s.value("jsos_ovs_interface_link_up", "interface", "ob2", "type", "system")).contains(1.0);
        // the added flow and the bridge's default NORMAL one, as dump-flows lists them
        long flows = ovs.text("sos_commands/openvswitch/ovs-ofctl_jovs0_dump-flows").lines().filter(l -> l.contains("actions=")).count();
        assertThat(flows).isEqualTo(2);
        assertThat(s.value("jsos_ovs_flows", "bridge", "jovs0", "table", "0")).contains((double) flows);
        assertThat(s.value("jsos_ovs_datapath_lookups_total", "datapath", "system@ovs-system", "result", "missed").orElseThrow())
                .isGreaterThanOrEqualTo(dp.get("missed").asDouble());
        assertThat(s.value("jsos_ovs_datapath_flows", "datapath", "system@ovs-system")).isPresent();
    }

    /** Per port, (vid, pvid, untagged) for every VLAN, ranges expanded: the test's own reading of the reference. */
    static Map<String, List<List<Object>>> kernelVlans() {
        Map<String, List<List<Object>>> out = new LinkedHashMap<>();
        for (JsonNode port : tree(guest.text("kernel/bridge-vlan.json"))) {
            List<List<Object>> vlans = new ArrayList<>();
            for (JsonNode v : port.get("vlans")) {
                String flags = v.path("flags").toString();
                int first = v.get("vlan").asInt();
                for (int vid = first; vid <= v.path("vlanEnd").asInt(first); vid++) {
                    vlans.add(List.of(vid, flags.contains("\"PVID\""), flags.contains("\"Egress Untagged\"")));
                }
            }
            out.put(port.get("ifname").asText(), vlans);
        }
        return out;
    }

    static final Pattern DPIF_PORT = Pattern.compile("^\\s+(\\S+) \\d+/\\d+: \\((\\w+)\\)", Pattern.MULTILINE);
    static final Pattern COUNTER = Pattern.compile("\\b(hit|missed|lost|flows):\\s*(\\d+)");

    static Map<String, String> dpifTypes(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = DPIF_PORT.matcher(text);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    /** hit/missed/lost/flows of the first datapath in {@code dpctl/show} ("masks: hit:" comes after and is not taken). */
    static Map<String, Long> lookups(String text) {
        Map<String, Long> out = new LinkedHashMap<>();
        Matcher m = COUNTER.matcher(text);
        while (m.find()) {
            out.putIfAbsent(m.group(1), Long.parseLong(m.group(2)));
        }
        return out;
    }

    /** The names of an array's elements (not of anything nested in them). */
    static List<String> names(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.path("name").asText()).toList();
    }

    static JsonNode link(String name) {
        return named(tree(guest.text("kernel/ip-link.json")), name, "ifname");
    }

    static JsonNode named(JsonNode array, String name) {
        return named(array, name, "name");
    }

    static JsonNode named(JsonNode array, String name, String field) {
        return StreamSupport.stream(array.spliterator(), false).filter(n -> name.equals(n.path(field).asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in "
                        + StreamSupport.stream(array.spliterator(), false).map(n -> n.path(field).asText()).toList()));
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
