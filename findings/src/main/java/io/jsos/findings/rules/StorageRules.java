package io.jsos.findings.rules;

import io.jsos.api.findings.Evidence;
import io.jsos.api.findings.Finding;
import io.jsos.api.findings.Models;
import io.jsos.api.findings.Severity;
import io.jsos.api.findings.Thresholds;
import io.jsos.findings.J;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rules over {@code jsos/lvm.json}, {@code jsos/ceph.json} and {@code jsos/rook.json}. */
public final class StorageRules {

    static final String LVM = "jsos/lvm.json";
    static final String CEPH = "jsos/ceph.json";
    static final String ROOK = "jsos/rook.json";

    private StorageRules() {
    }

    static List<Map<String, Object>> lvs(Models m) {
        return m.object("lvm").map(d -> J.objs(d, "lvs")).orElse(List.of());
    }

    static boolean isThinPool(Map<String, Object> lv) {
        String seg = J.str(lv, "segtype");
        String attr = J.str(lv, "attr");
        return "thin-pool".equals(seg) || (attr != null && attr.startsWith("t"));
    }

    /** Thin pool data or metadata filling up: at 100 % writes fail or the pool goes read-only. */
    public static final class ThinPoolFull extends BaseRule {
        public ThinPoolFull() {
            super("storage.thin-pool-full", "LVM thin pool data or metadata above 80/95 %");
            threshold("warning", 80);
            threshold("critical", 95);
        }

        @Override
        public List<Finding> evaluate(Models m, Thresholds t) {
            List<Finding> out = new ArrayList<>();
            for (Map<String, Object> lv : lvs(m)) {
                if (!isThinPool(lv)) {
                    continue;
                }
                String name = J.str(lv, "vg") + "/" + J.str(lv, "name");
                Double data = J.num(lv, "data_percent");
                Double meta = J.num(lv, "metadata_percent");
                double worst = Math.max(data == null ? 0 : data, meta == null ? 0 : meta);
                String which = meta != null && meta >= worst ? "metadata" : "data";
                addGraded(out, t, worst, name, "thin pool " + name + " " + which + " " + pct(worst) + " full",
                        List.of(Evidence.of("data_percent", data, LVM), Evidence.of("metadata_percent", meta, LVM),
                                Evidence.of("size_bytes", J.at(lv, "size_bytes"), LVM)),
                        "Extend the pool (lvextend, or --poolmetadatasize for metadata) or delete thin volumes/snapshots; "
                                + "a full pool stops writes.");
            }
            return out;
        }
    }

    /** Classic (COW) snapshots become invalid when full. */
    public static final class SnapshotFull extends BaseRule {
        public SnapshotFull() {
            super("storage.snapshot-full", "LVM snapshot near full (it becomes invalid at 100 %)");
            threshold("warning", 80);
            threshold("critical", 95);
        }

        @Override
        public List<Finding> evaluate(Models m, Thresholds t) {
            List<Finding> out = new ArrayList<>();
            for (Map<String, Object> lv : lvs(m)) {
                Double snap = J.num(lv, "snap_percent");
                if (snap == null) {
                    continue;
                }
                String name = J.str(lv, "vg") + "/" + J.str(lv, "name");
                addGraded(out, t, snap, name, "snapshot " + name + " " + pct(snap) + " full",
                        List.of(Evidence.of("snap_percent", snap, LVM), Evidence.of("origin", J.str(lv, "origin"), LVM)),
                        "Extend the snapshot (lvextend) or remove it before it fills and is invalidated.");
            }
            return out;
        }
    }

    /** jsos could not talk to the Ceph cluster. */
    public static final class CephUnreachable extends UnreachableRule {
        public CephUnreachable() {
            super("storage.ceph-unreachable", "the Ceph cluster did not answer", "ceph", "Ceph cluster",
                    "Check the monitors (ceph -s from a toolbox), the keyring and the network to the mons.");
        }
    }

