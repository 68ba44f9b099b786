package io.jsos.network;

import io.jsos.api.Host;
import io.jsos.testkit.FixtureHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parsers on outputs captured verbatim in the real-kernel guest ({@code guest/NetworkGuestTest}
 * builds that topology: a VLAN-filtering bridge, an active-backup bond with miimon 100 and an
 * 802.1Q sub-interface on it, OVS on the kernel datapath). These are the bugs real output found.
 */
class GuestSamplesTest {

    static String sample(String name) {
        try (InputStream in = GuestSamplesTest.class.getResourceAsStream("/guest/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no sample /guest/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void kernelBondKeepsItsMiimon() {
        // `ip link add jbond0 type bond mode active-backup miimon 100`: the interval was dropped, and
        // 0 (no link monitoring, a dead slave is never failed over from) could not be told from 100
        ProcNet.Bond b = ProcNet.bonding("jbond0", sample("bonding-jbond0").lines().toList());
        assertThat(b.mode()).isEqualTo("fault-tolerance (active-backup)");
        assertThat(b.miimon_ms()).isEqualTo(100);
        assertThat(b.active_slave()).isEqualTo("k1");
        assertThat(b.slaves()).extracting(s -> s.get("name")).containsExactly("k1", "k2");
        assertThat(ProcNet.bonding("x", List.of("MII Polling Interval (ms): lots")).miimon_ms()).isNull();
    }

    @Test
    void vlanConfigAndBridgeVlansAsTheKernelPrintsThem() {
        assertThat(ProcNet.vlanConfig(sample("vlan-config").lines().toList()))
                .containsExactly(new ProcNet.Vlan("jbond0.30", 30, "jbond0"));
        BridgeJson.Vlans v = BridgeJson.vlans(sample("bridge-vlan.json"));
        assertThat(v.error()).isNull();
        assertThat(v.byPort().get("l1")).containsExactly(new Bridge.Vlan(1, false, true), new Bridge.Vlan(10, true, true));
        assertThat(v.byPort().get("l2")).containsExactly(new Bridge.Vlan(1, true, true), new Bridge.Vlan(10, false, false),
                new Bridge.Vlan(20, false, false), new Bridge.Vlan(21, false, false), new Bridge.Vlan(22, false, false));
    }

    @Test
    void kernelDatapath() {
        List<OvsText.Datapath> d = OvsText.datapaths(sample("ovs-dpctl-show.txt"));
        assertThat(d).hasSize(1);
        assertThat(d.get(0).name()).isEqualTo("system@ovs-system");
        assertThat(d.get(0).missed()).isEqualTo(2);
        assertThat(d.get(0).flows()).isEqualTo(2);
    }

    @Test
    void ovsBondActiveMemberByName() {
        // the guest's ovsdb-client dump: OVSDB's bond_active_slave is a MAC; jsos names the member
        List<Map<String, Object>> bridges = OvsReader.bridges(OvsdbJson.dump(sample("ovsdb-client-dump.json")));
        assertThat(bridges).extracting(b -> b.get("datapath_type")).containsExactly("system");
        @SuppressWarnings("unchecked")
        Map<String, Object> bond = ((List<Map<String, Object>>) bridges.get(0).get("ports")).stream()
                .filter(p -> "jovsbond".equals(p.get("name"))).findFirst().orElseThrow();
        assertThat(bond.get("bond_active_slave")).isEqualTo("7a:12:aa:31:b8:2b");
        assertThat(bond.get("bond_active_member")).isEqualTo("ob2");
    }

    @Test
    void bondingMastersIsNoInterfaceThatVanished(@TempDir Path root) {
        // with the bonding module loaded, /sys/class/net holds the driver's control file next to
        // the interfaces' links; it was reported in "vanished" on every node with a kernel bond
        FixtureHost h = FixtureHost.in(root).file("/sys/class/net/bonding_masters", "jbond0\n");
        for (String[] i : new String[][]{{"lo", "1", "772"}, {"jbond0", "7", "1"}}) {
            String d = "/sys/class/net/" + i[0];
            h.file(d + "/ifindex", i[1] + "\n").file(d + "/iflink", i[1] + "\n").file(d + "/type", i[2] + "\n");
        }
        h.dir("/sys/class/net/jbond0/bonding").dir("/sys/class/net/gone1");
        Host host = h.build();
        SysfsInterfaces.Result r = SysfsInterfaces.read(host);
        assertThat(r.interfaces()).extracting(Iface::name).containsExactlyInAnyOrder("lo", "jbond0");
        assertThat(r.interfaces()).filteredOn(i -> i.name().equals("jbond0")).extracting(Iface::type).containsExactly("bond");
        assertThat(r.vanished()).containsExactly("gone1");
    }
}
