package io.jsos.cgroups;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model as {@code jsos/cgroups.json}: plain maps and lists, so that the shape is stated here
 * once (unknown values left out rather than written as null, limits written as a number or
 * {@code "max"}) and the framework's serialiser needs no annotations.
 */
final class CgroupsJson {

    private CgroupsJson() {
    }

    static Map<String, Object> of(CgroupTree tree) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("layout", layout(tree.layout()));
        doc.put("cgroupCount", tree.cgroups().size());
        doc.put("vanished", tree.vanished());
        doc.put("truncated", tree.truncated());
        doc.put("problems", tree.problems());
        List<Object> cgroups = new ArrayList<>(tree.cgroups().size());
        for (Cgroup c : tree.cgroups()) {
            cgroups.add(cgroup(c));
        }
        doc.put("cgroups", cgroups);
        return doc;
    }

    static Map<String, Object> layout(CgroupLayout l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", l.mode().json());
        m.put("source", l.source());
        m.put("namespaced", l.namespaced());
        List<Object> hs = new ArrayList<>();
        for (Hierarchy h : l.hierarchies()) {
            Map<String, Object> hm = new LinkedHashMap<>();
            hm.put("version", h.version());
            hm.put("id", h.id());
            hm.put("label", h.label());
            hm.put("mountPoint", h.mountPoint());
            hm.put("root", h.root());
            hm.put("controllers", h.controllers());
            put(hm, "name", h.name());
            hs.add(hm);
        }
        m.put("hierarchies", hs);
        List<Object> subs = new ArrayList<>();
        for (ProcCgroups.Subsystem s : l.subsystems()) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("name", s.name());
            sm.put("hierarchy", s.hierarchy());
            sm.put("cgroups", s.cgroups());
            sm.put("enabled", s.enabled());
            subs.add(sm);
        }
        m.put("subsystems", subs);
        m.put("notes", l.notes());
        return m;
    }

    static Map<String, Object> cgroup(Cgroup c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", c.path());
        m.put("hierarchies", c.hierarchies());
        m.put("identity", identity(c.identity()));
        put(m, "processes", c.processes());
        put(m, "threads", c.threads());
        put(m, "cpu", cpu(c.cpu()));
        put(m, "memory", memory(c.memory()));
        put(m, "pids", pids(c.pids()));
        put(m, "io", io(c.io()));
        put(m, "cpuset", cpuset(c.cpuset()));
        put(m, "pressure", pressure(c.pressure()));
        put(m, "state", state(c.state()));
        return m;
    }

    static Map<String, Object> identity(CgroupIdentity id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", id.kind().json());
        put(m, "qos", id.qos());
        put(m, "podUid", id.podUid());
        put(m, "containerId", id.containerId());
        put(m, "runtime", id.runtime());
        put(m, "unit", id.unit());
        put(m, "uid", id.uid());
        put(m, "namespace", id.namespace());
        put(m, "pod", id.pod());
        put(m, "container", id.container());
        return m;
    }

    private static Map<String, Object> cpu(CpuStats c) {
        if (c == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "shares", c.shares());
        put(m, "weight", c.weight());
        put(m, "quotaUs", c.quotaUs());
        put(m, "periodUs", c.periodUs());
        put(m, "usageNs", c.usageNs());
        put(m, "userNs", c.userNs());
        put(m, "systemNs", c.systemNs());
        put(m, "perCpuNs", c.perCpuNs());
        put(m, "periods", c.periods());
        put(m, "throttledPeriods", c.throttledPeriods());
        put(m, "throttledNs", c.throttledNs());
        put(m, "stat", c.stat());
        return m;
    }

    private static Map<String, Object> memory(MemoryStats s) {
        if (s == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "usage", s.usage());
        put(m, "limit", s.limit());
        put(m, "high", s.high());
        put(m, "low", s.low());
        put(m, "min", s.min());
        put(m, "softLimit", s.softLimit());
        put(m, "maxUsage", s.maxUsage());
        put(m, "swap", s.swap());
        put(m, "swapLimit", s.swapLimit());
        put(m, "memswUsage", s.memswUsage());
        put(m, "memswLimit", s.memswLimit());
        put(m, "failcnt", s.failcnt());
        put(m, "workingSet", s.workingSet());
        put(m, "rss", s.rss());
        put(m, "cache", s.cache());
        put(m, "mappedFile", s.mappedFile());
        put(m, "oomKills", s.oomKills());
        put(m, "underOom", s.underOom());
        put(m, "events", s.events());
        put(m, "stat", s.stat());
        return m;
    }

    private static Map<String, Object> pids(PidsStats p) {
        if (p == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "current", p.current());
        put(m, "max", p.max());
        put(m, "peak", p.peak());
        put(m, "maxEvents", p.maxEvents());
        return m;
    }

    private static Map<String, Object> io(IoStats io) {
        if (io == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        if (!io.stat().isEmpty()) {
            m.put("stat", statsByDevice(io.stat()));
        }
        if (!io.max().isEmpty()) {
            Map<String, Object> max = new LinkedHashMap<>();
            io.max().forEach((dev, limits) -> {
                Map<String, Object> lm = new LinkedHashMap<>();
                limits.forEach((k, v) -> lm.put(k, v.json()));
                max.put(dev, lm);
            });
            m.put("max", max);
        }
        if (!io.serviceBytes().isEmpty()) {
            m.put("serviceBytes", statsByDevice(io.serviceBytes()));
        }
        if (!io.serviced().isEmpty()) {
            m.put("serviced", statsByDevice(io.serviced()));
        }
        if (!io.serviceBytesRecursive().isEmpty()) {
            m.put("serviceBytesRecursive", statsByDevice(io.serviceBytesRecursive()));
        }
        if (!io.servicedRecursive().isEmpty()) {
            m.put("servicedRecursive", statsByDevice(io.servicedRecursive()));
        }
        if (!io.throttle().isEmpty()) {
            m.put("throttle", io.throttle());
        }
        return m;
    }

    private static Map<String, Object> statsByDevice(Map<String, Stats> byDevice) {
        Map<String, Object> m = new LinkedHashMap<>();
        byDevice.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> m.put(e.getKey(), e.getValue().asMap()));
        return m;
    }

    private static Map<String, Object> cpuset(CpusetInfo c) {
        if (c == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "cpus", c.cpus());
        put(m, "mems", c.mems());
        put(m, "effectiveCpus", c.effectiveCpus());
        put(m, "effectiveMems", c.effectiveMems());
        return m;
    }

    private static Map<String, Object> pressure(Pressure p) {
        if (p == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "cpu", psi(p.cpu()));
        put(m, "memory", psi(p.memory()));
        put(m, "io", psi(p.io()));
        return m;
    }

    private static Map<String, Object> psi(Psi psi) {
        if (psi == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "some", psiLine(psi.some()));
        put(m, "full", psiLine(psi.full()));
        return m;
    }

    private static Map<String, Object> psiLine(Psi.Line l) {
        if (l == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("avg10", l.avg10());
        m.put("avg60", l.avg60());
        m.put("avg300", l.avg300());
        m.put("totalUs", l.totalUs());
        return m;
    }

    private static Map<String, Object> state(CgroupState s) {
        if (s == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "populated", s.populated());
        put(m, "frozen", s.frozen());
        put(m, "freeze", s.freeze());
        put(m, "freezerState", s.freezerState());
        return m;
    }

    /** Puts a value unless it is unknown; limits as a number or "max", stats as their pairs. */
    private static void put(Map<String, Object> m, String key, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Limit l) {
            m.put(key, l.json());
        } else if (value instanceof Stats s) {
            m.put(key, s.asMap());
        } else {
            m.put(key, value);
        }
    }
}
