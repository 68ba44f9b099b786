package io.jsos.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jsos.testkit.FixtureHost;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An OVN-Kubernetes node on the kernel datapath: br-int with the management port, a patch port,
 * one port per pod and Geneve tunnels (one with an IPsec PSK), br-ex with a LACP bond over two NICs;
 * OpenFlow tables as OVN fills them (thousands of flows over many tables). Built in code from
 * OVSDB JSON, as {@code ovsdb-client dump --format=json} prints it.
 */
final class OvnNode {

    static final ObjectMapper M = new ObjectMapper();
    static final String RUN = "/var/run/openvswitch";
    static final String CTL = RUN + "/ovs-vswitchd.1234.ctl";

    final int pods;
    final int tunnels;
    final int flows;
    final FixtureHost host;
    private final List<ArrayNode> ports = new ArrayList<>();
    private final List<ArrayNode> ifaces = new ArrayList<>();

    OvnNode(Path root, int pods, int tunnels, int flows) throws Exception {
        this(root, pods, tunnels, flows, true);
    }

    /** @param dumpTables whether ovs-ofctl dump-tables answers for br-int (else jsos must count dump-flows lines) */
    OvnNode(Path root, int pods, int tunnels, int flows, boolean dumpTables) throws Exception {
        this.pods = pods;
        this.tunnels = tunnels;
        this.flows = flows;
        host = FixtureHost.in(root).file("/etc/hostname", "ovn-node-1\n")
                .file(RUN + "/db.sock", "").file(RUN + "/ovs-vswitchd.pid", "1234\n").file(CTL, "")
                .file(RUN + "/br-int.mgmt", "").file(RUN + "/br-ex.mgmt", "")
                .file("/var/log/openvswitch/ovs-vswitchd.log", "2026-11-21T10:00:00Z|00001|bridge|INFO|bridge br-int: added interface\n");
        List<String> intPorts = new ArrayList<>();
        intPorts.add(port("br-int", null, List.of(), null, iface("br-int", "internal", 65534, Map.of())));
        intPorts.add(port("ovn-k8s-mp0", null, List.of(), null, iface("ovn-k8s-mp0", "internal", 2, Map.of())));
        intPorts.add(port("patch-br-int-to-br-ex", null, List.of(), null, iface("patch-br-int-to-br-ex", "patch", 3, Map.of("peer", "patch-br-ex-to-br-int"))));
        for (int i = 0; i < pods; i++) {
            String n = String.format("%08x_%d", 0xabcdefL * (i + 1) & 0xffffffffL, i);
            intPorts.add(port(n, null, List.of(), null, iface(n, "", 10 + i, Map.of())));
        }
        for (int i = 0; i < tunnels; i++) {
            Map<String, String> opt = i == 0
                    ? Map.of("remote_ip", "10.0.0." + (i + 2), "key", "flow", "csum", "true", "psk", "ipsecsecretpsk")
                    : Map.of("remote_ip", "10.0.0." + (i + 2), "key", "flow", "csum", "true");
            String n = "ovn-0a000" + i + "-0";
            intPorts.add(port(n, null, List.of(), null, iface(n, "geneve", 1000 + i, opt)));
        }
        List<String> exPorts = new ArrayList<>();
        exPorts.add(port("br-ex", null, List.of(), null, iface("br-ex", "internal", 65534, Map.of())));
        exPorts.add(port("patch-br-ex-to-br-int", null, List.of(), null, iface("patch-br-ex-to-br-int", "patch", 2, Map.of("peer", "patch-br-int-to-br-ex"))));
        exPorts.add(port("bond0", 100, List.of(100, 200), "balance-tcp", iface("eth1", "", 1, Map.of()), iface("eth2", "", 4, Map.of())));
        ArrayNode bridgeRows = M.createArrayNode();
        bridgeRows.add(row(uuid("b-int"), "br-int", "system", false, set(intPorts.stream().map(OvnNode::uuid).toList()), uuid("ctl-1"), "secure"));
        bridgeRows.add(row(uuid("b-ex"), "br-ex", "", false, set(exPorts.stream().map(OvnNode::uuid).toList()), set(List.of()), set(List.of())));
        StringBuilder dump = new StringBuilder();
        dump.append(table("Bridge", List.of("_uuid", "name", "datapath_type", "stp_enable", "ports", "controller", "fail_mode"), bridgeRows));
        ArrayNode portRows = M.createArrayNode();
        ports.forEach(portRows::add);
        dump.append(table("Port", List.of("_uuid", "name", "tag", "trunks", "bond_mode", "interfaces"), portRows));
        ArrayNode ifaceRows = M.createArrayNode();
        ifaces.forEach(ifaceRows::add);
        dump.append(table("Interface", List.of("_uuid", "name", "type", "ofport", "admin_state", "link_state", "error", "options", "statistics"), ifaceRows));
        dump.append(table("Controller", List.of("_uuid", "target", "is_connected"),
                M.createArrayNode().add(row(uuid("ctl-1"), "unix:/var/run/ovn/br-int.mgmt", true))));
        dump.append(table("Manager", List.of("_uuid", "target", "is_connected"),
                M.createArrayNode().add(row(uuid("mgr-1"), "ptcp:6640:127.0.0.1", false))));
        dump.append(table("Open_vSwitch", List.of("_uuid", "ovs_version", "db_version", "external_ids"),
                M.createArrayNode().add(row(uuid("ovs"), "3.1.0", "8.3.0", map(Map.of("system-id", "ovn-node-1", "ovn-encap-type", "geneve"))))));
        host.command("ovsdb-client", dump.toString(), 0);

        StringBuilder intFlows = new StringBuilder("NXST_FLOW reply (xid=0x4):\n");
        for (int i = 0; i < flows; i++) {
            intFlows.append(" cookie=0x").append(Integer.toHexString(i)).append(", duration=1.0s, table=").append(i % 50)
                    .append(", n_packets=0, n_bytes=0, priority=100,reg14=0x").append(Integer.toHexString(i)).append(" actions=resubmit(,").append(i % 50 + 1).append(")\n");
        }
        // dump-tables as OVS prints it: flows are spread evenly over tables 0..49, so table 1 is "ditto"
        StringBuilder tables = new StringBuilder("OFPST_TABLE reply (xid=0x2):\n");
        int[] perTable = new int[50];
        for (int i = 0; i < flows; i++) {
            perTable[i % 50]++;
        }
        for (int t = 0; t < 50; t++) {
            if (t > 0 && perTable[t] == perTable[t - 1] && t == 1) {
                tables.append("\n  table 1: ditto\n");
                continue;
            }
            tables.append("\n  table ").append(t).append(":\n    active=").append(perTable[t]).append(", lookup=0, matched=0\n    (same features)\n");
        }
        tables.append("\n  table 50:\n    active=0, lookup=0, matched=0\n\n  tables 51...253: ditto\n");
        FakeTool ofctl = FakeTool.named("ovs-ofctl");
        if (dumpTables) {
            ofctl.on("dump-tables unix:" + RUN + "/br-int.mgmt", tables.toString());
        }
        ofctl.on("dump-flows unix:" + RUN + "/br-int.mgmt", intFlows.toString())
                .on("dump-flows unix:" + RUN + "/br-ex.mgmt",
                        "NXST_FLOW reply (xid=0x4):\n cookie=0x0, duration=9.1s, table=0, n_packets=5, n_bytes=300, priority=0 actions=NORMAL\n"
                                + " cookie=0x0, duration=9.1s, table=0, n_packets=5, n_bytes=300, priority=10,in_port=1 actions=NORMAL\n")
                .otherwise("OFPST reply\n").install(host);
        FakeTool.named("ovs-appctl")
                .on("-t " + CTL + " dpctl/show", """
                        system@ovs-system:
                          lookups: hit:123456 missed:789 lost:3
                          flows: 42
                          masks: hit:1000 total:5 hit/pkt:1.50
                          port 0: ovs-system (internal)
                          port 1: br-int (internal)
                          port 2: genev_sys_6081 (geneve: packet_type=ptap)
                          port 3: eth1
                        """)
                .on("-t " + CTL + " dpif/show", """
                        system@ovs-system: hit:123456 missed:789
                          br-ex:
                            br-ex 65534/3: (internal)
                            eth1 1/4: (system)
                          br-int:
                            br-int 65534/1: (internal)
                            ovn-0a0000-0 1000/2: (geneve: csum=true, key=flow, remote_ip=10.0.0.2)
                            ovn-k8s-mp0 2/5: (internal)
                        """)
                .otherwise("ok\n").install(host);
        host.command("ovs-vsctl", "abc\n    Bridge br-int\n        Port ovn-0a0000-0\n            Interface ovn-0a0000-0\n"
                + "                type: geneve\n                options: {csum=\"true\", key=flow, psk=ipsecsecretpsk, remote_ip=\"10.0.0.2\"}\n", 0);
    }

