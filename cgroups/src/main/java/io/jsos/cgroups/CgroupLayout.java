package io.jsos.cgroups;

import io.jsos.api.Host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * How cgroups are mounted on a host: pure v1, pure v2, or hybrid (v1 controllers plus a v2
 * hierarchy, as systemd sets up at {@code /sys/fs/cgroup/unified}); which hierarchies, where,
 * with which controllers; and whether jsos sees the whole tree or a container's part of it.
 *
 * <p>Read from a mountinfo file, {@code /proc/cgroups} and {@code /proc/self/cgroup}.
 * {@code /proc/1/mountinfo} comes first: in a container with the node's root at {@code /host}
 * and the host's PID namespace, pid 1 is the node's init and its mount points are host paths,
 * while jsos's own {@code /proc/self/mountinfo} would show the container's. When no cgroup mount
 * is listed at all, {@code /sys/fs/cgroup} is probed.
 *
 * @param mode        the layout
 * @param source      the mountinfo file used, or "probe"
 * @param hierarchies v1 hierarchies in mount order, then v2
 * @param subsystems  /proc/cgroups
 * @param namespaced  whether jsos sees part of a tree only (a mount root other than "/", or a
 *                    cgroup namespace whose view starts with {@code /..})
 * @param notes       anything unusual worth a line in the bundle
 */
