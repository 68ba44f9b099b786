package io.jsos.findings;

import io.jsos.api.findings.CollectorState;
import io.jsos.api.findings.Finding;
import io.jsos.findings.rules.CgroupRules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changed between two bundles of one node (or two nodes): findings that appeared or were
 * resolved, collectors' states, key numbers (limits, usage, counts), topology (containers,
 * bridges, ports, VGs, LVs, OSDs, interfaces) and config files ({@code etc/}) as unified diffs
 * of their redacted text. Everything is compared from the models, never by re-parsing text.
 */
public final class BundleDiff {

    private BundleDiff() {
    }

    /** The differences as plain values (empty lists and maps when nothing changed). */
    public static Map<String, Object> compare(Inspection older, Inspection newer) throws IOException {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("old", older.source().name());
        d.put("new", newer.source().name());
        d.put("findings", findings(older.findings(), newer.findings()));
        d.put("collectors", collectors(older.models().collectors(), newer.models().collectors()));
        d.put("numbers", changed(numbers(older.models()), numbers(newer.models())));
        d.put("topology", topology(topology(older.models()), topology(newer.models())));
        d.put("configFiles", configFiles(older.source(), newer.source()));
        return d;
    }

    /** True when the diff holds no change at all. */
    @SuppressWarnings("unchecked")
    public static boolean isEmpty(Map<String, Object> diff) {
        Map<String, Object> f = (Map<String, Object>) diff.get("findings");
        Map<String, Object> t = (Map<String, Object>) diff.get("topology");
        return J.list(f, "appeared").isEmpty() && J.list(f, "resolved").isEmpty() && J.list(f, "changed").isEmpty()
                && J.list(diff, "collectors").isEmpty() && J.list(diff, "numbers").isEmpty() && t.isEmpty()
                && J.list(diff, "configFiles").isEmpty();
    }

    static Map<String, Object> findings(List<Finding> a, List<Finding> b) {
        Map<String, Finding> before = new LinkedHashMap<>();
        a.forEach(f -> before.put(f.key(), f));
        Map<String, Finding> after = new LinkedHashMap<>();
        b.forEach(f -> after.put(f.key(), f));
        List<Object> appeared = new ArrayList<>();
        List<Object> resolved = new ArrayList<>();
        List<Object> changed = new ArrayList<>();
        after.forEach((k, f) -> {
            Finding old = before.get(k);
            if (old == null) {
                appeared.add(FindingsDocument.finding(f));
            } else if (old.severity() != f.severity()) {
                Map<String, Object> m = new LinkedHashMap<>(FindingsDocument.finding(f));
                m.put("oldSeverity", old.severity().wireName());
                changed.add(m);
            }
        });
        before.forEach((k, f) -> {
            if (!after.containsKey(k)) {
                resolved.add(FindingsDocument.finding(f));
            }
        });
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("appeared", appeared);
        m.put("resolved", resolved);
        m.put("changed", changed);
        return m;
    }