    private String port(String name, Integer tag, List<Integer> trunks, String bondMode, String... ifaceIds) {
        String id = "p-" + name;
        ports.add(row(uuid(id), name, tag == null ? set(List.of()) : tag, set(trunks.stream().map(t -> (Object) t).toList()),
                bondMode == null ? set(List.of()) : bondMode,
                ifaceIds.length == 1 ? uuid(ifaceIds[0]) : set(List.of(ifaceIds).stream().map(OvnNode::uuid).toList())));
        return id;
    }

    private String iface(String name, String type, int ofport, Map<String, String> options) {
        String id = "i-" + name;
        ifaces.add(row(uuid(id), name, type, ofport, "up", "up", set(List.of()), map(options),
                map(Map.of("rx_packets", 10L * ofport, "tx_packets", 20L, "rx_bytes", 1000L, "tx_bytes", 2000L,
                        "rx_errors", 0L, "tx_errors", 0L, "rx_dropped", 1L, "tx_dropped", 0L))));
        return id;
    }

    static JsonNode uuid(Object id) {
        return M.createArrayNode().add("uuid").add(String.valueOf(id));
    }

    static JsonNode set(List<?> items) {
        ArrayNode a = M.createArrayNode();
        items.forEach(i -> a.add(M.valueToTree(i)));
        return M.createArrayNode().add("set").add(a);
    }

    static JsonNode map(Map<String, ?> m) {
        ArrayNode pairs = M.createArrayNode();
        new java.util.TreeMap<>(m).forEach((k, v) -> pairs.add(M.createArrayNode().add(k).add(M.valueToTree(v))));
        return M.createArrayNode().add("map").add(pairs);
    }

    static ArrayNode row(Object... cells) {
        ArrayNode r = M.createArrayNode();
        for (Object c : cells) {
            r.add(M.valueToTree(c));
        }
        return r;
    }

    static String table(String name, List<String> headings, ArrayNode rows) throws Exception {
        ObjectNode t = M.createObjectNode();
        t.put("caption", name + " table");
        t.set("data", rows);
        ArrayNode h = t.putArray("headings");
        headings.forEach(h::add);
        return M.writeValueAsString(t) + "\n";
    }
}
