package io.jsos.findings;

import io.jsos.api.findings.Models;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The few lines about the node people read first, from the system model and the manifest. */
public final class HostSummary {

    private HostSummary() {
    }

    /** Ordered label → text; labels with no value are left out. */
    public static Map<String, String> of(Models m) {
        Map<String, Object> sys = m.object("system").orElse(Map.of());
        Map<String, Object> host = m.host();
        Map<String, String> s = new LinkedHashMap<>();
        put(s, "host", J.first(sys, "hostname") != null ? J.str(sys, "hostname") : J.str(host, "hostname"));
        put(s, "os", J.str(sys, "os") != null ? J.str(sys, "os") : J.str(host, "os"));
        String kernel = J.str(sys, "kernel") != null ? J.str(sys, "kernel") : J.str(host, "kernel");
        String arch = J.str(sys, "arch") != null ? J.str(sys, "arch") : J.str(host, "arch");
        put(s, "kernel", kernel == null ? null : kernel + (arch == null ? "" : " (" + arch + ")"));
        Double up = J.num(sys, "uptimeSeconds");
        if (up != null) {
            long u = up.longValue();
            put(s, "uptime", (u / 86400) + "d " + (u % 86400) / 3600 + "h " + (u % 3600) / 60 + "m");
        }
        if (!J.list(sys, "load").isEmpty()) {
            put(s, "load", J.list(sys, "load").stream().map(v -> String.format(Locale.ROOT, "%.2f",
                    v instanceof Number n ? n.doubleValue() : 0.0)).reduce((a, b) -> a + " " + b).orElse(null));
        }
        Double cpus = J.num(sys, "cpu", "logicalCpus");
        if (cpus == null || cpus < 1) {
            cpus = J.num(host, "cpus");
        }
        String model = J.str(sys, "cpu", "model");
        put(s, "cpus", cpus == null ? null : cpus.intValue() + (model == null ? "" : " x " + model));
        Double total = J.num(sys, "memory", "MemTotal");
        Double avail = J.num(sys, "memory", "MemAvailable");
        if (total != null) {
            put(s, "memory", gib(total) + " total" + (avail == null ? "" : ", " + gib(avail) + " available"));
        }
        Map<String, Object> procs = m.object("processes").orElse(Map.of());
        if (J.num(procs, "processCount") != null) {
            put(s, "processes", J.num(procs, "processCount").intValue() + " processes, "
                    + J.num(procs, "threadCount").intValue() + " threads");
        }
        Map<String, Object> cg = m.object("cgroups").orElse(Map.of());
        if (J.str(cg, "layout", "mode") != null) {
            long containers = J.objs(cg, "cgroups").stream().filter(c -> "container".equals(J.str(c, "identity", "kind"))).count();
            put(s, "cgroups", J.str(cg, "layout", "mode") + ", " + J.objs(cg, "cgroups").size() + " cgroups, " + containers + " containers");
        }
        return s;
    }

    private static String gib(double b) {
        return String.format(Locale.ROOT, "%.1f GiB", b / (1L << 30));
    }

    private static void put(Map<String, String> s, String k, String v) {
        if (v != null && !v.isBlank()) {
            s.put(k, v);
        }
    }
}
