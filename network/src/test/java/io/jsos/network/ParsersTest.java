package io.jsos.network;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The parsers on the outputs the real-kernel guest prints (VLAN filtering, kernel bonds, 802.1Q, the kernel datapath) and on broken ones. */
class ParsersTest {

    @Test
    void bridgeVlansWithRangesPvidAndUntagged() {
        // bridge -j -d vlan show, iproute2 6.1, vlan_filtering 1; l2 has 10 and the range 20-22
        String json = """
                [{"ifname":"lbr0","vlans":[{"vlan":1,"flags":["PVID","Egress Untagged"],"state":"forwarding","mcast_router":1}]},\
                {"ifname":"l1","vlans":[{"vlan":1,"state":"forwarding","mcast_router":1},{"vlan":10,"flags":["PVID","Egress Untagged"],"state":"forwarding","mcast_router":1}]},\
                {"ifname":"l2","vlans":[{"vlan":1,"flags":["PVID","Egress Untagged"],"state":"forwarding","mcast_router":1},{"vlan":10,"state":"forwarding","mcast_router":1},{"vlan":20,"vlanEnd":22,"state":"forwarding","mcast_router":1}]}]""";
        BridgeJson.Vlans v = BridgeJson.vlans(json);
        assertThat(v.error()).isNull();
        assertThat(v.byPort().get("l1")).containsExactly(new Bridge.Vlan(1, false, false), new Bridge.Vlan(10, true, true));
        assertThat(v.byPort().get("l2")).extracting(Bridge.Vlan::vid).containsExactly(1, 10, 20, 21, 22);
        assertThat(v.byPort().get("l2").get(0).pvid()).isTrue();
    }

    @Test
    void bridgeVlansOlderObjectFormatAndAnAbsurdRange() {
        BridgeJson.Vlans v = BridgeJson.vlans("{\"eth0\":[{\"vlan\":1,\"vlanEnd\":99999,\"flags\":[\"PVID\"]}]}");
        assertThat(v.byPort().get("eth0")).hasSize(BridgeJson.MAX_VID);
        assertThat(BridgeJson.vlans("[]").byPort()).isEmpty();
        assertThat(BridgeJson.vlans("RTNETLINK answers: Operation not supported").error()).contains("not JSON");
    }

    @Test
    void kernelBond() {
        List<String> lines = """
                Ethernet Channel Bonding Driver: v6.1.0-56-cloud-amd64

                Bonding Mode: fault-tolerance (active-backup)
                Primary Slave: None
                Currently Active Slave: k1
                MII Status: up
                MII Polling Interval (ms): 100

                Slave Interface: k1
                MII Status: up
                Speed: 10000 Mbps
                Link Failure Count: 0
                Permanent HW addr: 52:54:00:12:34:56

                Slave Interface: k2
                MII Status: down
                Link Failure Count: 1
                """.lines().toList();
        ProcNet.Bond b = ProcNet.bonding("kbond0", lines);
        assertThat(b.mode()).isEqualTo("fault-tolerance (active-backup)");
        assertThat(b.active_slave()).isEqualTo("k1");
        assertThat(b.mii_status()).isEqualTo("up");
        assertThat(b.slaves()).hasSize(2);
        assertThat(b.slaves().get(1)).containsEntry("name", "k2").containsEntry("mii_status", "down").containsEntry("link_failure_count", "1");
        assertThat(ProcNet.bonding("x", List.of("garbage", ":", "::")).slaves()).isEmpty();
    }

    @Test
    void vlanConfig() {
        List<String> lines = List.of("VLAN Dev name\t | VLAN ID", "Name-Type: VLAN_NAME_TYPE_RAW_PLUS_VID_NO_PAD",
                "kbond0.30      | 30  | kbond0", "broken | x | y");
        assertThat(ProcNet.vlanConfig(lines)).containsExactly(new ProcNet.Vlan("kbond0.30", 30, "kbond0"));
    }

