package io.jsos.cgroups;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a cgroup is, recognised from its path alone: Kubernetes' kubepods tree (QoS classes, pods,
 * containers) in both the cgroupfs and the systemd driver spellings, container runtimes' scopes,
 * and systemd's services, user slices and sessions.
 *
 * <pre>
 * /kubepods/burstable/pod0a1b.../&lt;64 hex&gt;                                    cgroupfs driver
 * /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0a1b_....slice/
 *     cri-containerd-&lt;id&gt;.scope                                            systemd driver
 * /kubepods.slice/kubepods-pod0a1b_....slice/crio-&lt;id&gt;.scope                  guaranteed pod (no QoS level)
 * /docker/&lt;id&gt;, /system.slice/docker-&lt;id&gt;.scope, /machine.slice/libpod-&lt;id&gt;.scope
 * /system.slice/nginx.service, /user.slice/user-1000.slice/session-3.scope
 * </pre>
 *
 * Context is inherited from ancestors: a cgroup below a pod knows the pod's UID and QoS class,
 * one below a container its container ID, but its {@link #kind()} is that of its own last path
 * element. Names (namespace, pod, container) are not in the path; {@link KubeNames} adds them.
 *
 * @param kind        what the last path element is
 * @param qos         {@code guaranteed}, {@code burstable} or {@code besteffort} inside kubepods, else null
 * @param podUid      the pod's UID with dashes (systemd's underscores undone), else null
 * @param containerId the container's ID (usually 64 hex digits; an LXC container's name), else null
 * @param runtime     {@code containerd}, {@code cri-o}, {@code docker}, {@code podman}, {@code lxc}, or null when the path does not say
 * @param unit        the systemd unit name for {@code .service}, {@code .scope} and {@code .slice} elements, else null
 * @param uid         the user's UID for {@code user-<uid>.slice} (and below it), else null
 * @param namespace   the pod's namespace, when known from the kubelet's log folders
 * @param pod         the pod's name, when known
 * @param container   the container's name, when known
 */