public record CgroupLayout(Mode mode, String source, List<Hierarchy> hierarchies, List<ProcCgroups.Subsystem> subsystems,
                           boolean namespaced, List<String> notes) {

    /** The layout kinds. */
    public enum Mode {
        V1, V2, HYBRID, NONE;

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Controller names, for reading a v1 mount's options when /proc/cgroups is missing. */
    static final Set<String> KNOWN_CONTROLLERS = Set.of("cpuset", "cpu", "cpuacct", "blkio", "io", "memory", "devices",
            "freezer", "net_cls", "perf_event", "net_prio", "hugetlb", "pids", "rdma", "misc");

    public CgroupLayout {
        hierarchies = List.copyOf(hierarchies);
        subsystems = List.copyOf(subsystems);
        notes = List.copyOf(notes);
    }

    /** Detects the layout of a host; never throws, {@link Mode#NONE} when nothing is found. */
    public static CgroupLayout detect(Host host) {
        String source = "/proc/1/mountinfo";
        String mountinfo = host.tryRead(source).orElse(null);
        if (mountinfo == null || !mountinfo.contains(" - cgroup")) {
            String self = host.tryRead("/proc/self/mountinfo").orElse(null);
            if (self != null) {
                source = "/proc/self/mountinfo";
                mountinfo = self;
            }
        }
        List<ProcCgroups.Subsystem> subsystems = ProcCgroups.parse(host.tryRead("/proc/cgroups").orElse(null));
        List<PidCgroups.Membership> self = PidCgroups.parse(host.tryRead("/proc/self/cgroup").orElse(null));
        Function<String, String> v2Controllers = mp -> host.tryRead(mp + "/cgroup.controllers").orElse(null);
        CgroupLayout fromMounts = of(Mountinfo.parse(mountinfo), subsystems, self, v2Controllers,
                mountinfo == null ? "none" : source);
        if (fromMounts.mode() != Mode.NONE) {
            return fromMounts;
        }
        return probe(host, subsystems, self, v2Controllers, mountinfo == null
                ? "no readable mountinfo" : source + " lists no cgroup mounts");
    }

    /**
     * The layout from parsed inputs (pure).
     *
     * @param v2Controllers reads a v2 mount point's {@code cgroup.controllers} (null when unreadable)
     */
    public static CgroupLayout of(List<Mountinfo.Mount> mounts, List<ProcCgroups.Subsystem> subsystems,
                                  List<PidCgroups.Membership> self, Function<String, String> v2Controllers, String source) {
        List<String> notes = new ArrayList<>();
        Map<String, Integer> idOf = new LinkedHashMap<>();
        subsystems.forEach(s -> idOf.put(s.name(), s.hierarchy()));
        // One file system (device) may be mounted more than once (bind mounts); keep the mount
        // that shows the most of it: root "/" or else the shortest root.
        Map<String, Mountinfo.Mount> bySuperblock = new LinkedHashMap<>();
        for (Mountinfo.Mount m : mounts) {
            if (!m.fsType().equals("cgroup") && !m.fsType().equals("cgroup2")) {
                continue;
            }
            bySuperblock.merge(m.device(), m, (a, b) -> b.root().length() < a.root().length() ? b : a);
        }
        List<Hierarchy> v1 = new ArrayList<>();
        List<Hierarchy> v2 = new ArrayList<>();
        for (Mountinfo.Mount m : bySuperblock.values()) {
            if (m.fsType().equals("cgroup2")) {
                String text = v2Controllers.apply(m.mountPoint());
                List<String> ctl = text == null || text.isBlank() ? List.of() : List.of(text.strip().split("\\s+"));
                v2.add(new Hierarchy(2, 0, m.mountPoint(), m.root(), ctl, null));
                continue;
            }
            List<String> ctl = new ArrayList<>();
            String name = null;
            for (String o : m.superOptions()) {
                if (o.startsWith("name=")) {
                    name = o.substring(5);
                } else if (idOf.containsKey(o) || (idOf.isEmpty() && KNOWN_CONTROLLERS.contains(o))) {
                    ctl.add(o);
                }
            }
            if (ctl.isEmpty() && name == null) {
                notes.add("cgroup mount " + m.mountPoint() + " has neither controllers nor a name: skipped");
                continue;
            }
            int id = ctl.isEmpty() ? -1 : idOf.getOrDefault(ctl.get(0), -1);
            v1.add(new Hierarchy(1, id, m.mountPoint(), m.root(), ctl, ctl.isEmpty() ? name : null));
        }
        List<Hierarchy> all = new ArrayList<>(v1);
        all.addAll(v2);
        boolean v1Controllers = v1.stream().anyMatch(h -> !h.controllers().isEmpty());
        Mode mode = all.isEmpty() ? Mode.NONE
                : v2.isEmpty() ? Mode.V1
                : v1Controllers ? Mode.HYBRID : Mode.V2;
        if (mode == Mode.V2 && !v1.isEmpty()) {
            notes.add("v1 named hierarchies beside v2: " + v1.stream().map(Hierarchy::label).toList());
        }
        for (ProcCgroups.Subsystem s : subsystems) {
            boolean mounted = all.stream().anyMatch(h -> h.has(s.name()));
            if (s.enabled() && s.hierarchy() > 0 && !mounted && !all.isEmpty()) {
                notes.add("controller " + s.name() + " is on v1 hierarchy " + s.hierarchy() + " but that hierarchy is not mounted here");
            }
        }
        boolean namespaced = all.stream().anyMatch(h -> !h.root().equals("/"))
                || self.stream().anyMatch(mb -> mb.path().startsWith("/.."));
        if (namespaced) {
            notes.add("partial view: cgroup paths are shown as the mounts and the cgroup namespace expose them");
        }
        return new CgroupLayout(mode, source, all, subsystems, namespaced, notes);
    }

    private static CgroupLayout probe(Host host, List<ProcCgroups.Subsystem> subsystems, List<PidCgroups.Membership> self,
                                      Function<String, String> v2Controllers, String why) {
        List<Mountinfo.Mount> fake = new ArrayList<>();
        Set<String> covered = new java.util.HashSet<>();
        int n = 0;
        if (host.exists("/sys/fs/cgroup/cgroup.controllers")) {
            fake.add(new Mountinfo.Mount(++n, 0, "probe:" + n, "/", "/sys/fs/cgroup", "cgroup2", "probe", List.of()));
        } else {
            for (String name : host.list("/sys/fs/cgroup")) {
                String dir = "/sys/fs/cgroup/" + name;
                if (name.equals("unified") && host.exists(dir + "/cgroup.controllers")) {
                    fake.add(new Mountinfo.Mount(++n, 0, "probe:" + n, "/", dir, "cgroup2", "probe", List.of()));
                } else if (host.exists(dir + "/cgroup.procs") && !host.exists(dir + "/cgroup.controllers")) {
                    List<String> opts = name.equals("systemd") ? List.of("name=systemd") : List.of(name.split(","));
                    // cpu and cpuacct are often symlinks to "cpu,cpuacct": one hierarchy, walked once per controller name
                    if (opts.stream().noneMatch(covered::contains)) {
                        covered.addAll(opts);
                        fake.add(new Mountinfo.Mount(++n, 0, "probe:" + n, "/", dir, "cgroup", "probe", opts));
                    }
                }
            }
        }
        CgroupLayout probed = of(fake, subsystems, self, v2Controllers, "probe");
        List<String> notes = new ArrayList<>();
        notes.add(why + (probed.mode() == Mode.NONE ? "; nothing found under /sys/fs/cgroup either"
                : "; found by probing /sys/fs/cgroup"));
        notes.addAll(probed.notes());
        return new CgroupLayout(probed.mode(), "probe", probed.hierarchies(), subsystems, probed.namespaced(), notes);
    }

    /** One line for the tree's header: {@code hybrid: v1 cpu, memory, name=systemd; v2 unified [hugetlb]}. */
    public String summary() {
        if (mode == Mode.NONE) {
            return "no cgroup hierarchy found";
        }
        StringBuilder sb = new StringBuilder(mode.json()).append(':');
        List<String> v1 = hierarchies.stream().filter(h -> h.version() == 1).map(Hierarchy::label).toList();
        if (!v1.isEmpty()) {
            sb.append(" v1 ").append(String.join("; ", v1));
        }
        hierarchies.stream().filter(h -> h.version() == 2).forEach(h -> sb.append(v1.isEmpty() ? "" : " +")
                .append(" v2 at ").append(h.mountPoint()).append(" [").append(String.join(" ", h.controllers())).append(']'));
        if (namespaced) {
            sb.append(" (partial view)");
        }
        return sb.toString();
    }
}
