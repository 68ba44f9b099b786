package io.jsos.perf;

import io.jsos.api.Host;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The bundle's sampling window: opens every scope's counters, enables them together, sleeps the
 * window, disables, reads, and closes every fd (in a finally: whatever happens, nothing stays
 * open), then builds the {@link PerfReport}.
 */
public final class PerfSampler {

    private PerfSampler() {
    }

    /** What to sample. */
    public record Plan(List<String> eventNames, List<ScopeCounters.Spec> scopes, long windowMillis, int maxFds) {
    }

    public static PerfReport sample(PerfSys sys, Host host, PerfHost ph, Plan plan, BooleanSupplier shouldStop)
            throws InterruptedException {
        List<String> problems = new ArrayList<>();
        List<PerfReport.Support> support = new ArrayList<>();
        List<PerfEvent> events = new ArrayList<>();
        for (String name : plan.eventNames()) {
            EventCatalog.Resolved r = EventCatalog.resolve(host, name);
            if (r.ok()) {
                events.add(r.event());
            } else {
                support.add(new PerfReport.Support(name, "unknown", "all", r.problem().state().label(), 0, r.problem().reason()));
            }
        }
        String syscall = "perf_event_open (syscall " + PerfAbi.syscallNumber(System.getProperty("os.arch", "")) + " on "
                + System.getProperty("os.arch") + ")";
        PerfReport.Settings settings = PerfReport.Settings.of(ph, syscall);
        String unavailable = sys.unavailableReason();
        if (unavailable != null) {
            problems.add(unavailable);
            for (PerfEvent e : events) {
                support.add(new PerfReport.Support(e.name(), e.kind(), "all", EventStatus.State.NOT_SUPPORTED.label(), 0, unavailable));
            }
            return new PerfReport(settings, plan.windowMillis() / 1000.0, plan.eventNames(), support, List.of(), problems);
        }

        FdBudget budget = new FdBudget(plan.maxFds());
        Map<ScopeCounters.Kind, Map<PerfEvent, EventStatus>> known = new EnumMap<>(ScopeCounters.Kind.class);
        List<ScopeCounters> open = new ArrayList<>();
        List<ScopeCounters.Reading> readings = new ArrayList<>();
        long windowNs;
        try {
            for (ScopeCounters.Spec spec : plan.scopes()) {
                if (shouldStop.getAsBoolean()) {
                    problems.add("stopped before opening " + spec.label() + ": deadline");
                    break;
                }
                open.add(ScopeCounters.open(sys, host, ph, spec, events, budget,
                        known.computeIfAbsent(spec.kind(), k -> new LinkedHashMap<>())));
            }
            long t0 = System.nanoTime();
            open.forEach(ScopeCounters::enable);
            long end = t0 + plan.windowMillis() * 1_000_000L;
            while (System.nanoTime() < end && !shouldStop.getAsBoolean()) {
                Thread.sleep(Math.max(1, Math.min(50, (end - System.nanoTime()) / 1_000_000L)));
            }
            open.forEach(ScopeCounters::disable);
            windowNs = System.nanoTime() - t0;
            for (ScopeCounters sc : open) {
                readings.add(sc.read());
            }
        } finally {
            open.forEach(ScopeCounters::close);
        }
        double seconds = windowNs / 1e9;

        // Support table: one row per event and scope kind (the first scope of a kind decides; a later
        // success upgrades it), so "cycles: not supported on system, cgroup" reads at a glance.
        Map<String, PerfReport.Support> rows = new LinkedHashMap<>();
        for (ScopeCounters sc : open) {
            for (Map.Entry<PerfEvent, EventStatus> e : sc.statuses().entrySet()) {
                String key = e.getKey().name() + "\u0000" + sc.spec().kind().label();
                EventStatus s = e.getValue();
                PerfReport.Support row = new PerfReport.Support(e.getKey().name(), e.getKey().kind(), sc.spec().kind().label(),
                        s.state().label(), s.errno(), s.reason());
                PerfReport.Support old = rows.get(key);
                if (old == null || (!old.status().equals("supported") && s.ok())) {
                    rows.put(key, row);
                }
            }
        }
        support.addAll(rows.values());

        List<PerfReport.Scope> scopes = new ArrayList<>();
        for (int i = 0; i < open.size(); i++) {
            ScopeCounters sc = open.get(i);
            ScopeCounters.Reading r = readings.size() > i ? readings.get(i) : null;
            scopes.add(toScope(sc, r, seconds));
            if (r != null) {
                r.problems().forEach(p -> problems.add(sc.spec().label() + ": " + p));
            }
        }
        return new PerfReport(settings, Math.round(seconds * 1000) / 1000.0, plan.eventNames(), support, scopes, problems);
    }

    private static PerfReport.Scope toScope(ScopeCounters sc, ScopeCounters.Reading r, double seconds) {
        List<PerfReport.CpuCounts> perCpu = new ArrayList<>();
        Map<String, Long> totals = new LinkedHashMap<>();
        Set<String> notCounted = new LinkedHashSet<>();
        if (r != null) {
            for (Map.Entry<String, Map<PerfEvent, CounterGroup.Count>> cpu : r.perCpu().entrySet()) {
                Map<String, PerfReport.Value> counts = new LinkedHashMap<>();
                for (CounterGroup.Count c : cpu.getValue().values()) {
                    counts.put(c.event().name(), new PerfReport.Value(c.scaled(), c.raw(), c.enabledNs(), c.runningNs(),
                            Math.round(c.scalingRatio() * 10000) / 10000.0));
                }
                perCpu.add(new PerfReport.CpuCounts(cpu.getKey(), counts));
            }
            for (PerfEvent e : sc.events()) {
                if (sc.statuses().getOrDefault(e, EventStatus.notCounted()).ok()) {
                    Long t = r.total(e);
                    if (t != null) {
                        totals.put(e.name(), t);
                    }
                    boolean ranAnywhere = r.perCpu().values().stream().anyMatch(m -> m.get(e) != null && m.get(e).counted());
                    if (!ranAnywhere) {
                        notCounted.add(e.name());
                    }
                }
            }
        }
        String status;
        if (sc.problem() != null) {
            status = sc.statuses().values().stream().findFirst().map(s -> s.state().label()).orElse("failed");
        } else if (!sc.counting()) {
            status = "nothing counted";
        } else {
            status = "ok";
        }
        String problem = sc.problem();
        if (problem == null && !notCounted.isEmpty()) {
            problem = "not counted (opened, never ran in the window): " + String.join(", ", notCounted);
        }
        return new PerfReport.Scope(sc.spec().kind().label(), sc.spec().id(), status, problem, perCpu, totals,
                PerfReport.derive(totals, seconds));
    }
}
