package io.jsos.perf;

import io.jsos.api.MetricsWriter;

import java.util.HashMap;
import java.util.Map;

/**
 * The metrics view of a {@link PerfCounters.Snapshot}.
 *
 * <ul>
 *   <li>System scope, per CPU: node_exporter's perf collector names ({@code node_perf_cpucycles_total{cpu}},
 *       {@code node_perf_instructions_total}, {@code node_perf_context_switches_total}, ...); events it has no
 *       name for get {@code jsos_perf_*}: {@code jsos_perf_task_clock_seconds_total},
 *       {@code jsos_perf_cpu_clock_seconds_total}, and {@code jsos_perf_events_total{cpu,event}} for the rest
 *       (tracepoints, other hw-cache events). {@code jsos_perf_scaling_ratio{cpu,event}} is running/enabled.</li>
 *   <li>Cgroups: cAdvisor's {@code container_perf_events_total{id,cpu,event}} (scaled) and
 *       {@code container_perf_events_scaling_ratio{id,cpu,event}}; {@code id} is the cgroup path, as cAdvisor's.</li>
 *   <li>{@code jsos_perf_event_supported{scope,event}}: 1 when the event counts in that scope, 0 when not
 *       (the reason is in the bundle's event-support table); {@code jsos_perf_open_fds}, {@code jsos_perf_max_fds}.</li>
 * </ul>
 * All counter values are scaled for multiplexing ({@code raw * enabled / running}).
 */
public final class PerfMetrics {

    private PerfMetrics() {
    }

    /** node_exporter's names (collector/perf_linux.go) by perf event name, and their help texts. */
    static final Map<String, String[]> NODE = new HashMap<>();

    static {
        node("cycles", "cpucycles_total", "Number of CPU cycles (frequency scaled)");
        node("instructions", "instructions_total", "Number of CPU instructions");
        node("branches", "branch_instructions_total", "Number of CPU branch instructions");
        node("branch-misses", "branch_misses_total", "Number of CPU branch misses");
        node("cache-references", "cache_refs_total", "Number of cache references (non frequency scaled)");
        node("cache-misses", "cache_misses_total", "Number of cache misses");
        node("ref-cycles", "ref_cpucycles_total", "Number of CPU cycles");
        node("stalled-cycles-backend", "stalled_cycles_backend_total", "Number of stalled backend CPU cycles");
        node("stalled-cycles-frontend", "stalled_cycles_frontend_total", "Number of stalled frontend CPU cycles");
        node("page-faults", "page_faults_total", "Number of page faults");
        node("context-switches", "context_switches_total", "Number of context switches");
        node("cpu-migrations", "cpu_migrations_total", "Number of CPU process migrations");
        node("minor-faults", "minor_faults_total", "Number of minor page faults");
        node("major-faults", "major_faults_total", "Number of major page faults");
        node("L1-dcache-loads", "cache_l1d_read_hits_total", "Number L1 data cache read hits");
        node("L1-dcache-load-misses", "cache_l1d_read_misses_total", "Number L1 data cache read misses");
        node("L1-dcache-stores", "cache_l1d_write_hits_total", "Number L1 data cache write hits");
        node("L1-icache-load-misses", "cache_l1_instr_read_misses_total", "Number instruction L1 cache read misses");
        node("iTLB-loads", "cache_tlb_instr_read_hits_total", "Number instruction TLB read hits");
        node("iTLB-load-misses", "cache_tlb_instr_read_misses_total", "Number instruction TLB read misses");
        node("LLC-loads", "cache_ll_read_hits_total", "Number last level read hits");
        node("LLC-load-misses", "cache_ll_read_misses_total", "Number last level read misses");
        node("LLC-stores", "cache_ll_write_hits_total", "Number last level write hits");
        node("LLC-store-misses", "cache_ll_write_misses_total", "Number last level write misses");
        node("branch-loads", "cache_bpu_read_hits_total", "Number BPU read hits");
        node("branch-load-misses", "cache_bpu_read_misses_total", "Number BPU read misses");
    }

    private static void node(String event, String suffix, String help) {
        NODE.put(event, new String[] {"node_perf_" + suffix, help + "."});
    }

    /** The system-scope metric name and help for an event: node_exporter's, else jsos's. */
    static String[] systemName(PerfEvent e) {
        String[] n = NODE.get(e.name());
        if (n != null) {
            return n;
        }
        if (e.name().equals("task-clock")) {
            return new String[] {"jsos_perf_task_clock_seconds_total", "Time the CPU ran tasks (perf task-clock), seconds."};
        }
        if (e.name().equals("cpu-clock")) {
            return new String[] {"jsos_perf_cpu_clock_seconds_total", "CPU clock (perf cpu-clock), seconds."};
        }
        return null;
    }

    public static void emit(MetricsWriter m, PerfCounters.Snapshot s) {
        if (s.system() != null) {
            s.system().perCpu().forEach((cpu, counts) -> counts.values().forEach(c -> {
                String[] n = systemName(c.event());
                double v = c.event().isTime() ? c.scaled() / 1e9 : c.scaled();
                if (n != null) {
                    m.counter(n[0], n[1], v, "cpu", cpu);
                } else {
                    m.counter("jsos_perf_events_total", "Perf events counted per CPU (scaled), for events node_exporter has no name for.",
                            v, "cpu", cpu, "event", c.event().name());
                }
                m.gauge("jsos_perf_scaling_ratio", "Perf counter time running / time enabled per CPU (1: counted all the time).",
                        c.scalingRatio(), "cpu", cpu, "event", c.event().name());
            }));
            s.systemStatus().forEach((e, st) -> supported(m, "system", e, st));
        }
        s.cgroups().forEach((id, reading) -> reading.perCpu().forEach((cpu, counts) -> counts.values().forEach(c -> {
            m.counter("container_perf_events_total", "Scaled counter of perf core event (event can be identified by event label and cpu"
                    + " indicates the core for which event was measured).", c.scaled(), "id", id, "cpu", cpu, "event", c.event().name());
            m.gauge("container_perf_events_scaling_ratio", "Scaling ratio for perf event counter (event can be identified by event label"
                    + " and cpu indicates the core for which event was measured).", c.scalingRatio(), "id", id, "cpu", cpu,
                    "event", c.event().name());
        })));
        // One support series per event for cgroups: counting in any cgroup counts.
        Map<PerfEvent, EventStatus> cg = new java.util.LinkedHashMap<>();
        s.cgroupStatus().values().forEach(st -> st.forEach((e, v) -> cg.merge(e, v, (a, b) -> a.ok() ? a : b)));
        cg.forEach((e, st) -> supported(m, "cgroup", e, st));
        m.gauge("jsos_perf_open_fds", "Perf event fds the exporter holds open.", s.openFds());
        m.gauge("jsos_perf_max_fds", "The most perf event fds the exporter may hold (-o perf.max-fds).", s.maxFds());
    }

    private static void supported(MetricsWriter m, String scope, PerfEvent e, EventStatus st) {
        m.gauge("jsos_perf_event_supported", "Whether a perf event counts in a scope (1) or not (0: see the bundle's event-support table).",
                st.ok() ? 1 : 0, "scope", scope, "event", e.name());
    }
}