    @Test
    void kernelDatapathShows() {
        List<OvsText.Datapath> d = OvsText.datapaths("""
                system@ovs-system:
                  lookups: hit:7 missed:19 lost:0
                  flows: 3
                  masks: hit:20 total:1 hit/pkt:0.77
                  cache: hit:4 hit-rate:15.38%
                  port 0: ovs-system (internal)
                  port 1: br0 (internal)
                  port 2: v1
                """);
        assertThat(d).hasSize(1);
        assertThat(d.get(0)).extracting(OvsText.Datapath::name, OvsText.Datapath::hit, OvsText.Datapath::missed,
                OvsText.Datapath::lost, OvsText.Datapath::flows).containsExactly("system@ovs-system", 7L, 19L, 0L, 3L);
        List<OvsText.Datapath> dpif = OvsText.datapaths("""
                system@ovs-system: hit:7 missed:19
                  br0:
                    br0 65534/1: (internal)
                    bond0 4/5: (system)
                    int0 3/4: (internal)
                    vx0 5/6: (vxlan: key=flow, remote_ip=192.0.2.1)
                netdev@ovs-netdev: hit:10 missed:12
                  br1:
                    br1 65534/1: (tap)
                """);
        assertThat(dpif).hasSize(2);
        assertThat(dpif.get(0).lost()).isNull();
        assertThat(dpif.get(0).ports()).extracting(OvsText.DpPort::name, OvsText.DpPort::type, OvsText.DpPort::ofport)
                .contains(org.assertj.core.groups.Tuple.tuple("bond0", "system", 4), org.assertj.core.groups.Tuple.tuple("vx0", "vxlan", 5));
        assertThat(dpif.get(0).ports().get(3).config()).isEqualTo("key=flow, remote_ip=192.0.2.1");
        assertThat(dpif.get(1).ports().get(0).bridge()).isEqualTo("br1");
        assertThat(OvsText.datapaths("ovs-vswitchd: no such command\n")).isEmpty();
    }

    @Test
    void flowCountsPerTable() {
        Map<String, Integer> c = OvsText.flowCounts("""
                NXST_FLOW reply (xid=0x4):
                 cookie=0x0, duration=0.100s, table=0, n_packets=0, n_bytes=0, idle_age=0, priority=100,dl_vlan=10 actions=mod_vlan_vid:20,resubmit(,1)
                 cookie=0x1234, duration=0.011s, table=1, n_packets=0, n_bytes=0, idle_age=0, priority=10 actions=NORMAL
                 cookie=0x0, duration=1s, n_packets=0, n_bytes=0, priority=0 actions=NORMAL
                 cookie=0x0, duration=1s, table=12, n_pack""");
        assertThat(c).containsExactly(Map.entry("0", 2), Map.entry("1", 1));
    }

    @Test
    void tableCountsFromDumpTables() {
        // ovs-ofctl dump-tables of OVS 3.1 on the userspace datapath
        String text = """
                OFPST_TABLE reply (xid=0x2):
                  table 0:
                    active=3, lookup=0, matched=0
                    max_entries=1000000
                    matching:
                      exact match or wildcard: in_port eth_{src,dst,type} vlan_{vid,pcp}

                  table 1:
                    active=0, lookup=0, matched=0
                    (same features)

                  table 2: ditto

                  table 3:
                    active=1, lookup=0, matched=0
                    (same features)

                  table 4: ditto

                  table 5:
                    active=0, lookup=0, matched=0

                  tables 6...253: ditto
                """;
        assertThat(OvsText.tableCounts(text)).containsExactly(Map.entry("0", 3), Map.entry("3", 1), Map.entry("4", 1));
        assertThat(OvsText.tableCounts("ovs-ofctl: br0 is not a bridge or a socket")).isNull();
    }

