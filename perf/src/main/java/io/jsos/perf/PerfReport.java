package io.jsos.perf;

import java.util.List;
import java.util.Map;

/**
 * The perf collector's model, written as {@code jsos/perf.json}.
 *
 * <pre>
 * { "settings": {paranoid, maxSampleRate, kptrRestrict, pmus:[{name,type}], privileged, privilegeReason,
 *                excludeKernel, cpus:[0,1], cgroupRoot, cgroupNote, syscall},
 *   "windowSeconds": 1.0,
 *   "requestedEvents": ["task-clock", ...],
 *   "support": [{event, kind, scope, status, errno, reason}],       one row per event and scope kind
 *   "scopes":  [{scope:"system"|"cgroup"|"pid"|"self", id, status, problem,
 *                perCpu:[{cpu:"0", counts:{event:{value, raw, enabledNs, runningNs, scalingRatio}}}],
 *                totals:{event: value}, derived:{ipc, cacheMissRate, branchMissRate,
 *                contextSwitchesPerSecond, cpuMigrationsPerSecond, pageFaultsPerSecond, cpusUtilized}}],
 *   "problems": ["..."] }
 * </pre>
 * Values are scaled for multiplexing ({@code raw * enabled / running}); clocks are nanoseconds.
 */
public record PerfReport(Settings settings, double windowSeconds, List<String> requestedEvents,
                         List<Support> support, List<Scope> scopes, List<String> problems) {

    public record Settings(Integer paranoid, Integer maxSampleRate, Integer kptrRestrict, List<PerfHost.Pmu> pmus,
                           boolean privileged, String privilegeReason, boolean excludeKernel, List<Integer> cpus,
                           String cgroupRoot, String cgroupNote, String syscall) {
        static Settings of(PerfHost h, String syscall) {
            return new Settings(h.paranoid(), h.maxSampleRate(), h.kptrRestrict(), h.pmus(), h.privileged(),
                    h.privilegeReason(), h.excludeKernel(), h.cpus(), h.cgroupRoot(), h.cgroupNote(), syscall);
        }
    }

    /** One event's support in one kind of scope. */
    public record Support(String event, String kind, String scope, String status, int errno, String reason) {
    }

    public record Value(long value, long raw, long enabledNs, long runningNs, double scalingRatio) {
    }

    public record CpuCounts(String cpu, Map<String, Value> counts) {
    }

    /** Ratios perf stat prints; null when an input was not counted. */
    public record Derived(Double ipc, Double cacheMissRate, Double branchMissRate, Double contextSwitchesPerSecond,
                          Double cpuMigrationsPerSecond, Double pageFaultsPerSecond, Double cpusUtilized) {
    }

    public record Scope(String scope, String id, String status, String problem, List<CpuCounts> perCpu,
                        Map<String, Long> totals, Derived derived) {
        public String label() {
            return id.isEmpty() ? scope : scope + " " + id;
        }
    }

    /** The derived ratios of one scope's totals over a window. */
    public static Derived derive(Map<String, Long> t, double seconds) {
        return new Derived(ratio(t.get("instructions"), t.get("cycles")),
                ratio(t.get("cache-misses"), t.get("cache-references")),
                ratio(t.get("branch-misses"), t.get("branches")),
                perSecond(t.get("context-switches"), seconds),
                perSecond(t.get("cpu-migrations"), seconds),
                perSecond(t.get("page-faults"), seconds),
                utilized(t, seconds));
    }

    private static Double utilized(Map<String, Long> t, double seconds) {
        Long clock = t.get("task-clock") != null ? t.get("task-clock") : t.get("cpu-clock");
        return clock == null || seconds <= 0 ? null : Double.valueOf(round(clock / 1e9 / seconds));
    }

    private static Double ratio(Long a, Long b) {
        return a == null || b == null || b == 0 ? null : round((double) a / b);
    }

    private static Double perSecond(Long a, double seconds) {
        return a == null || seconds <= 0 ? null : round(a / seconds);
    }

    private static double round(double d) {
        return Math.round(d * 10000.0) / 10000.0;
    }
}
