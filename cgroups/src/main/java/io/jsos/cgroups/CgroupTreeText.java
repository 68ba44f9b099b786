package io.jsos.cgroups;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The readable tree in {@code sos_commands/cgroups/tree}: like {@code systemd-cgls}, one line per
 * cgroup, with what it is and its limits and usage:
 * <pre>
 * /  [root] procs 212, mem 3.1G, cpu 8123.4s
 * ├─kubepods.slice  [kubepods] mem 1.2G/7.5G, cpu 2042.0s, weight 344
 * │ └─kubepods-pod0a1b....slice  [pod kube-system/etcd-node-a, guaranteed] mem 96.0M/256.0M, quota 0.50 cpu
 * │   └─cri-containerd-4f2c....scope  [container etcd, containerd] procs 1, threads 14, mem 90.1M/256.0M, ...
 * </pre>
 * Sizes are binary (K = 1024 bytes); {@code max} means no limit.
 */
final class CgroupTreeText {

    private CgroupTreeText() {
    }

    static String render(CgroupTree tree) {
        StringBuilder sb = new StringBuilder();
        sb.append("cgroup layout: ").append(tree.layout().summary()).append('\n');
        sb.append(tree.cgroups().size()).append(" cgroups");
        if (tree.vanished() > 0) {
            sb.append(", ").append(tree.vanished()).append(" vanished while being read");
        }
        if (tree.truncated()) {
            sb.append(", TRUNCATED (see problems in jsos/cgroups.json)");
        }
        sb.append('\n');
        for (String note : tree.layout().notes()) {
            sb.append("note: ").append(note).append('\n');
        }
        sb.append('\n');
        Map<String, Cgroup> byPath = new HashMap<>();
        tree.cgroups().forEach(c -> byPath.put(c.path(), c));
        Map<String, List<Cgroup>> children = new HashMap<>();
        List<Cgroup> tops = new ArrayList<>();
        for (Cgroup c : tree.cgroups()) {
            String parent = parent(c.path());
            if (parent != null && byPath.containsKey(parent)) {
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(c);
            } else {
                tops.add(c);
            }
        }
        for (Cgroup top : tops) {
            sb.append(top.path()).append(details(top)).append('\n');
            appendChildren(sb, top, children, "");
        }
        return sb.toString();
    }

    private static void appendChildren(StringBuilder sb, Cgroup c, Map<String, List<Cgroup>> children, String prefix) {
        List<Cgroup> kids = children.getOrDefault(c.path(), List.of());
        for (int i = 0; i < kids.size(); i++) {
            boolean last = i == kids.size() - 1;
            Cgroup k = kids.get(i);
            sb.append(prefix).append(last ? "└─" : "├─").append(k.name()).append(details(k)).append('\n');
            appendChildren(sb, k, children, prefix + (last ? "  " : "│ "));
        }
    }

    private static String parent(String path) {
        if (path.equals("/")) {
            return null;
        }
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    static String details(Cgroup c) {
        List<String> parts = new ArrayList<>();
        if (c.processes() != null) {
            parts.add("procs " + c.processes());
        }
        if (c.threads() != null && !c.threads().equals(c.processes())) {
            parts.add("threads " + c.threads());
        }
        MemoryStats m = c.memory();
        if (m != null && (m.usage() != null || m.limit() != null)) {
            String usage = m.usage() == null ? "?" : bytes(m.usage());
            parts.add("mem " + usage + (m.limit() == null ? "" : "/" + (m.limit().unlimited() ? "max" : bytes(m.limit().value()))));
        }
        if (m != null && m.oomKills() != null && m.oomKills() > 0) {
            parts.add("oom_kill " + m.oomKills());
        }
        CpuStats cpu = c.cpu();
        if (cpu != null) {
            if (cpu.usageNs() != null) {
                parts.add(String.format(Locale.ROOT, "cpu %.1fs", cpu.usageNs() / 1e9));
            }
            if (cpu.quotaUs() != null && !cpu.quotaUs().unlimited() && cpu.periodUs() != null && cpu.periodUs() > 0) {
                parts.add(String.format(Locale.ROOT, "quota %.2f cpu", (double) cpu.quotaUs().value() / cpu.periodUs()));
            }
            if (cpu.throttledPeriods() != null && cpu.throttledPeriods() > 0 && cpu.periods() != null) {
                parts.add("throttled " + cpu.throttledPeriods() + "/" + cpu.periods());
            }
            if (cpu.weight() != null) {
                parts.add("weight " + cpu.weight());
            } else if (cpu.shares() != null) {
                parts.add("shares " + cpu.shares());
            }
        }
        PidsStats p = c.pids();
        if (p != null && (p.current() != null || p.max() != null)) {
            parts.add("pids " + (p.current() == null ? "?" : p.current()) + (p.max() == null ? "" : "/" + p.max()));
        }
        Pressure psi = c.pressure();
        if (psi != null) {
            parts.add(String.format(Locale.ROOT, "psi10 cpu %s mem %s io %s",
                    some10(psi.cpu()), some10(psi.memory()), some10(psi.io())));
        }
        CgroupState s = c.state();
        if (s != null && (Boolean.TRUE.equals(s.frozen()) || "FROZEN".equals(s.freezerState()))) {
            parts.add("FROZEN");
        }
        String tag = tag(c.identity());
        String details = (tag.isEmpty() ? "" : "[" + tag + "]") + (parts.isEmpty() || tag.isEmpty() ? "" : " ")
                + String.join(", ", parts);
        return details.isEmpty() ? "" : "  " + details;
    }

    private static String some10(Psi p) {
        return p == null || p.some() == null ? "-" : String.format(Locale.ROOT, "%.2f", p.some().avg10());
    }

    static String tag(CgroupIdentity id) {
        return switch (id.kind()) {
            case ROOT -> "root";
            case KUBEPODS -> "kubepods";
            case QOS -> "qos " + id.qos();
            case POD -> "pod " + (id.pod() != null ? id.namespace() + "/" + id.pod() : id.podUid()) + ", " + id.qos();
            case CONTAINER -> "container " + (id.container() != null ? id.container()
                    : id.containerId().length() > 12 ? id.containerId().substring(0, 12) : id.containerId())
                    + (id.runtime() != null ? ", " + id.runtime() : "");
            case SERVICE -> "service";
            case USER_SLICE -> "user " + id.uid();
            case SESSION -> "session";
            default -> "";
        };
    }

    /** 1536 → "1.5K", binary units, one decimal. */
    static String bytes(long b) {
        if (b < 1024) {
            return b + "B";
        }
        String units = "KMGTPE";
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length() - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f%c", v, units.charAt(u));
    }
}
