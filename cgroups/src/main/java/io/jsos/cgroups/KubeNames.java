package io.jsos.cgroups;

import io.jsos.api.Host;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Kubernetes names for pod UIDs and container IDs, from the kubelet's log folders alone (no API
 * call, no runtime socket):
 * <ul>
 *   <li>{@code /var/log/pods/<namespace>_<pod>_<uid>/<container>/} gives each pod UID its
 *       namespace and name;</li>
 *   <li>{@code /var/log/containers/<pod>_<namespace>_<container>-<container id>.log} (symlinks
 *       the kubelet keeps) gives each container ID its container name.</li>
 * </ul>
 * Namespace, pod and container names are DNS labels, so they never contain '_' and the split is
 * unambiguous. Sandbox ("pause") containers have no logs and so stay unnamed.
 */
public final class KubeNames {

    /** A pod, from its log folder name. */
    public record Pod(String namespace, String name, String uid) {
    }

    /** A container, from its log link name. */
    public record Container(String namespace, String pod, String name, String id) {
    }

    public static final KubeNames EMPTY = new KubeNames(Map.of(), Map.of());

    private static final Pattern UID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}");
    /** "-" + a 64-hex container ID + ".log": the fixed-length end of a container log link's name. */
    private static final int ID_SUFFIX = 1 + 64 + 4;

    private final Map<String, Pod> podsByUid;
    private final Map<String, Container> containersById;

    private KubeNames(Map<String, Pod> podsByUid, Map<String, Container> containersById) {
        this.podsByUid = podsByUid;
        this.containersById = containersById;
    }

    /** Reads both log folders through the host; missing folders give no names. */
    public static KubeNames read(Host host) {
        return of(host.list("/var/log/pods"), host.list("/var/log/containers"));
    }

    /** From the names in {@code var/log/pods} and {@code var/log/containers}. */
    public static KubeNames of(List<String> podDirs, List<String> containerLogs) {
        Map<String, Pod> pods = new HashMap<>();
        for (String d : podDirs) {
            Pod p = parsePodDir(d);
            if (p != null) {
                pods.put(p.uid(), p);
            }
        }
        Map<String, Container> containers = new HashMap<>();
        for (String f : containerLogs) {
            Container c = parseContainerLog(f);
            if (c != null) {
                containers.put(c.id(), c);
            }
        }
        if (pods.isEmpty() && containers.isEmpty()) {
            return EMPTY;
        }
        return new KubeNames(Collections.unmodifiableMap(pods), Collections.unmodifiableMap(containers));
    }

    /** {@code <namespace>_<pod>_<uid>}, or null. */
    public static Pod parsePodDir(String name) {
        int first = name.indexOf('_');
        int last = name.lastIndexOf('_');
        if (first <= 0 || last <= first + 1 || last == name.length() - 1) {
            return null;
        }
        String uid = name.substring(last + 1);
        if (!UID.matcher(uid).matches()) {
            return null;
        }
        return new Pod(name.substring(0, first), name.substring(first + 1, last), uid);
    }

    /** {@code <pod>_<namespace>_<container>-<64 hex>.log}, or null. */
    public static Container parseContainerLog(String name) {
        // by hand, not by regex: every scrape parses one per container of the node
        int head = name.length() - ID_SUFFIX;
        if (head < 5 || name.charAt(head) != '-' || !name.endsWith(".log")) {
            return null;
        }
        for (int i = head + 1; i < name.length() - 4; i++) {
            char c = name.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return null;
            }
        }
        int first = name.indexOf('_');
        int second = first < 0 ? -1 : name.indexOf('_', first + 1);
        // exactly two '_' (the ID and ".log" have none), three non-empty parts
        if (first <= 0 || second <= first + 1 || second >= head - 1 || name.indexOf('_', second + 1) >= 0) {
            return null;
        }
        return new Container(name.substring(first + 1, second), name.substring(0, first), name.substring(second + 1, head),
                name.substring(head + 1, name.length() - 4));
    }

    public Map<String, Pod> pods() {
        return podsByUid;
    }

    public Map<String, Container> containers() {
        return containersById;
    }

    /** The identity with namespace, pod and container names added where this index knows them. */
    public CgroupIdentity name(CgroupIdentity id) {
        if (this == EMPTY || (id.podUid() == null && id.containerId() == null)) {
            return id;
        }
        Pod p = id.podUid() == null ? null : podsByUid.get(id.podUid());
        Container c = id.containerId() == null ? null : containersById.get(id.containerId());
        String namespace = p != null ? p.namespace() : c != null ? c.namespace() : null;
        String pod = p != null ? p.name() : c != null ? c.pod() : null;
        String container = c != null && id.kind() == CgroupIdentity.Kind.CONTAINER ? c.name() : null;
        if (namespace == null && container == null) {
            return id;
        }
        return id.withNames(namespace, pod, container);
    }
}