    static List<Object> collectors(List<CollectorState> a, List<CollectorState> b) {
        Map<String, String> before = new TreeMap<>();
        a.forEach(c -> before.put(c.name(), c.status()));
        Map<String, String> after = new TreeMap<>();
        b.forEach(c -> after.put(c.name(), c.status()));
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        List<Object> out = new ArrayList<>();
        for (String n : names) {
            if (!Objects.equals(before.get(n), after.get(n))) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("collector", n);
                m.put("old", before.get(n));
                m.put("new", after.get(n));
                out.add(m);
            }
        }
        return out;
    }

    /** The numbers worth comparing, by a readable key. */
    static Map<String, Object> numbers(BundleModels m) {
        Map<String, Object> n = new TreeMap<>();
        m.object("system").ifPresent(s -> {
            put(n, "system.memory.MemTotal", J.num(s, "memory", "MemTotal"));
            put(n, "system.cpus", J.num(s, "cpu", "logicalCpus"));
            for (Map<String, Object> fs : J.objs(s, "fileSystems")) {
                put(n, "fs " + J.str(fs, "mountPoint") + " total_bytes", J.num(fs, "usage", "totalBytes"));
            }
        });
        for (Map<String, Object> c : m.object("cgroups").map(d -> J.objs(d, "cgroups")).orElse(List.of())) {
            String kind = J.str(c, "identity", "kind");
            if (!"container".equals(kind) && !"pod".equals(kind) && !"service".equals(kind)) {
                continue;
            }
            String k = "cgroup " + CgroupRules.name(c) + " ";
            putRaw(n, k + "memory.limit", J.at(c, "memory", "limit"));
            put(n, k + "oom_kills", J.num(c, "memory", "oomKills") != null ? J.num(c, "memory", "oomKills")
                    : J.num(c, "memory", "events", "oom_kill"));
            putRaw(n, k + "cpu.quota_us", J.at(c, "cpu", "quotaUs"));
            putRaw(n, k + "pids.max", J.at(c, "pids", "max"));
        }
        for (Map<String, Object> lv : m.object("lvm").map(d -> J.objs(d, "lvs")).orElse(List.of())) {
            String k = "lv " + J.str(lv, "vg") + "/" + J.str(lv, "name") + " ";
            put(n, k + "size_bytes", J.num(lv, "size_bytes"));
            put(n, k + "data_percent", J.num(lv, "data_percent"));
            put(n, k + "metadata_percent", J.num(lv, "metadata_percent"));
            put(n, k + "snap_percent", J.num(lv, "snap_percent"));
        }
        m.object("ceph").ifPresent(c -> {
            put(n, "ceph used_ratio", J.num(c, "capacity", "used_ratio"));
            put(n, "ceph total_bytes", J.num(c, "capacity", "total_bytes"));
            put(n, "ceph num_pgs", J.num(c, "num_pgs"));
            putRaw(n, "ceph health", J.str(c, "health", "status"));
        });
        return n;
    }

    private static void put(Map<String, Object> n, String k, Double v) {
        if (v != null) {
            n.put(k, v % 1 == 0 && Math.abs(v) < 1e15 ? (Object) v.longValue() : v);
        }
    }

    private static void putRaw(Map<String, Object> n, String k, Object v) {
        if (v instanceof Number num) {
            put(n, k, num.doubleValue());
        } else if (v != null) {
            n.put(k, v.toString());
        }
    }

    static List<Object> changed(Map<String, Object> a, Map<String, Object> b) {
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<Object> out = new ArrayList<>();
        for (String k : keys) {
            if (!Objects.equals(a.get(k), b.get(k))) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("key", k);
                m.put("old", a.get(k));
                m.put("new", b.get(k));
                out.add(m);
            }
        }
        return out;
    }

    /** Things that exist, by category: containers, bridges, bridge ports, OVS bridges/ports, VGs, LVs, OSDs, interfaces. */
    static Map<String, TreeSet<String>> topology(BundleModels m) {
        Map<String, TreeSet<String>> t = new TreeMap<>();
        for (Map<String, Object> c : m.object("cgroups").map(d -> J.objs(d, "cgroups")).orElse(List.of())) {
            if ("container".equals(J.str(c, "identity", "kind"))) {
                add(t, "containers", CgroupRules.name(c));
            }
        }
        for (Map<String, Object> br : m.object("bridge").map(d -> J.objs(d, "bridges")).orElse(List.of())) {
            add(t, "bridges", J.str(br, "name"));
            J.objs(br, "ports").forEach(p -> add(t, "bridge ports", J.str(br, "name") + "/" + J.str(p, "name")));
        }
        for (Map<String, Object> br : m.object("openvswitch").map(d -> J.objs(d, "bridges")).orElse(List.of())) {
            add(t, "ovs bridges", J.str(br, "name"));
            J.objs(br, "ports").forEach(p -> add(t, "ovs ports", J.str(br, "name") + "/" + J.str(p, "name")));
        }
        m.object("lvm").ifPresent(l -> {
            J.objs(l, "vgs").forEach(v -> add(t, "vgs", J.str(v, "name")));
            J.objs(l, "lvs").forEach(v -> add(t, "lvs", J.str(v, "vg") + "/" + J.str(v, "name")));
        });
        m.object("ceph").ifPresent(c -> J.objs(c, "osds").forEach(o -> add(t, "osds",
                (J.str(o, "name") != null ? J.str(o, "name") : "osd." + J.str(o, "id")))));
        for (Map<String, Object> ns : m.object("interfaces").map(d -> J.objs(d, "namespaces")).orElse(List.of())) {
            J.objs(ns, "interfaces").forEach(i -> add(t, "interfaces", J.str(ns, "name") + "/" + J.str(i, "name")));
        }
        return t;
    }

    private static void add(Map<String, TreeSet<String>> t, String cat, String v) {
        if (v != null) {
            t.computeIfAbsent(cat, k -> new TreeSet<>()).add(v);
        }
    }

    static Map<String, Object> topology(Map<String, TreeSet<String>> a, Map<String, TreeSet<String>> b) {
        TreeSet<String> cats = new TreeSet<>(a.keySet());
        cats.addAll(b.keySet());
        Map<String, Object> out = new LinkedHashMap<>();
        for (String c : cats) {
            TreeSet<String> before = a.getOrDefault(c, new TreeSet<>());
            TreeSet<String> after = b.getOrDefault(c, new TreeSet<>());
            List<String> added = after.stream().filter(x -> !before.contains(x)).toList();
            List<String> removed = before.stream().filter(x -> !after.contains(x)).toList();
            if (!added.isEmpty() || !removed.isEmpty()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("added", added);
                m.put("removed", removed);
                out.put(c, m);
            }
        }
        return out;
    }

    /** Config files: everything under {@code etc/} in either bundle. */
    static List<Object> configFiles(BundleSource a, BundleSource b) throws IOException {
        TreeSet<String> paths = new TreeSet<>();
        a.paths().stream().filter(p -> p.startsWith("etc/")).forEach(paths::add);
        b.paths().stream().filter(p -> p.startsWith("etc/")).forEach(paths::add);
        List<Object> out = new ArrayList<>();
        for (String p : paths) {
            Optional<byte[]> x = a.read(p);
            Optional<byte[]> y = b.read(p);
            if (x.isPresent() && y.isPresent() && java.util.Arrays.equals(x.get(), y.get())) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", p);
            m.put("change", x.isEmpty() ? "added" : y.isEmpty() ? "removed" : "changed");
            String oldText = x.map(v -> new String(v, StandardCharsets.UTF_8)).orElse("");
            String newText = y.map(v -> new String(v, StandardCharsets.UTF_8)).orElse("");
            m.put("diff", UnifiedDiff.of("old/" + p, "new/" + p, oldText, newText));
            out.add(m);
        }
        return out;
    }

    /** The diff for a terminal. */
    @SuppressWarnings("unchecked")
    public static String toText(Map<String, Object> d, boolean colour) {
        Inspection.Ansi a = new Inspection.Ansi(colour);
        StringBuilder s = new StringBuilder();
        s.append(a.bold("jsos diff " + d.get("old") + " → " + d.get("new"))).append('\n');
        if (isEmpty(d)) {
            return s.append("no differences in findings, collectors, key numbers, topology or config files\n").toString();
        }
        Map<String, Object> f = (Map<String, Object>) d.get("findings");
        for (Map<String, Object> x : J.objs(f, "appeared")) {
            s.append(a.red("+ finding  ")).append(J.str(x, "severity")).append(": ").append(J.str(x, "title"))
                    .append(a.dim("  [" + J.str(x, "id") + "]")).append('\n');
        }
        for (Map<String, Object> x : J.objs(f, "resolved")) {
            s.append(a.green("- finding  ")).append(J.str(x, "severity")).append(": ").append(J.str(x, "title"))
                    .append(a.dim("  [" + J.str(x, "id") + "] resolved")).append('\n');
        }
        for (Map<String, Object> x : J.objs(f, "changed")) {
            s.append(a.yellow("~ finding  ")).append(J.str(x, "oldSeverity")).append(" → ").append(J.str(x, "severity"))
                    .append(": ").append(J.str(x, "title")).append('\n');
        }
        for (Map<String, Object> x : J.objs(d, "collectors")) {
            s.append(a.yellow("~ collector ")).append(J.str(x, "collector")).append(": ").append(J.str(x, "old"))
                    .append(" → ").append(J.str(x, "new")).append('\n');
        }
        for (Map<String, Object> x : J.objs(d, "numbers")) {
            s.append(a.yellow("~ ")).append(J.str(x, "key")).append(": ").append(J.str(x, "old")).append(" → ")
                    .append(J.str(x, "new")).append('\n');
        }
        ((Map<String, Object>) d.get("topology")).forEach((cat, v) -> {
            J.list(v, "added").forEach(x -> s.append(a.green("+ ")).append(cat).append(": ").append(x).append('\n'));
            J.list(v, "removed").forEach(x -> s.append(a.red("- ")).append(cat).append(": ").append(x).append('\n'));
        });
        for (Map<String, Object> x : J.objs(d, "configFiles")) {
            s.append(a.yellow("~ config ")).append(J.str(x, "path")).append(" ").append(J.str(x, "change")).append('\n')
                    .append(J.str(x, "diff"));
        }
        return s.toString();
    }
}