    @Test
    void ovsdbCellsAndSecrets() {
        String table = "{\"caption\":\"Interface table\",\"data\":[[[\"uuid\",\"u1\"],\"v1\",[\"set\",[]],[\"map\",[[\"psk\",\"s3cret\"],[\"remote_ip\",\"10.0.0.1\"]]],"
                + "[\"set\",[10,20]],5]],\"headings\":[\"_uuid\",\"name\",\"error\",\"options\",\"trunks\",\"ofport\"]}\ngarbage\n";
        OvsdbJson.Tables t = OvsdbJson.dump(table);
        assertThat(t.error()).contains("1 unreadable lines");
        Map<String, Object> row = t.rows("Interface").get(0);
        assertThat(row).containsEntry("_uuid", "u1").containsEntry("ofport", 5L);
        assertThat(OvsdbJson.opt(row.get("error"))).isNull();
        assertThat(OvsdbJson.list(row.get("trunks"))).containsExactly(10L, 20L);
        assertThat(OvsdbJson.scrubMap(OvsdbJson.map(row.get("options")))).containsEntry("psk", "<redacted>").containsEntry("remote_ip", "10.0.0.1");
        assertThat(OvsdbJson.scrub(table)).doesNotContain("s3cret").contains("\"remote_ip\",\"10.0.0.1\"");
        assertThat(OvsdbJson.scrub("_comment: ovs-vsctl set interface v1 options:psk=s3cret options:remote_ip=1.2.3.4"))
                .doesNotContain("s3cret").contains("remote_ip=1.2.3.4");
        assertThat(OvsdbJson.scrub("options: {psk=\"s 3cret\", key=flow}")).doesNotContain("3cret").contains("key=flow");
        assertThat(OvsdbJson.dump("").tables()).isEmpty();
    }

    @Test
    void configSecrets() {
        ConfigScrubber.Result r = ConfigScrubber.scrub("""
                [wifi-security]
                key-mgmt=wpa-psk
                psk=hunter2
                psk-flags=0
                WPA_PSK='abc def'
                KEY1=s:secret
                    password: "netplan pw"
                wpa-psk  0123456789
                address 10.0.0.1
                """);
        assertThat(r.text()).doesNotContain("hunter2", "abc def", "s:secret", "netplan pw", "0123456789").contains("key-mgmt=wpa-psk", "psk-flags=0", "address 10.0.0.1");
        assertThat(r.blanked()).isEqualTo(5);
    }

    @Test
    void ipLinkJsonTolerance() {
        assertThat(IpLinkJson.parse("[{\"ifindex\":1,\"ifname\":\"lo\"},{\"ifindex\":2,").error()).contains("not JSON");
        assertThat(IpLinkJson.parse("{\"ifname\":\"x\"}").error()).contains("array");
        IpLinkJson.Result r = IpLinkJson.parse("[{\"ifindex\":\"x\",\"ifname\":\"a\",\"mtu\":null,\"linkinfo\":{\"info_kind\":\"tun\",\"info_data\":{\"type\":\"tap\"}}},{\"noname\":1}]");
        assertThat(r.interfaces()).hasSize(1);
        assertThat(r.interfaces().get(0).type()).isEqualTo("tap");
        assertThat(r.interfaces().get(0).ifindex()).isNull();
        assertThat(r.interfaces().get(0).statistics()).isNull();
    }

    @Test
    void podUidFromBothCgroupDrivers() {
        assertThat(PodNetworks.podUid(List.of("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1b2c3d4e_aaaa_bbbb_cccc_0123456789ab.slice/cri-containerd-x.scope")))
                .isEqualTo("1b2c3d4e-aaaa-bbbb-cccc-0123456789ab");
        assertThat(PodNetworks.podUid(List.of("4:memory:/kubepods/besteffort/pod1b2c3d4e-aaaa-bbbb-cccc-0123456789ab/abc"))).isEqualTo("1b2c3d4e-aaaa-bbbb-cccc-0123456789ab");
        assertThat(PodNetworks.podUid(List.of("0::/system.slice/docker.service"))).isNull();
        assertThat(PodNetworks.nsidNames("[{\"nsid\":0,\"name\":\"cni-1\"},{\"nsid\":1}]")).containsExactly(Map.entry(0, "cni-1"));
        assertThat(PodNetworks.nsidNames("garbage")).isEmpty();
    }
}
