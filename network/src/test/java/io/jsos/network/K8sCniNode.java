package io.jsos.network;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jsos.testkit.FixtureHost;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A Kubernetes node wired by the CNI bridge plugin: eth0, a cni0 bridge (no STP) and one veth per
 * pod, each pod in a named namespace cni-&lt;uuid&gt; with its eth0 peer, a pause process per pod whose
 * cgroup names the pod UID, kubelet log folders naming the pods; plus one container namespace that
 * only a process holds. Built in code: {@code pods} is the scale knob.
 */
final class K8sCniNode {

    static final ObjectMapper M = new ObjectMapper();
    static final String SELF_NS = "4026531840";
    static final String ORPHAN_NS = "4026539999";

    final int pods;
    final List<String> netns = new ArrayList<>();
    final List<String> veths = new ArrayList<>();
    final List<String> uids = new ArrayList<>();
    final FixtureHost host;

    K8sCniNode(Path root, int pods) throws Exception {
        this.pods = pods;
        host = FixtureHost.in(root)
                .file("/etc/hostname", "k8s-node-1\n")
                .symlink("/proc/self", "1")
                .symlink("/proc/1/ns/net", "net:[" + SELF_NS + "]")
                .file("/proc/1/cgroup", "0::/init.scope\n")
                .file("/etc/cni/net.d/10-bridge.conflist", "{\"cniVersion\":\"0.4.0\",\"name\":\"cbr0\",\"plugins\":[{\"type\":\"bridge\",\"bridge\":\"cni0\",\"isGateway\":true,\"ipam\":{\"type\":\"host-local\",\"subnet\":\"10.244.1.0/24\"}}]}\n")
                .file("/etc/resolv.conf", "nameserver 10.96.0.10\n")
                .file("/etc/NetworkManager/system-connections/wifi.nmconnection",
                        "[connection]\nid=wifi\n[wifi-security]\nkey-mgmt=wpa-psk\npsk=hunter2secret\npsk-flags=0\n");
        ArrayNode self = M.createArrayNode();
        self.add(iface(1, "lo", "loopback", null, null, null, null));
        self.add(iface(2, "eth0", "ether", null, null, null, null));
        ObjectNode cni0 = iface(3, "cni0", "ether", "bridge", null, null, null);
        ObjectNode data = ((ObjectNode) cni0.get("linkinfo")).putObject("info_data");
        data.put("forward_delay", 1500).put("hello_time", 200).put("max_age", 2000).put("ageing_time", 30000)
                .put("stp_state", 0).put("priority", 32768).put("vlan_filtering", 0).put("bridge_id", "8000.a:58:a:f4:1:1")
                .put("root_id", "8000.a:58:a:f4:1:1").put("root_port", 0).put("topology_change", 0).put("mcast_snooping", 1);
        self.add(cni0);
        sysfsIface("lo", 1, 1, "772", null);
        sysfsIface("eth0", 2, 2, "1", "virtio_net");
        sysfsIface("cni0", 3, 3, "1", null);
        host.file("/sys/class/net/cni0/uevent", "DEVTYPE=bridge\nINTERFACE=cni0\nIFINDEX=3\n")
                .file("/sys/class/net/cni0/bridge/stp_state", "0\n")
                .file("/sys/class/net/cni0/bridge/forward_delay", "1500\n")
                .file("/sys/class/net/cni0/bridge/bridge_id", "8000.0a580af40101\n")
                .file("/sys/class/net/cni0/bridge/root_port", "0\n")
                .file("/sys/class/net/cni0/bridge/flush", "").mode("/sys/class/net/cni0/bridge/flush", "200");
        ArrayNode fdb = M.createArrayNode();
        ArrayNode listId = M.createArrayNode();
        FakeTool ip = FakeTool.named("ip");
        FakeTool nsenter = FakeTool.named("nsenter");
        for (int i = 0; i < pods; i++) {
            String uid = UUID.nameUUIDFromBytes(("pod" + i).getBytes()).toString();
            String name = "cni-" + UUID.nameUUIDFromBytes(("ns" + i).getBytes());
            String veth = String.format(Locale.ROOT, "veth%08x", i * 2654435761L & 0xffffffffL);
            uids.add(uid);
            netns.add(name);
            veths.add(veth);
            int idx = 10 + i;
            ObjectNode v = iface(idx, veth, "ether", "veth", "bridge", "cni0", null);
            v.put("link_index", 3).put("link_netnsid", i);
            ObjectNode sd = ((ObjectNode) v.get("linkinfo")).putObject("info_slave_data");
            sd.put("state", "forwarding").put("priority", 32).put("cost", 2).put("learning", true).put("flood", true)
                    .put("no", "0x" + Integer.toHexString(i + 1)).put("bridge_id", "8000.a:58:a:f4:1:1");
            self.add(v);
            sysfsIface(veth, idx, 3, "1", null);
            host.symlink("/sys/class/net/" + veth + "/master", "../cni0")
                    .file("/sys/class/net/" + veth + "/brport/state", "3\n")
                    .file("/sys/class/net/" + veth + "/brport/path_cost", "2\n")
                    .file("/sys/class/net/" + veth + "/brport/port_no", "0x" + Integer.toHexString(i + 1) + "\n")
                    .symlink("/sys/class/net/cni0/brif/" + veth, "../../" + veth + "/brport");
            fdb.add(M.createObjectNode().put("mac", String.format("0a:58:0a:f4:%02x:%02x", i / 256, i % 256)).put("ifname", veth)
                    .put("master", "cni0").put("state", ""));
            listId.add(M.createObjectNode().put("nsid", i).put("name", name));
            // the pod's side: eth0, whose peer is the node-side veth in the namespace with nsid 0
            ArrayNode podIfaces = M.createArrayNode();
            podIfaces.add(iface(1, "lo", "loopback", null, null, null, null));
            ObjectNode eth0 = iface(3, "eth0", "ether", "veth", null, null, "10.244.1." + (i + 2));
            eth0.put("link_index", idx).put("link_netnsid", 0);
            podIfaces.add(eth0);
            ip.on("-n " + name + " -j -s -d addr show", M.writeValueAsString(podIfaces));
            host.file("/run/netns/" + name, "");
            int pid = 1000 + i;
            String ino = String.valueOf(Files.getAttribute(host.root().resolve("run/netns/" + name), "unix:ino"));
            host.symlink("/proc/" + pid + "/ns/net", "net:[" + ino + "]")
                    .file("/proc/" + pid + "/cgroup", "0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod"
                            + uid.replace('-', '_') + ".slice/cri-containerd-" + "ab".repeat(32) + ".scope\n")
                    .dir("/var/log/pods/default_web-" + i + "_" + uid + "/web");
        }
        fdb.add(M.createObjectNode().put("mac", "0a:58:0a:f4:01:01").put("ifname", "cni0").put("state", "permanent")
                .set("flags", M.createArrayNode().add("self")));
        // a container whose runtime pinned no name: only its process knows the namespace
        host.symlink("/proc/5000/ns/net", "net:[" + ORPHAN_NS + "]").symlink("/proc/5001/ns/net", "net:[" + ORPHAN_NS + "]")
                .file("/proc/5000/cgroup", "0::/system.slice/docker-" + "cd".repeat(32) + ".scope\n");
        ArrayNode orphan = M.createArrayNode();
        orphan.add(iface(1, "lo", "loopback", null, null, null, null));
        orphan.add(iface(5, "eth0", "ether", "veth", null, null, "172.17.0.2"));
        nsenter.on("--net=/proc/5000/ns/net ip -j -s -d addr show", M.writeValueAsString(orphan));
        ip.on("-j -s -d addr show", M.writeValueAsString(self))
                .on("-j -d link show", M.writeValueAsString(self))
                .on("-j netns list-id", M.writeValueAsString(listId));
        for (String n : netns) {
            ip.on("-n " + n + " -j -d link show", "[]");
        }
        ip.install(host);
        nsenter.install(host);
        FakeTool.named("bridge").on("-j -s fdb show br cni0", M.writeValueAsString(fdb)).install(host);
        host.command("ss", "Total: 420\nTCP:   37 (estab 12, closed 5, orphaned 0, timewait 4)\n", 0);
    }