    /** Ceph says it is not healthy: one finding per health check. */
    public static final class CephHealth extends BaseRule {
        public CephHealth() {
            super("storage.ceph-health", "Ceph health not HEALTH_OK, each health check listed");
        }

        @Override
        public List<Finding> evaluate(Models m, Thresholds t) {
            Map<String, Object> d = m.object("ceph").orElse(null);
            String status = J.str(d, "health", "status");
            if (d == null || status == null || status.equals("HEALTH_OK")) {
                return List.of();
            }
            List<Finding> out = new ArrayList<>();
            for (Map<String, Object> check : J.objs(d, "health", "checks")) {
                String sev = J.str(check, "severity");
                List<Evidence> ev = new ArrayList<>();
                ev.add(Evidence.of("severity", sev, CEPH));
                J.list(check, "detail").stream().limit(5).forEach(x -> ev.add(Evidence.of("detail", x, CEPH)));
                out.add(finding("HEALTH_ERR".equals(sev) ? Severity.CRITICAL : Severity.WARNING, J.str(check, "name"),
                        "Ceph " + J.str(check, "name") + ": " + J.str(check, "message"), ev,
                        "See 'ceph health detail' and the Ceph documentation for " + J.str(check, "name") + "."));
            }
            if (out.isEmpty()) {
                out.add(finding("HEALTH_ERR".equals(status) ? Severity.CRITICAL : Severity.WARNING, "", "Ceph " + status,
                        List.of(Evidence.of("status", status, CEPH)), "Run 'ceph health detail'."));
            }
            return out;
        }
    }

    /** OSDs down or out: data is degraded or rebalancing. */
    public static final class CephOsdDown extends BaseRule {
        public CephOsdDown() {
            super("storage.ceph-osd-down", "Ceph OSDs down or out");
        }

        @Override
        public List<Finding> evaluate(Models m, Thresholds t) {
            List<Finding> out = new ArrayList<>();
            for (Map<String, Object> osd : m.object("ceph").map(d -> J.objs(d, "osds")).orElse(List.of())) {
                Boolean up = J.bool(osd, "up");
                Boolean in = J.bool(osd, "in");
                if (Boolean.FALSE.equals(up) || Boolean.FALSE.equals(in)) {
                    String name = J.str(osd, "name") != null ? J.str(osd, "name") : "osd." + J.str(osd, "id");
                    String state = (Boolean.FALSE.equals(up) ? "down" : "up") + "/" + (Boolean.FALSE.equals(in) ? "out" : "in");
                    out.add(finding(Boolean.FALSE.equals(up) ? Severity.CRITICAL : Severity.WARNING, name,
                            name + " is " + state + " (host " + J.str(osd, "host") + ")",
                            List.of(Evidence.of("up", up, CEPH), Evidence.of("in", in, CEPH), Evidence.of("host", J.str(osd, "host"), CEPH)),
                            "Check the OSD's pod or daemon logs and its disk (dmesg, SMART)."));
                }
            }
            return out;
        }
    }

    /** Placement groups in any state but active+clean. */
    public static final class CephPgsNotClean extends BaseRule {
        public CephPgsNotClean() {
            super("storage.ceph-pgs-not-clean", "Ceph PGs not active+clean");
        }

        @Override
        public List<Finding> evaluate(Models m, Thresholds t) {
            Map<String, Object> d = m.object("ceph").orElse(null);
            List<Evidence> ev = new ArrayList<>();
            long bad = 0;
            boolean inactive = false;
            for (Map<String, Object> st : J.objs(d, "pgs_by_state")) {
                String state = J.str(st, "state");
                Double n = J.num(st, "count");
                if (state == null || n == null || n <= 0 || state.equals("active+clean")) {
                    continue;
                }
                bad += n.longValue();
                inactive |= !state.contains("active");
                ev.add(Evidence.of(state, n.longValue(), CEPH));
            }
            if (bad == 0) {
                return List.of();
            }
            ev.add(0, Evidence.of("num_pgs", J.at(d, "num_pgs"), CEPH));
            return List.of(finding(inactive ? Severity.CRITICAL : Severity.WARNING, "", bad + " PG(s) not active+clean", ev,
                    inactive ? "Inactive PGs block I/O: find the OSDs they map to ('ceph pg dump_stuck')."
                            : "Recovery or backfill is running or stuck: watch 'ceph -s' and check OSDs."));
        }
    }

