package io.jsos.perf;

import io.jsos.api.Host;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What jsos needs to know about the node before opening counters, read through the {@link Host}
 * (so {@code --host-root} and fixture hosts work): the perf sysctls, the PMUs, this process's
 * privilege, the online CPUs, and where the cgroup hierarchy perf can count lives. Every read is a
 * one-line {@code readX()} around a static, pure {@code parseX(...)}.
 *
 * @param paranoid       /proc/sys/kernel/perf_event_paranoid, or null when missing
 * @param maxSampleRate  /proc/sys/kernel/perf_event_max_sample_rate, or null
 * @param kptrRestrict   /proc/sys/kernel/kptr_restrict, or null
 * @param pmus           /sys/bus/event_source/devices/* with their type numbers
 * @param privileged     whether CPU-wide and cgroup counting are allowed to this process
 * @param privilegeReason why (uid 0 with CAP_PERFMON, paranoid -1, ...)
 * @param excludeKernel  whether events must exclude the kernel (unprivileged at paranoid >= 2)
 * @param cpus           online CPUs (/sys/devices/system/cpu/online)
 * @param cgroupRoot     host path of the hierarchy perf_event counts on (the v2 tree, or a mounted
 *                       v1 perf_event hierarchy), or null
 * @param cgroupNote     how cgroupRoot was found, or why there is none
 */
