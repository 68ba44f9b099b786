package io.jsos.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The readable views of a {@link PerfReport} for the bundle. Pure functions of the model. */
public final class PerfReportText {

    private PerfReportText() {
    }

    /** perf-stat-like tables: per scope, each event per CPU, total, and the derived ratios. */
    public static String counts(PerfReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "perf counters over %.3f s (values scaled for multiplexing: raw * enabled / running;"
                + " clocks in ms)%n", r.windowSeconds()));
        if (r.scopes().isEmpty()) {
            sb.append("\nno scope was counted\n");
        }
        for (PerfReport.Scope s : r.scopes()) {
            sb.append("\n== ").append(s.label()).append(" — ").append(s.status());
            if (s.problem() != null) {
                sb.append(" (").append(s.problem()).append(')');
            }
            sb.append(" ==\n");
            if (s.perCpu().isEmpty()) {
                continue;
            }
            List<String[]> rows = new ArrayList<>();
            List<String> header = new ArrayList<>(List.of("event", "total"));
            s.perCpu().forEach(c -> header.add(c.cpu().equals("all") ? "threads" : "cpu" + c.cpu()));
            header.add("running");
            rows.add(header.toArray(String[]::new));
            for (Map.Entry<String, Long> t : s.totals().entrySet()) {
                String ev = t.getKey();
                boolean time = EventCatalog.named(ev).map(PerfEvent::isTime).orElse(false);
                List<String> row = new ArrayList<>(List.of(ev, fmt(t.getValue(), time)));
                double minRatio = 1;
                for (PerfReport.CpuCounts c : s.perCpu()) {
                    PerfReport.Value v = c.counts().get(ev);
                    row.add(v == null ? "-" : fmt(v.value(), time));
                    if (v != null) {
                        minRatio = Math.min(minRatio, v.scalingRatio());
                    }
                }
                row.add(String.format(Locale.ROOT, "%.0f%%", minRatio * 100));
                rows.add(row.toArray(String[]::new));
            }
            table(sb, rows);
            PerfReport.Derived d = s.derived();
            sb.append("derived: IPC ").append(num(d.ipc())).append(", cache-miss rate ").append(pct(d.cacheMissRate()))
                    .append(", branch-miss rate ").append(pct(d.branchMissRate()))
                    .append(", context switches/s ").append(num(d.contextSwitchesPerSecond()))
                    .append(", migrations/s ").append(num(d.cpuMigrationsPerSecond()))
                    .append(", page faults/s ").append(num(d.pageFaultsPerSecond()))
                    .append(", CPUs utilized ").append(num(d.cpusUtilized())).append('\n');
        }
        if (!r.problems().isEmpty()) {
            sb.append("\nproblems:\n");
            r.problems().forEach(p -> sb.append("  ").append(p).append('\n'));
        }
        return sb.toString();
    }

    /** The event support table: every event in every kind of scope, with the errno's reason. */
    public static String support(PerfReport r) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"EVENT", "KIND", "SCOPE", "STATUS", "ERRNO", "REASON"});
        for (PerfReport.Support s : r.support()) {
            rows.add(new String[] {s.event(), s.kind(), s.scope(), s.status(), s.errno() == 0 ? "-" : Integer.toString(s.errno()),
                    s.status().equals("supported") ? "" : s.reason()});
        }
        StringBuilder sb = new StringBuilder();
        table(sb, rows);
        return sb.toString();
    }

    /** The host's perf settings and PMUs. */
    public static String settings(PerfReport r) {
        PerfReport.Settings s = r.settings();
        StringBuilder sb = new StringBuilder();
        sb.append("perf_event_paranoid        ").append(s.paranoid() == null ? "unknown" : s.paranoid()).append('\n');
        sb.append("perf_event_max_sample_rate ").append(s.maxSampleRate() == null ? "unknown" : s.maxSampleRate()).append('\n');
        sb.append("kptr_restrict              ").append(s.kptrRestrict() == null ? "unknown" : s.kptrRestrict()).append('\n');
        sb.append("privileged                 ").append(s.privileged() ? "yes" : "no").append(" (").append(s.privilegeReason()).append(")\n");
        sb.append("exclude kernel             ").append(s.excludeKernel() ? "yes (unprivileged at paranoid >= 2)" : "no").append('\n');
        sb.append("online cpus                ").append(s.cpus()).append('\n');
        sb.append("cgroup hierarchy           ").append(s.cgroupRoot() == null ? "none" : s.cgroupRoot())
                .append(" (").append(s.cgroupNote()).append(")\n");
        sb.append("syscall                    ").append(s.syscall()).append('\n');
        sb.append("\nPMUs (/sys/bus/event_source/devices):\n");
        if (s.pmus().isEmpty()) {
            sb.append("  none listed\n");
        }
        for (PerfHost.Pmu p : s.pmus()) {
            sb.append(String.format(Locale.ROOT, "  %-16s type %s%n", p.name(), p.type() == null ? "?" : p.type()));
        }
        if (s.pmus().stream().noneMatch(p -> p.name().equals("cpu") || p.name().startsWith("cpu_") || p.name().startsWith("armv8"))) {
            sb.append("  (no CPU PMU: hardware events such as cycles and instructions are not available here)\n");
        }
        return sb.toString();
    }

    private static String fmt(long v, boolean time) {
        return time ? String.format(Locale.ROOT, "%.2f", v / 1e6) : String.format(Locale.ROOT, "%,d", v);
    }

    private static String num(Double d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.2f", d);
    }

    private static String pct(Double d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.2f%%", d * 100);
    }

    private static void table(StringBuilder sb, List<String[]> rows) {
        int cols = rows.stream().mapToInt(a -> a.length).max().orElse(0);
        int[] w = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < r.length - 1; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                if (i == r.length - 1) {
                    line.append(r[i]);
                } else {
                    line.append(r[i]).append(" ".repeat(w[i] - r[i].length() + 2));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
