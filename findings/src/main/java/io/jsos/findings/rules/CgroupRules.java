package io.jsos.findings.rules;

import io.jsos.api.findings.Evidence;
import io.jsos.api.findings.Finding;
import io.jsos.api.findings.Models;
import io.jsos.api.findings.Severity;
import io.jsos.api.findings.Thresholds;
import io.jsos.findings.J;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Rules over {@code jsos/cgroups.json}: OOM kills, CFS throttling, memory and pids limits, pressure. */
public final class CgroupRules {

    static final String MODEL = "jsos/cgroups.json";

    private CgroupRules() {
    }

    /** The cgroups of the model, or none. */
    static List<Map<String, Object>> cgroups(Models m) {
        return m.object("cgroups").map(d -> J.objs(d, "cgroups")).orElse(List.of());
    }

    /**
     * A person's name for a cgroup: namespace/pod/container when Kubernetes named it, else a short
     * pod uid / container id (a 64-hex scope path is unreadable in a title), else its path.
     */
    public static String name(Map<String, Object> c) {
        String ns = J.str(c, "identity", "namespace");
        String pod = J.str(c, "identity", "pod");
        String container = J.str(c, "identity", "container");
        String podUid = J.str(c, "identity", "podUid");
        String containerId = J.str(c, "identity", "containerId");
        String podPart = pod != null ? (ns == null ? "" : ns + "/") + pod
                : podUid != null ? "pod " + podUid.substring(0, Math.min(8, podUid.length())) : null;
        String containerPart = container != null ? container
                : containerId != null ? containerId.substring(0, Math.min(12, containerId.length())) : null;
        if (podPart != null || containerPart != null) {
            return podPart == null ? "container " + containerPart : containerPart == null ? podPart : podPart + "/" + containerPart;
        }
        String path = J.str(c, "path");
        return path == null ? "?" : path.equals("/") ? "node (root cgroup)" : path;
    }

    /** OOM kills counted by the kernel in a cgroup since it was created. */
    public static final class OomKills extends BaseRule {
        public OomKills() {
            super("cgroups.oom-kills", "processes OOM-killed in a container or cgroup (memory.events oom_kill, v1 oom_control)");
        }

        static long kills(Map<String, Object> c) {
            Double k = J.num(c, "memory", "oomKills");
            if (k == null) {
                k = J.num(c, "memory", "events", "oom_kill");
            }
            return k == null ? 0 : k.longValue();
        }

        @Override
        public List<Finding> evaluate(Models m, Thresholds t) {
            List<Map<String, Object>> all = cgroups(m);
            List<Finding> out = new ArrayList<>();
            for (Map<String, Object> c : all) {
                long kills = kills(c);
                String path = J.str(c, "path");
                if (kills <= 0 || path == null) {
                    continue;
                }
                // v2 counts a child's kills in its ancestors too: report where they happened, not at every level.
                long inChildren = all.stream().filter(o -> isChild(path, J.str(o, "path"))).mapToLong(OomKills::kills).sum();
                if (kills - inChildren <= 0) {
                    continue;
                }
                out.add(finding(Severity.CRITICAL, name(c), kills + " OOM kill(s) in " + name(c),
                        List.of(Evidence.of("cgroup", path, MODEL), Evidence.of("oom_kill", kills, MODEL),
                                Evidence.of("memory.limit", J.at(c, "memory", "limit"), MODEL),
                                Evidence.of("memory.usage", J.at(c, "memory", "usage"), MODEL)),
                        "Raise the memory limit or find what grew: compare usage with the limit, check the "
                                + "kernel log (sos_commands/system/dmesg) for the killed process."));
            }
            return out;
        }

        static boolean isChild(String parent, String other) {
            if (other == null || other.equals(parent)) {
                return false;
            }
            String prefix = parent.endsWith("/") ? parent : parent + "/";
            return other.startsWith(prefix) && other.indexOf('/', prefix.length()) < 0;
        }
    }

    /** CFS quota throttling: the share of periods in which the cgroup was throttled. */
    public static final class CpuThrottled extends BaseRule {
        public CpuThrottled() {
            super("cgroups.cpu-throttled", "sustained CFS throttling (throttled periods / periods above a threshold)");
            threshold("warning", 25);
            threshold("critical", 50);
            threshold("min-periods", 100);
        }

        @Override
        public List<Finding> evaluate(Models m, Thresholds t) {
            List<Finding> out = new ArrayList<>();
            for (Map<String, Object> c : cgroups(m)) {
                Double periods = J.num(c, "cpu", "periods");
                Double throttled = J.num(c, "cpu", "throttledPeriods");
                if (periods == null || throttled == null || periods < value(t, "min-periods")) {
                    continue;
                }
                double ratio = 100 * throttled / periods;
                addGraded(out, t, ratio, name(c), name(c) + " throttled in " + pct(ratio) + " of CPU periods",
                        List.of(Evidence.of("cgroup", J.str(c, "path"), MODEL), Evidence.of("nr_periods", periods.longValue(), MODEL),
                                Evidence.of("nr_throttled", throttled.longValue(), MODEL),
                                Evidence.of("quota_us", J.at(c, "cpu", "quotaUs"), MODEL)),
                        "Raise the CPU limit (or remove it and rely on requests); check whether the workload's "
                                + "thread count exceeds its quota.");
            }
            return out;
        }
    }