public record PerfHost(Integer paranoid, Integer maxSampleRate, Integer kptrRestrict, List<Pmu> pmus,
                       boolean privileged, String privilegeReason, boolean excludeKernel, List<Integer> cpus,
                       String cgroupRoot, String cgroupNote) {

    public static final String PARANOID = "/proc/sys/kernel/perf_event_paranoid";
    public static final String MAX_SAMPLE_RATE = "/proc/sys/kernel/perf_event_max_sample_rate";
    public static final String KPTR_RESTRICT = "/proc/sys/kernel/kptr_restrict";
    public static final String PMU_DIR = "/sys/bus/event_source/devices";
    public static final String CPUS_ONLINE = "/sys/devices/system/cpu/online";

    private static final int CAP_SYS_ADMIN = 21;
    private static final int CAP_PERFMON = 38;

    /** A PMU: its name under /sys/bus/event_source/devices and its perf type number. */
    public record Pmu(String name, Integer type) {
    }

    public static PerfHost read(Host host) {
        Integer paranoid = readInt(host, PARANOID);
        String capEff = parseStatusField(host.tryReadLines("/proc/self/status"), "CapEff");
        Integer uid = parseUid(host.tryReadLines("/proc/self/status"));
        long caps = parseCaps(capEff);
        String why;
        boolean privileged;
        if (paranoid != null && paranoid <= 0) {
            privileged = true;
            why = "perf_event_paranoid is " + paranoid + " (CPU-wide counting open to all)";
        } else if ((caps & (1L << CAP_PERFMON)) != 0) {
            privileged = true;
            why = "CAP_PERFMON" + (uid != null && uid == 0 ? " (root)" : "");
        } else if ((caps & (1L << CAP_SYS_ADMIN)) != 0) {
            privileged = true;
            why = "CAP_SYS_ADMIN" + (uid != null && uid == 0 ? " (root)" : "");
        } else {
            privileged = false;
            why = "no CAP_PERFMON/CAP_SYS_ADMIN and perf_event_paranoid is " + (paranoid == null ? "unknown" : paranoid)
                    + ": only this user's own processes can be counted"
                    + (paranoid != null && paranoid >= 3 ? " (and paranoid >= 3 forbids even that on Debian kernels)" : "");
        }
        boolean excludeKernel = !privileged && (paranoid == null || paranoid >= 2);
        String[] cg = cgroupRoot(host);
        return new PerfHost(paranoid, readInt(host, MAX_SAMPLE_RATE), readInt(host, KPTR_RESTRICT), readPmus(host),
                privileged, why, excludeKernel, parseCpuList(host.tryRead(CPUS_ONLINE).orElse("")), cg[0], cg[1]);
    }

    static Integer readInt(Host host, String path) {
        return host.tryRead(path).map(String::trim).flatMap(PerfHost::parseInt).orElse(null);
    }

    static Optional<Integer> parseInt(String s) {
        try {
            return Optional.of(Integer.parseInt(s.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static List<Pmu> readPmus(Host host) {
        List<Pmu> out = new ArrayList<>();
        for (String name : host.list(PMU_DIR)) {
            out.add(new Pmu(name, readInt(host, PMU_DIR + "/" + name + "/type")));
        }
        out.sort(Comparator.comparing(Pmu::name));
        return out;
    }

    /** "0-3,5,7-8" → [0,1,2,3,5,7,8]; junk is skipped. */
    public static List<Integer> parseCpuList(String text) {
        List<Integer> out = new ArrayList<>();
        for (String part : text.trim().split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            try {
                int dash = p.indexOf('-');
                if (dash < 0) {
                    out.add(Integer.parseInt(p));
                } else {
                    int a = Integer.parseInt(p.substring(0, dash));
                    int b = Integer.parseInt(p.substring(dash + 1));
                    for (int i = a; i <= b && i - a < 65536; i++) {
                        out.add(i);
                    }
                }
            } catch (NumberFormatException e) {
                // skip junk
            }
        }
        return out;
    }

    static String parseStatusField(List<String> statusLines, String field) {
        for (String l : statusLines) {
            if (l.startsWith(field + ":")) {
                return l.substring(field.length() + 1).trim();
            }
        }
        return null;
    }

    static Integer parseUid(List<String> statusLines) {
        String uid = parseStatusField(statusLines, "Uid");
        if (uid == null) {
            return null;
        }
        String[] f = uid.split("\\s+");
        return parseInt(f.length > 1 ? f[1] : f[0]).orElse(null);
    }

    /** A CapEff hex mask; 0 when missing or malformed. */
    static long parseCaps(String hex) {
        if (hex == null) {
            return 0;
        }
        try {
            return Long.parseUnsignedLong(hex.trim(), 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Where perf counts cgroups: {@code /proc/cgroups} tells whether perf_event is bound to a v1
     * hierarchy (its hierarchy id is not 0) or lives on the v2 tree (0); the mount is then found in the
     * node's mount table ({@code /proc/1/mountinfo}, else {@code /proc/self/mountinfo}).
     *
     * @return {host path or null, note}
     */
    static String[] cgroupRoot(Host host) {
        List<String> cgroups = host.tryReadLines("/proc/cgroups");
        Integer hierarchy = parsePerfEventHierarchy(cgroups);
        if (hierarchy == null) {
            return new String[] {null, cgroups.isEmpty() ? "no /proc/cgroups"
                    : "the kernel has no perf_event cgroup controller (CONFIG_CGROUP_PERF)"};
        }
        List<String> mounts = host.tryReadLines("/proc/1/mountinfo");
        if (mounts.isEmpty()) {
            mounts = host.tryReadLines("/proc/self/mountinfo");
        }
        String mp = findCgroupMount(mounts, hierarchy == 0);
        if (mp == null) {
            return new String[] {null, hierarchy == 0 ? "perf_event is on the cgroup v2 tree, but no cgroup2 mount was found"
                    : "perf_event is bound to v1 hierarchy " + hierarchy + ", which is not mounted"
                    + " (a v1 perf_event hierarchy unmounted while its cgroups were dying lingers like this)"};
        }
        return new String[] {mp, hierarchy == 0 ? "cgroup v2 tree at " + mp + " (perf_event is implicit on v2)"
                : "cgroup v1 perf_event hierarchy at " + mp};
    }

    /** The hierarchy column of perf_event in /proc/cgroups (0 = v2), or null when the controller is absent. */
    static Integer parsePerfEventHierarchy(List<String> procCgroups) {
        for (String l : procCgroups) {
            String[] f = l.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals("perf_event")) {
                return parseInt(f[1]).orElse(null);
            }
        }
        return null;
    }

    /** The mount point of the cgroup2 tree ({@code v2}) or of the v1 hierarchy with the perf_event option. */
    static String findCgroupMount(List<String> mountinfo, boolean v2) {
        for (String l : mountinfo) {
            int sep = l.indexOf(" - ");
            if (sep < 0) {
                continue;
            }
            String[] pre = l.substring(0, sep).split(" ");
            String[] post = l.substring(sep + 3).split(" ");
            if (pre.length < 5 || post.length < 1) {
                continue;
            }
            String fstype = post[0];
            String superOpts = post.length >= 3 ? post[2] : "";
            if (v2 && fstype.equals("cgroup2")) {
                return unescape(pre[4]);
            }
            if (!v2 && fstype.equals("cgroup") && List.of(superOpts.split(",")).contains("perf_event")) {
                return unescape(pre[4]);
            }
        }
        return null;
    }

    /** mountinfo escapes space, tab, newline and backslash as \\ooo. */
    static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() + 0 && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A cgroup and its CPU use so far, for choosing the top ones. */
    public record CgroupUsage(String path, long usageUsec) {
    }

    /**
     * The cgroups below the perf hierarchy (paths relative to it, "/a/b"), busiest first by
     * cumulative CPU ({@code cpu.stat usage_usec}, always present on v2; 0 on v1), at most
     * {@code maxDepth} levels deep and {@code maxVisit} directories walked. The root is excluded.
     */
    public List<CgroupUsage> listCgroups(Host host, int maxDepth, int maxVisit) {
        List<CgroupUsage> out = new ArrayList<>();
        if (cgroupRoot == null) {
            return out;
        }
        walk(host, "", 1, maxDepth, new int[] {maxVisit}, out);
        out.sort(Comparator.comparingLong(CgroupUsage::usageUsec).reversed().thenComparing(CgroupUsage::path));
        return out;
    }

    private void walk(Host host, String rel, int depth, int maxDepth, int[] left, List<CgroupUsage> out) {
        if (depth > maxDepth) {
            return;
        }
        for (String name : host.list(cgroupRoot + rel)) {
            if (left[0] <= 0) {
                return;
            }
            String child = rel + "/" + name;
            if (!host.isDirectory(cgroupRoot + child)) {
                continue;
            }
            left[0]--;
            out.add(new CgroupUsage(child, parseUsageUsec(host.tryReadLines(cgroupRoot + child + "/cpu.stat"))));
            walk(host, child, depth + 1, maxDepth, left, out);
        }
    }

    static long parseUsageUsec(List<String> cpuStat) {
        for (String l : cpuStat) {
            if (l.startsWith("usage_usec ")) {
                try {
                    return Long.parseLong(l.substring("usage_usec ".length()).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }
}
