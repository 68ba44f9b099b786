package io.jsos.cgroups;

import java.util.List;

/**
 * One mounted cgroup hierarchy: a v1 hierarchy with its controllers (or a named one such as
 * {@code name=systemd}), or the v2 unified hierarchy.
 *
 * @param version     1 or 2
 * @param id          the v1 hierarchy ID from /proc/cgroups; 0 for v2 and -1 for a named v1 hierarchy
 * @param mountPoint  where it is mounted, as a host path ({@code /sys/fs/cgroup/memory})
 * @param root        the cgroup shown at the mount point: {@code /} for the whole hierarchy, a path
 *                    for a container's view of its own subtree
 * @param controllers the controllers attached (v2: those in the root's {@code cgroup.controllers})
 * @param name        a v1 named hierarchy's name ({@code systemd}), else null
 */
public record Hierarchy(int version, int id, String mountPoint, String root, List<String> controllers, String name) {

    public Hierarchy {
        controllers = List.copyOf(controllers);
        root = root == null || root.isEmpty() ? "/" : root;
    }

    /** How it is named in the model and the tree: {@code cpu,cpuacct}, {@code name=systemd}, {@code unified}. */
    public String label() {
        if (version == 2) {
            return "unified";
        }
        if (name != null) {
            return "name=" + name;
        }
        return String.join(",", controllers);
    }

    public boolean has(String controller) {
        return controllers.contains(controller);
    }

    /** The cgroup path of a directory {@code rel} ("" or "/a/b") below the mount point. */
    String cgroupPath(String rel) {
        if (root.equals("/")) {
            return rel.isEmpty() ? "/" : rel;
        }
        return rel.isEmpty() ? root : root + rel;
    }

    /** The host directory of a cgroup path, or null when the path is not below this mount's root. */
    String dirOf(String cgroupPath) {
        if (root.equals("/")) {
            return cgroupPath.equals("/") ? mountPoint : mountPoint + cgroupPath;
        }
        if (cgroupPath.equals(root)) {
            return mountPoint;
        }
        if (cgroupPath.startsWith(root + "/")) {
            return mountPoint + cgroupPath.substring(root.length());
        }
        return null;
    }
}