    private void sysfsIface(String name, int ifindex, int iflink, String type, String driver) {
        String d = "/sys/class/net/" + name;
        host.file(d + "/ifindex", ifindex + "\n").file(d + "/iflink", iflink + "\n").file(d + "/type", type + "\n")
                .file(d + "/mtu", "1450\n").file(d + "/operstate", "up\n").file(d + "/address", "0a:58:0a:f4:01:01\n")
                .file(d + "/statistics/rx_bytes", (1000L * ifindex) + "\n").file(d + "/statistics/tx_bytes", "7\n");
        if (driver != null) {
            host.symlink(d + "/device/driver", "../../../bus/virtio/drivers/" + driver);
        }
    }

    static ObjectNode iface(int idx, String name, String linkType, String kind, String slaveKind, String master, String addr) {
        ObjectNode n = M.createObjectNode();
        n.put("ifindex", idx).put("ifname", name).put("mtu", 1450).put("operstate", "UP").put("link_type", linkType)
                .put("address", "0a:58:0a:f4:01:" + String.format("%02x", idx % 256));
        n.putArray("flags").add("BROADCAST").add("UP");
        if (master != null) {
            n.put("master", master);
        }
        if (kind != null || slaveKind != null) {
            ObjectNode li = n.putObject("linkinfo");
            if (kind != null) {
                li.put("info_kind", kind);
            }
            if (slaveKind != null) {
                li.put("info_slave_kind", slaveKind);
            }
        }
        ArrayNode a = n.putArray("addr_info");
        if (addr != null) {
            a.add(M.createObjectNode().put("family", "inet").put("local", addr).put("prefixlen", 24));
        }
        ObjectNode s = n.putObject("stats64");
        s.putObject("rx").put("bytes", 1000L * idx).put("packets", 10).put("errors", 0).put("dropped", 1);
        s.putObject("tx").put("bytes", 2000L * idx).put("packets", 20).put("errors", 0).put("dropped", 0);
        return n;
    }
}
