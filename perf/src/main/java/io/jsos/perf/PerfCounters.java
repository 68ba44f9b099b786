package io.jsos.perf;

import io.jsos.api.Host;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The exporter's counters, kept open between scrapes: the system scope (per CPU) is opened at the
 * first scrape and stays open; cgroup scopes are opened for new cgroups, and closed for cgroups that
 * vanished or left the wanted set. Counters are never reset, so values are cumulative since they
 * were opened (Prometheus's counter-reset handling covers a reopen). The fds held are bounded by an
 * {@link FdBudget}; a cgroup that does not fit is reported, not opened.
 *
 * <p>Thread-safe: scrapes are serialised. {@link #close()} closes everything (and a later scrape
 * reopens).
 */
public final class PerfCounters implements AutoCloseable {

    private final PerfSys sys;
    private final FdBudget budget;
    private ScopeCounters system;
    private final Map<String, ScopeCounters> cgroups = new LinkedHashMap<>();
    private final Map<ScopeCounters.Kind, Map<PerfEvent, EventStatus>> known = new EnumMap<>(ScopeCounters.Kind.class);
    private List<PerfEvent> events;
    private List<String> eventNames;
    private final List<String> problems = new ArrayList<>();
    private List<String> unknown = List.of();
    private long opens;
    private long closes;

    public PerfCounters(PerfSys sys, int maxFds) {
        this.sys = sys;
        this.budget = new FdBudget(maxFds);
    }

    /** What one scrape read. */
    public record Snapshot(ScopeCounters.Reading system, Map<PerfEvent, EventStatus> systemStatus,
                           Map<String, ScopeCounters.Reading> cgroups, Map<String, Map<PerfEvent, EventStatus>> cgroupStatus,
                           List<String> unknownEvents, List<String> problems, int openFds, int maxFds) {
    }

    /**
     * Brings the open counters in line with what is wanted, then reads them all.
     *
     * @param countSystem    keep the system scope open
     * @param wantedCgroups  cgroup paths (below the perf hierarchy) to count; others are closed
     */
    public synchronized Snapshot scrape(Host host, PerfHost ph, List<String> names, boolean countSystem, Set<String> wantedCgroups) {
        problems.clear();
        if (!names.equals(eventNames)) {
            unknown = new ArrayList<>();
            closeAll();
            eventNames = List.copyOf(names);
            events = new ArrayList<>();
            for (String n : names) {
                EventCatalog.Resolved r = EventCatalog.resolve(host, n);
                if (r.ok()) {
                    events.add(r.event());
                } else {
                    unknown.add(n + ": " + r.problem().reason());
                }
            }
        }
        if (countSystem && system == null) {
            system = ScopeCounters.open(sys, host, ph, ScopeCounters.Spec.system(), events, budget, knownFor(ScopeCounters.Kind.SYSTEM));
            system.enable();
            opens++;
        } else if (!countSystem && system != null) {
            system.close();
            system = null;
            closes++;
        }
        // Close vanished and unwanted cgroups first, so their fds can go to new ones.
        for (var it = cgroups.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            boolean exists = ph.cgroupRoot() != null && host.isDirectory(ph.cgroupRoot() + e.getKey());
            if (!exists || !wantedCgroups.contains(e.getKey())) {
                e.getValue().close();
                it.remove();
                closes++;
            }
        }
        for (String cg : wantedCgroups) {
            if (cgroups.containsKey(cg)) {
                continue;
            }
            if (budget.used() + Math.max(1, events.size()) * Math.max(1, ph.cpus().size()) > budget.max()) {
                problems.add("cgroup " + cg + " not counted: the fd budget (" + budget.max() + ") is spent");
                continue;
            }
            ScopeCounters sc = ScopeCounters.open(sys, host, ph, ScopeCounters.Spec.cgroup(cg), events, budget,
                    knownFor(ScopeCounters.Kind.CGROUP));
            if (sc.counting()) {
                sc.enable();
                cgroups.put(cg, sc);
                opens++;
            } else {
                problems.add("cgroup " + cg + ": " + (sc.problem() != null ? sc.problem() : "no event could be opened"));
                sc.close();
            }
        }
        ScopeCounters.Reading sysReading = system != null ? system.read() : null;
        Map<String, ScopeCounters.Reading> cgReadings = new LinkedHashMap<>();
        Map<String, Map<PerfEvent, EventStatus>> cgStatus = new LinkedHashMap<>();
        cgroups.forEach((k, v) -> {
            cgReadings.put(k, v.read());
            cgStatus.put(k, v.statuses());
        });
        return new Snapshot(sysReading, system != null ? system.statuses() : Map.of(), cgReadings, cgStatus, List.copyOf(unknown),
                List.copyOf(problems), budget.used(), budget.max());
    }

    private Map<PerfEvent, EventStatus> knownFor(ScopeCounters.Kind k) {
        return known.computeIfAbsent(k, x -> new LinkedHashMap<>());
    }

    /** fds held now. */
    public synchronized int fdCount() {
        return budget.used();
    }

    /** Scopes opened and closed so far (for tests and the docs' claims). */
    public synchronized long[] openCloseCounts() {
        return new long[] {opens, closes};
    }

    public synchronized Set<String> openCgroups() {
        return Set.copyOf(cgroups.keySet());
    }

    private void closeAll() {
        if (system != null) {
            system.close();
            system = null;
            closes++;
        }
        cgroups.values().forEach(ScopeCounters::close);
        closes += cgroups.size();
        cgroups.clear();
        known.clear();
    }

    @Override
    public synchronized void close() {
        closeAll();
        eventNames = null;
    }
}
