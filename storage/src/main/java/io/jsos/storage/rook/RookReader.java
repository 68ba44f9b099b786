package io.jsos.storage.rook;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.api.Host;
import io.jsos.storage.Mounts;
import io.jsos.storage.StorageJson;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the Rook/CSI node state through the Host: sysfs, the kubelet's folders, mountinfo, /var/lib/rook. */
public final class RookReader {

    static final String KUBELET = "/var/lib/kubelet";
    /** FlexVolume plugin folders: the upstream default and the one Rook's docs configure. */
    static final List<String> FLEX_DIRS = List.of("/usr/libexec/kubernetes/kubelet-plugins/volume/exec", KUBELET + "/volumeplugins");
    private static final Pattern POD_PATH = Pattern.compile("/var/lib/kubelet/pods/([0-9a-fA-F-]{36})/");
    /** Files under var/lib/rook that hold keys: listed, never copied. */
    static final Pattern SECRET_NAME = Pattern.compile("(?i).*(keyring|secret|\\.key$|token|password).*");

    private RookReader() {
    }

    public static RookModel read(Host host) {
        List<Mounts.Mount> mounts = Mounts.read(host);
        return new RookModel(rbd(host, mounts), csi(host), flex(host), volumes(host, mounts), cephMounts(mounts),
                rookFiles(host, "/var/lib/rook", 4));
    }

    static String podUid(String path) {
        Matcher m = POD_PATH.matcher(path + "/");
        return m.find() ? m.group(1) : null;
    }

    static List<RookModel.RbdDevice> rbd(Host host, List<Mounts.Mount> mounts) {
        List<RookModel.RbdDevice> out = new ArrayList<>();
        for (String id : host.list("/sys/bus/rbd/devices")) {
            String d = "/sys/bus/rbd/devices/" + id;
            String dev = "/dev/rbd" + id;
            // the device number: from /sys/block/rbdN/dev; sysfs' major file alone lacks the minor of the whole device
            String mm = line(host, "/sys/block/rbd" + id + "/dev");
            if (mm == null && line(host, d + "/major") != null) {
                mm = line(host, d + "/major") + ":" + (line(host, d + "/minor") == null ? "0" : line(host, d + "/minor"));
            }
            List<String> points = new ArrayList<>();
            String pod = null;
            for (Mounts.Mount m : mounts) {
                if ((mm != null && m.majorMinor().equals(mm)) || m.source().equals(dev)) {
                    points.add(m.mountpoint());
                    if (pod == null) {
                        pod = podUid(m.mountpoint());
                    }
                }
            }
            out.add(new RookModel.RbdDevice(id, line(host, d + "/pool"), line(host, d + "/pool_ns"), line(host, d + "/name"),
                    line(host, d + "/current_snap"), dev, mm, line(host, d + "/cluster_fsid"), points, pod));
        }
        return out;
    }

    static List<RookModel.CsiPlugin> csi(Host host) {
        List<String> registry = host.list(KUBELET + "/plugins_registry");
        List<RookModel.CsiPlugin> out = new ArrayList<>();
        for (String name : host.list(KUBELET + "/plugins")) {
            if (name.equals("kubernetes.io")) {
                continue;    // kubelet's own per-volume folders (csi/pv/<name>/globalmount), not a driver
            }
            String dir = KUBELET + "/plugins/" + name;
            boolean socket = host.list(dir).stream().anyMatch(f -> f.endsWith(".sock"));
            boolean registered = registry.stream().anyMatch(r -> r.startsWith(name + "-reg.sock") || r.startsWith(name + ".sock")
                    || r.equals(name));
            out.add(new RookModel.CsiPlugin(name, dir, socket, registered));
        }
        // registered drivers whose plugin folder is missing are worth seeing too
        for (String r : registry) {
            String name = r.replaceAll("(-reg)?\\.sock$", "");
            if (out.stream().noneMatch(p -> p.name().equals(name))) {
                out.add(new RookModel.CsiPlugin(name, null, false, true));
            }
        }
        return out;
    }