    /** The cluster or a pool is filling up (Ceph stops writes at the full ratio). */
    public static final class CephNearFull extends BaseRule {
        public CephNearFull() {
            super("storage.ceph-near-full", "Ceph cluster or pool near full (used ratio)");
            threshold("warning", 0.75);
            threshold("critical", 0.85);
        }

        @Override
        public List<Finding> evaluate(Models m, Thresholds t) {
            Map<String, Object> d = m.object("ceph").orElse(null);
            List<Finding> out = new ArrayList<>();
            Double ratio = J.num(d, "capacity", "used_ratio");
            if (ratio != null) {
                addGraded(out, t, ratio, "cluster", "Ceph cluster " + pct(ratio * 100) + " used",
                        List.of(Evidence.of("used_ratio", ratio, CEPH), Evidence.of("total_bytes", J.at(d, "capacity", "total_bytes"), CEPH),
                                Evidence.of("avail_bytes", J.at(d, "capacity", "avail_bytes"), CEPH)),
                        "Add OSDs or delete data before the cluster reaches its full ratio and stops writes.");
            }
            for (Map<String, Object> pool : J.objs(d, "pools")) {
                Double r = J.num(pool, "used_ratio");
                if (r == null) {
                    continue;
                }
                addGraded(out, t, r, "pool " + J.str(pool, "name"), "Ceph pool " + J.str(pool, "name") + " " + pct(r * 100) + " used",
                        List.of(Evidence.of("used_ratio", r, CEPH), Evidence.of("max_avail_bytes", J.at(pool, "max_avail_bytes"), CEPH)),
                        "Raise the pool's quota or the cluster's capacity, or delete data.");
            }
            return out;
        }
    }

    /** An rbd device mapped on the node that no pod uses: leaked after a pod went away. */
    public static final class RbdOrphan extends BaseRule {
        public RbdOrphan() {
            super("storage.rbd-orphan", "rbd devices mapped without a matching pod");
        }

        @Override
        public List<Finding> evaluate(Models m, Thresholds t) {
            Map<String, Object> rook = m.object("rook").orElse(null);
            if (rook == null) {
                return List.of();
            }
            // Pods known on this node: from the Rook volumes and from the cgroup tree's pod identities.
            Set<String> pods = new HashSet<>();
            J.objs(rook, "volumes").forEach(v -> pods.add(J.str(v, "pod_uid")));
            boolean cgroupPods = false;
            for (Map<String, Object> c : CgroupRules.cgroups(m)) {
                String uid = J.str(c, "identity", "podUid");
                if (uid != null) {
                    pods.add(uid);
                    pods.add(uid.replace('_', '-'));
                    cgroupPods = true;
                }
            }
            pods.remove(null);
            List<Finding> out = new ArrayList<>();
            for (Map<String, Object> dev : J.objs(rook, "rbd_devices")) {
                String pod = J.str(dev, "pod_uid");
                boolean orphan = pod == null || (cgroupPods && !pods.contains(pod));
                if (orphan) {
                    String name = J.str(dev, "device") != null ? J.str(dev, "device") : "rbd" + J.str(dev, "id");
                    out.add(finding(Severity.WARNING, name, name + " (" + J.str(dev, "pool") + "/" + J.str(dev, "image")
                                    + ") is mapped but no pod on this node uses it",
                            List.of(Evidence.of("pod_uid", pod, ROOK), Evidence.of("mountpoints", J.at(dev, "mountpoints"), ROOK)),
                            "A leaked mapping keeps the image locked: unmount and 'rbd unmap' it once no pod needs it."));
                }
            }
            return out;
        }
    }
}