public record CgroupIdentity(Kind kind, String qos, String podUid, String containerId, String runtime, String unit,
                             Integer uid, String namespace, String pod, String container) {

    /** What a cgroup is. */
    public enum Kind {
        ROOT, KUBEPODS, QOS, POD, CONTAINER, SERVICE, USER_SLICE, SESSION, SLICE, SCOPE, OTHER;

        /** The spelling in the JSON document and the tree: {@code user-slice}. */
        public String json() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    /** Prefixed scopes: cri-containerd-ID.scope, crio-ID.scope (and crio-ID under cgroupfs), docker-ID.scope, libpod-ID.scope. */
    private static final Pattern RUNTIME_SCOPE =
            Pattern.compile("(cri-containerd|crio|docker|libpod)-([0-9a-f]{12,128})(\\.scope)?");
    /** cgroupfs: pod0a1b2c3d-...; static pods have a 32-hex UID without dashes. */
    private static final Pattern POD_CGROUPFS = Pattern.compile("pod([0-9a-f][0-9a-f-]{31,35})");
    /** systemd: kubepods[-qos]-pod0a1b2c3d_....slice, possibly behind a prefix (kubelet-kubepods-...). */
    private static final Pattern POD_SYSTEMD = Pattern.compile("(?:.*-)?pod([0-9a-f][0-9a-f_]{31,35})\\.slice");
    private static final Pattern QOS = Pattern.compile("(?:.*kubepods-)?(burstable|besteffort)(?:\\.slice)?");
    private static final Pattern USER_SLICE = Pattern.compile("user-(\\d+)\\.slice");

    public static final CgroupIdentity ROOT_IDENTITY =
            new CgroupIdentity(Kind.ROOT, null, null, null, null, null, null, null, null, null);

    /** The identity of a cgroup path such as {@code /kubepods.slice/...}; never null. */
    public static CgroupIdentity fromPath(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return ROOT_IDENTITY;
        }
        String[] segs = path.split("/");
        boolean inKube = false;
        String qos = null;
        String podUid = null;
        String containerId = null;
        String runtime = null;
        Integer uid = null;
        Kind kind = Kind.OTHER;
        String prev = "";
        for (String seg : segs) {
            if (seg.isEmpty()) {
                continue;
            }
            Kind k;
            Matcher m;
            if (seg.equals("kubepods") || seg.endsWith("kubepods.slice")) {
                inKube = true;
                k = Kind.KUBEPODS;
            } else if (inKube && podUid == null && (seg.contains("burstable") || seg.contains("besteffort"))
                    && (m = QOS.matcher(seg)).matches()) {
                qos = m.group(1);
                k = Kind.QOS;
            } else if (inKube && podUid == null && (podUid = podUid(seg)) != null) {
                if (qos == null) {
                    qos = "guaranteed"; // Guaranteed pods sit directly under kubepods, with no QoS level
                }
                k = Kind.POD;
            } else if (runtimePrefix(seg) && (m = RUNTIME_SCOPE.matcher(seg)).matches()) {
                containerId = m.group(2);
                runtime = switch (m.group(1)) {
                    case "cri-containerd" -> "containerd";
                    case "crio" -> "cri-o";
                    case "libpod" -> "podman";
                    default -> "docker";
                };
                k = Kind.CONTAINER;
            } else if (seg.length() == 64 && (inKube || prev.equals("docker")) && HEX64.matcher(seg).matches()) {
                // cgroupfs driver: the bare ID. Under /docker it is Docker's; under kubepods the path does not say whose.
                containerId = seg;
                runtime = prev.equals("docker") ? "docker" : null;
                k = Kind.CONTAINER;
            } else if (prev.equals("lxc") || seg.startsWith("lxc.payload.")) {
                containerId = seg.startsWith("lxc.payload.") ? seg.substring("lxc.payload.".length()) : seg;
                runtime = "lxc";
                k = Kind.CONTAINER;
            } else if (seg.endsWith(".service")) {
                k = Kind.SERVICE;
            } else if (seg.startsWith("user-") && (m = USER_SLICE.matcher(seg)).matches()) {
                uid = Integer.valueOf(m.group(1));
                k = Kind.USER_SLICE;
            } else if (seg.startsWith("session-") && seg.endsWith(".scope")) {
                k = Kind.SESSION;
            } else if (seg.endsWith(".slice")) {
                k = Kind.SLICE;
            } else if (seg.endsWith(".scope")) {
                k = Kind.SCOPE;
            } else {
                k = Kind.OTHER;
            }
            kind = k;
            prev = seg;
        }
        String last = prev;
        String unit = last.endsWith(".service") || last.endsWith(".scope") || last.endsWith(".slice") ? last : null;
        return new CgroupIdentity(kind, qos, podUid, containerId, runtime, unit, uid, null, null, null);
    }

    private static String podUid(String seg) {
        // each regex only where the segment can match it: a scrape identifies every cgroup's every path element
        if (seg.startsWith("pod")) {
            Matcher m = POD_CGROUPFS.matcher(seg);
            if (m.matches()) {
                return m.group(1);
            }
        }
        if (!seg.endsWith(".slice") || !seg.contains("pod")) {
            return null;
        }
        Matcher m = POD_SYSTEMD.matcher(seg);
        return m.matches() ? m.group(1).replace('_', '-') : null;
    }

    /** What {@link #RUNTIME_SCOPE} needs at the start. */
    private static boolean runtimePrefix(String seg) {
        return seg.startsWith("cri-containerd-") || seg.startsWith("crio-") || seg.startsWith("docker-") || seg.startsWith("libpod-");
    }

    /** This identity with the Kubernetes names filled in (any may be null). */
    public CgroupIdentity withNames(String namespace, String pod, String container) {
        return new CgroupIdentity(kind, qos, podUid, containerId, runtime, unit, uid, namespace, pod, container);
    }

    /** Whether this cgroup is a pod's own cgroup or a container's: the ones that get pod/container labels. */
    public boolean isPodOrContainer() {
        return kind == Kind.POD || kind == Kind.CONTAINER;
    }
}