    static List<RookModel.FlexPlugin> flex(Host host) {
        List<RookModel.FlexPlugin> out = new ArrayList<>();
        for (String dir : FLEX_DIRS) {
            for (String name : host.list(dir)) {
                out.add(new RookModel.FlexPlugin(name, dir + "/" + name));
            }
        }
        return out;
    }

    /** The pods' Ceph, CSI and FlexVolume volumes from var/lib/kubelet/pods/<uid>/volumes/<plugin>/<name>. */
    static List<RookModel.Volume> volumes(Host host, List<Mounts.Mount> mounts) {
        List<RookModel.Volume> out = new ArrayList<>();
        for (String uid : host.list(KUBELET + "/pods")) {
            String base = KUBELET + "/pods/" + uid + "/volumes";
            for (String plugin : host.list(base)) {
                String kind = kindOf(plugin);
                if (kind == null) {
                    continue;        // configmaps, secrets, projected tokens, emptyDirs
                }
                for (String name : host.list(base + "/" + plugin)) {
                    String dir = base + "/" + plugin + "/" + name;
                    String driver = null;
                    String handle = null;
                    Map<String, String> attrs = new LinkedHashMap<>();
                    String mountpoint = dir;
                    if (plugin.equals("kubernetes.io~csi")) {
                        mountpoint = dir + "/mount";
                        try {
                            JsonNode vd = StorageJson.parse(host.read(dir + "/vol_data.json", 64 << 10));
                            driver = StorageJson.text(vd, "driverName");
                            handle = StorageJson.text(vd, "volumeHandle");
                            vd.fields().forEachRemaining(e -> {
                                if (e.getValue().isValueNode()) {
                                    attrs.put(e.getKey(), e.getValue().asText());
                                }
                            });
                        } catch (IOException | RuntimeException e) {
                            attrs.put("error", "vol_data.json: " + e.getMessage());
                        }
                        kind = driver == null ? "csi" : driver.endsWith("rbd.csi.ceph.com") ? "rbd"
                                : driver.endsWith("cephfs.csi.ceph.com") ? "cephfs" : "csi";
                    } else if (plugin.contains("~") && !plugin.startsWith("kubernetes.io~")) {
                        driver = plugin.replace('~', '/');
                    }
                    String device = null;
                    boolean mounted = false;
                    for (Mounts.Mount m : mounts) {
                        if (m.mountpoint().equals(mountpoint)) {
                            mounted = true;
                            device = m.source();
                        }
                    }
                    out.add(new RookModel.Volume(uid, kind, name, mountpoint, driver, handle, device, mounted, attrs));
                }
            }
        }
        return out;
    }

    /** kubelet's volume plugin folder name ("kubernetes.io~csi", "ceph.rook.io~rook-ceph") → the model's kind, or null. */
    static String kindOf(String plugin) {
        return switch (plugin) {
            case "kubernetes.io~csi" -> "csi";
            case "kubernetes.io~rbd" -> "rbd";
            case "kubernetes.io~cephfs" -> "cephfs";
            default -> plugin.startsWith("kubernetes.io~") || !plugin.contains("~") ? null : "flexvolume";
        };
    }

    static List<RookModel.CephMount> cephMounts(List<Mounts.Mount> mounts) {
        List<RookModel.CephMount> out = new ArrayList<>();
        for (Mounts.Mount m : mounts) {
            if (m.fstype().equals("ceph") || m.fstype().equals("fuse.ceph-fuse") || m.source().startsWith("/dev/rbd")) {
                out.add(new RookModel.CephMount(m.source(), m.mountpoint(), m.fstype(), podUid(m.mountpoint())));
            }
        }
        return out;
    }

    /** Files under var/lib/rook, as host paths, to a depth (mon stores are big and not needed: only names). */
    static List<String> rookFiles(Host host, String dir, int depth) {
        List<String> out = new ArrayList<>();
        if (depth <= 0) {
            return out;
        }
        for (String name : host.list(dir)) {
            String p = dir + "/" + name;
            if (host.isDirectory(p)) {
                out.addAll(rookFiles(host, p, depth - 1));
            } else {
                out.add(p);
            }
        }
        return out;
    }

    static String line(Host host, String path) {
        return host.tryRead(path).map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
    }
}
