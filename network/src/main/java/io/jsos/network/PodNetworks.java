package io.jsos.network;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.api.Host;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which pod a network namespace, and so a node-side veth, belongs to: a process in the namespace,
 * its cgroup path's pod UID (kubepods…pod&lt;uid&gt;, either cgroup driver), and the pod's namespace and
 * name from the kubelet's var/log/pods/&lt;namespace&gt;_&lt;pod&gt;_&lt;uid&gt; folders. A node-side veth is tied to
 * its peer's namespace by ip's link_netnsid and {@code ip netns list-id}.
 */
final class PodNetworks {

    private static final Pattern POD_UID = Pattern.compile(
            "pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})");
    private static final Pattern LOG_DIR = Pattern.compile("^([^_]+)_(.+)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$");

    private PodNetworks() {
    }

    /** A pod; namespace and name are null when only the UID is known (no kubelet log folder). */
    public record Pod(String namespace, String name, String uid) {
    }

    /** A node-side interface whose peer lives in a pod's namespace. */
    public record PodInterface(String device, String netns, String namespace, String pod, String pod_uid) {
    }

    /** The pod UID in a process's cgroup lines (systemd driver writes it with underscores), or null. */
    static String podUid(List<String> cgroupLines) {
        for (String l : cgroupLines) {
            Matcher m = POD_UID.matcher(l);
            if (m.find()) {
                return m.group(1).replace('_', '-');
            }
        }
        return null;
    }

    static Map<String, Pod> podsByUid(Host host) {
        Map<String, Pod> out = new HashMap<>();
        for (String d : host.list("/var/log/pods")) {
            Matcher m = LOG_DIR.matcher(d);
            if (m.matches()) {
                out.put(m.group(3), new Pod(m.group(1), m.group(2), m.group(3)));
            }
        }
        return out;
    }

    /** The pod whose process holds this namespace, or null. */
    static Pod podOf(Host host, NetNamespace ns, Map<String, Pod> byUid) {
        if (ns.pid() == null || ns.isSelf()) {
            return null;
        }
        String uid = podUid(host.tryReadLines("/proc/" + ns.pid() + "/cgroup"));
        return uid == null ? null : byUid.getOrDefault(uid, new Pod(null, null, uid));
    }

    /** {@code ip -j netns list-id}: [{"nsid":0,"name":"cni-…"}, {"nsid":1}]. */
    static Map<Integer, String> nsidNames(String text) {
        Map<Integer, String> out = new HashMap<>();
        Json.Parsed p = Json.array(text);
        for (JsonNode n : p.node()) {
            Integer id = Json.integer(n, "nsid");
            String name = Json.text(n, "name");
            if (id != null && name != null) {
                out.put(id, name);
            }
        }
        return out;
    }

    /** Node-side veths whose peer is in a pod's named namespace, at most {@code max}. */
    static List<PodInterface> label(List<Iface> self, Map<Integer, String> nsidNames, Map<String, Pod> podByNetns, int max) {
        List<PodInterface> out = new ArrayList<>();
        for (Iface i : self) {
            if (out.size() >= max) {
                break;
            }
            if (i.peer_netns_id() == null) {
                continue;
            }
            String netns = nsidNames.get(i.peer_netns_id());
            Pod pod = netns == null ? null : podByNetns.get(netns);
            if (pod != null) {
                out.add(new PodInterface(i.name(), netns, pod.namespace(), pod.name(), pod.uid()));
            }
        }
        return out;
    }
}