    /** A usage near its cgroup limit, graded by the percent used: memory and pids share this shape. */
    abstract static class NearLimit extends BaseRule {
        private final String usedLabel;
        private final String limitLabel;
        private final String next;

        NearLimit(String id, String description, String usedLabel, String limitLabel, String next) {
            super(id, description);
            this.usedLabel = usedLabel;
            this.limitLabel = limitLabel;
            this.next = next;
            threshold("warning", 90);
            threshold("critical", 98);
        }

        /** The usage, or null when unknown. */
        abstract Double used(Map<String, Object> c);

        /** The limit, or null when there is none. */
        abstract Double limit(Map<String, Object> c);

        abstract String title(String name, double used, double limit, double percent);

        @Override
        public final List<Finding> evaluate(Models m, Thresholds t) {
            List<Finding> out = new ArrayList<>();
            for (Map<String, Object> c : cgroups(m)) {
                Double limit = limit(c);
                Double used = used(c);
                if (limit == null || used == null) {
                    continue;
                }
                double p = 100 * used / limit;
                addGraded(out, t, p, name(c), title(name(c), used, limit, p),
                        List.of(Evidence.of("cgroup", J.str(c, "path"), MODEL), Evidence.of(usedLabel, used.longValue(), MODEL),
                                Evidence.of(limitLabel, limit.longValue(), MODEL)), next);
            }
            return out;
        }
    }

    /** Memory usage (working set when known) near the cgroup's hard limit. */
    public static final class MemoryNearLimit extends NearLimit {
        public MemoryNearLimit() {
            super("cgroups.memory-near-limit", "memory usage (working set) near the cgroup's memory limit",
                    "working_set_or_usage", "limit", "Expect OOM kills: raise the limit or reduce the workload's memory.");
        }

        @Override
        Double used(Map<String, Object> c) {
            Double ws = J.num(c, "memory", "workingSet");
            return ws != null ? ws : J.num(c, "memory", "usage");
        }

        @Override
        Double limit(Map<String, Object> c) {
            return J.limit(c, "memory", "limit");
        }

        @Override
        String title(String name, double used, double limit, double percent) {
            return name + " uses " + pct(percent) + " of its memory limit (" + bytes(limit) + ")";
        }
    }

    /** pids.current near pids.max: the next fork fails. */
    public static final class PidsNearMax extends NearLimit {
        public PidsNearMax() {
            super("cgroups.pids-near-max", "pids.current near pids.max", "pids.current", "pids.max",
                    "fork() will fail: look for a thread or process leak (processes.json by cgroup) or raise pids.max.");
        }

        @Override
        Double used(Map<String, Object> c) {
            return J.num(c, "pids", "current");
        }

        @Override
        Double limit(Map<String, Object> c) {
            return J.limit(c, "pids", "max");
        }

        @Override
        String title(String name, double used, double limit, double percent) {
            return name + " has " + (long) used + " of " + (long) limit + " pids";
        }
    }

    /** PSI: tasks stalled on CPU, memory or I/O, over the last minute. */
    public static final class Pressure extends BaseRule {
        public Pressure() {
            super("cgroups.pressure", "PSI some/full pressure (avg60) above thresholds, per cgroup and resource");
            threshold("some-avg60", 40);
            threshold("full-avg60", 10);
        }

        @Override
        public List<Finding> evaluate(Models m, Thresholds t) {
            List<Finding> out = new ArrayList<>();
            for (Map<String, Object> c : cgroups(m)) {
                for (String res : List.of("cpu", "memory", "io")) {
                    Double some = J.num(c, "pressure", res, "some", "avg60");
                    Double full = J.num(c, "pressure", res, "full", "avg60");
                    boolean fullHigh = full != null && full >= value(t, "full-avg60");
                    boolean someHigh = some != null && some >= value(t, "some-avg60");
                    if (!fullHigh && !someHigh) {
                        continue;
                    }
                    String subject = name(c) + " " + res;
                    out.add(finding(fullHigh ? Severity.CRITICAL : Severity.WARNING, subject,
                            name(c) + ": " + res + " pressure, " + (fullHigh ? "all tasks stalled " + pct(full)
                                    : "some tasks stalled " + pct(some)) + " of the last minute",
                            List.of(Evidence.of("cgroup", J.str(c, "path"), MODEL), Evidence.of(res + ".some.avg60", some, MODEL),
                                    Evidence.of(res + ".full.avg60", full, MODEL)),
                            switch (res) {
                                case "cpu" -> "Not enough CPU for the work: check throttling and the node's load.";
                                case "memory" -> "Reclaim is stalling tasks: memory is short; check usage against limits.";
                                default -> "Tasks wait on I/O: check the devices' latency and D-state threads.";
                            }));
                }
            }
            return out;
        }
    }
}
