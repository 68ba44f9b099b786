package io.jsos.perf;

import io.jsos.api.Applicability;
import io.jsos.api.Bundle;
import io.jsos.api.CollectContext;
import io.jsos.api.Collector;
import io.jsos.api.CollectorOptions;
import io.jsos.api.Host;
import io.jsos.api.MetricsWriter;
import io.jsos.api.OptionSpec;
import io.jsos.api.ScrapeContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hardware and software performance counters through perf_event_open(2) (JNA, no perf binary):
 * per CPU for the system, per cgroup, per process.
 *
 * <p>Bundle:
 * <ul>
 *   <li>{@code proc/sys/kernel/perf_event_paranoid}, {@code perf_event_max_sample_rate},
 *       {@code kptr_restrict} copied;</li>
 *   <li>{@code sos_commands/perf/perf-stat} — counts over a window (default 1 s) per scope and CPU,
 *       with IPC, cache-miss rate, context switches/s ...;</li>
 *   <li>{@code sos_commands/perf/event-support} — each event in each scope: supported / not supported /
 *       not permitted / invalid / too many files, with the errno's reason;</li>
 *   <li>{@code sos_commands/perf/settings} — the perf sysctls, privilege, cgroup hierarchy, PMUs;</li>
 *   <li>{@code jsos/perf.json} — the {@link PerfReport}.</li>
 * </ul>
 *
 * <p>Metrics (only with {@code -o perf.scrape=true}: counting CPU-wide and per cgroup needs
 * privilege and costs a little on every context switch, so the exporter leaves it off by default):
 * node_exporter's {@code node_perf_*_total{cpu}} for the system scope, cAdvisor's
 * {@code container_perf_events_total{id,cpu,event}} and {@code container_perf_events_scaling_ratio}
 * for cgroups, and {@code jsos_perf_*} for what neither defines. Counters stay open between scrapes
 * ({@link PerfCounters}).
 *
 * <p>Scopes ({@code -o perf.scope=}): {@code auto} (system and the busiest cgroups when privileged,
 * else this process), or a list of {@code system}, {@code cgroups}, {@code self}, {@code pids}.
 */
public final class PerfCollector implements Collector, AutoCloseable {

    static final OptionSpec<Duration> WINDOW = OptionSpec.duration("window", Duration.ofSeconds(1),
            "how long the bundle's counters count");
    static final OptionSpec<String> EVENTS = OptionSpec.string("events", String.join(",", EventCatalog.DEFAULT_EVENTS),
            "events to count, perf's names (cycles, task-clock, L1-dcache-load-misses, sched:sched_switch)");
    static final OptionSpec<String> EXTRA_EVENTS = OptionSpec.string("extra-events", "",
            "events counted on top of 'events' (hw-cache, tracepoints: LLC-load-misses,sched:sched_switch)");
    static final OptionSpec<String> SCOPE = OptionSpec.string("scope", "auto",
            "auto, or a list of system, cgroups, self, pids (auto: system+cgroups when privileged, else self)");
    static final OptionSpec<String> CGROUPS = OptionSpec.string("cgroups", "",
            "cgroups to count (paths below the cgroup hierarchy, e.g. /kubepods.slice), besides the busiest ones");
    static final OptionSpec<Integer> TOP_CGROUPS = OptionSpec.integer("top-cgroups", 5,
            "how many of the busiest cgroups (by cpu.stat usage_usec) to count");
    static final OptionSpec<Integer> CGROUP_DEPTH = OptionSpec.integer("cgroup-depth", 3,
            "how deep below the hierarchy root to look for busy cgroups");
    static final OptionSpec<String> PIDS = OptionSpec.string("pids", "",
            "process ids to count (all their threads, and children started later), in jsos's pid namespace");
    static final OptionSpec<Integer> MAX_FDS = OptionSpec.integer("max-fds", 1024,
            "the most perf fds held at once (one per event, CPU and cgroup)");
    static final OptionSpec<Boolean> SCRAPE = OptionSpec.bool("scrape", false,
            "export counters in jsos serve (off by default: privileged, and cgroup counting adds to every context switch)");

    /**
     * Resolved on first use: every jsos run instantiates every collector (to learn its name), and
     * loading libc through JNA costs ~50 ms that a run without perf should not pay.
     */
    private final java.util.function.Supplier<PerfSys> sysSource;
    private volatile PerfSys sys;
    private PerfCounters counters;

    public PerfCollector() {
        this.sysSource = LibcPerfSys::get;
    }

    /** For tests: a fake {@link PerfSys}. */
    PerfCollector(PerfSys sys) {
        this.sysSource = () -> sys;
    }

    private PerfSys sys() {
        PerfSys s = sys;
        if (s == null) {
            s = sysSource.get();
            sys = s;
        }
        return s;
    }

    @Override
    public String name() {
        return "perf";
    }

    @Override
    public String description() {
        return "perf counters (cycles, instructions, cache misses, context switches ...) per CPU, cgroup and process, through perf_event_open";
    }

    @Override
    public Applicability applies(Host host) {
        return Applicability.ifAnyExists(host, PerfHost.PARANOID);
    }

    @Override
    public List<OptionSpec<?>> options() {
        return List.of(WINDOW, EVENTS, EXTRA_EVENTS, SCOPE, CGROUPS, TOP_CGROUPS, CGROUP_DEPTH, PIDS, MAX_FDS, SCRAPE);
    }

    @Override
    public Duration defaultTimeout() {
        return Duration.ofSeconds(30);
    }

    @Override
    public void collect(CollectContext ctx) throws Exception {
        Host host = ctx.host();
        CollectorOptions o = ctx.options();
        Bundle b = ctx.bundle();
        b.copy(PerfHost.PARANOID, PerfHost.MAX_SAMPLE_RATE, PerfHost.KPTR_RESTRICT);
        PerfHost ph = PerfHost.read(host);
        List<ScopeCounters.Spec> scopes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<String> kinds = scopeKinds(o.get(SCOPE), ph, notes);
        if (kinds.contains("system")) {
            scopes.add(ScopeCounters.Spec.system());
        }
        if (kinds.contains("cgroups")) {
            wantedCgroups(host, ph, o).forEach(c -> scopes.add(ScopeCounters.Spec.cgroup(c)));
        }
        if (kinds.contains("self")) {
            scopes.add(ScopeCounters.Spec.self());
        }
        for (String pid : EventCatalog.splitList(o.get(PIDS))) {
            if (!pid.chars().allMatch(Character::isDigit)) {
                notes.add("pid '" + pid + "' is not a number: skipped");
                continue;
            }
            scopes.add(ScopeCounters.Spec.pid(Long.parseLong(pid)));
        }
        long windowMs = Math.min(o.get(WINDOW).toMillis(), Math.max(100,
                Duration.between(java.time.Instant.now(), ctx.deadline()).toMillis() - 2000));
        PerfReport r = PerfSampler.sample(sys(), host, ph,
                new PerfSampler.Plan(eventNames(o), scopes, windowMs, o.get(MAX_FDS)), ctx::shouldStop);
        if (!notes.isEmpty()) {
            List<String> all = new ArrayList<>(notes);
            all.addAll(r.problems());
            r = new PerfReport(r.settings(), r.windowSeconds(), r.requestedEvents(), r.support(), r.scopes(), all);
        }
        b.text("perf-stat", PerfReportText.counts(r));
        b.text("event-support", PerfReportText.support(r));
        b.text("settings", PerfReportText.settings(r));
        b.json(r);
        int shown = 0;
        for (String p : r.problems()) {
            if (shown++ < 10) {
                b.error(p);
            }
        }
    }

    static List<String> eventNames(CollectorOptions o) {
        List<String> names = new ArrayList<>(EventCatalog.splitList(o.get(EVENTS)));
        for (String e : EventCatalog.splitList(o.get(EXTRA_EVENTS))) {
            if (!names.contains(e)) {
                names.add(e);
            }
        }
        return names;
    }

    /** The scope kinds to count: the option's list, or auto by privilege. */
    static Set<String> scopeKinds(String option, PerfHost ph, List<String> notes) {
        Set<String> kinds = new LinkedHashSet<>();
        for (String s : EventCatalog.splitList(option)) {
            switch (s) {
                case "auto" -> {
                    if (ph.privileged()) {
                        kinds.add("system");
                        kinds.add("cgroups");
                    } else {
                        kinds.add("self");
                        notes.add("not privileged (" + ph.privilegeReason() + "): counting this process only;"
                                + " give CAP_PERFMON or lower perf_event_paranoid for system and cgroup counts");
                    }
                }
                case "system", "cgroups", "self", "pids" -> kinds.add(s);
                case "cgroup" -> kinds.add("cgroups");
                default -> notes.add("unknown scope '" + s + "' (auto, system, cgroups, self, pids): skipped");
            }
        }
        return kinds;
    }

    /** The explicitly listed cgroups, then the busiest ones, up to top-cgroups more. */
    static Set<String> wantedCgroups(Host host, PerfHost ph, CollectorOptions o) {
        Set<String> out = new LinkedHashSet<>();
        for (String c : EventCatalog.splitList(o.get(CGROUPS))) {
            out.add(c.startsWith("/") ? c : "/" + c);
        }
        int top = Math.max(0, o.get(TOP_CGROUPS));
        if (top > 0) {
            for (PerfHost.CgroupUsage u : ph.listCgroups(host, Math.max(1, o.get(CGROUP_DEPTH)), 10_000)) {
                if (out.size() >= top + EventCatalog.splitList(o.get(CGROUPS)).size()) {
                    break;
                }
                out.add(u.path());
            }
        }
        return out;
    }

    @Override
    public boolean exportsMetrics() {
        return true;
    }

    @Override
    public void scrape(ScrapeContext ctx) {
        CollectorOptions o = ctx.options();
        if (!o.get(SCRAPE)) {
            return; // off by default in the exporter: -o perf.scrape=true
        }
        Host host = ctx.host();
        MetricsWriter m = ctx.metrics();
        if (sys().unavailableReason() != null) {
            m.gauge("jsos_perf_available", "Whether perf_event_open can be called here (1) or not (0).", 0);
            return;
        }
        m.gauge("jsos_perf_available", "Whether perf_event_open can be called here (1) or not (0).", 1);
        PerfHost ph = hostFacts(host);
        List<String> notes = new ArrayList<>();
        Set<String> kinds = scopeKinds(o.get(SCOPE), ph, notes);
        PerfCounters pc;
        synchronized (this) {
            if (counters == null) {
                counters = new PerfCounters(sys(), o.get(MAX_FDS));
            }
            pc = counters;
        }
        Set<String> cgs = kinds.contains("cgroups") ? cachedWantedCgroups(host, ph, o) : Set.of();
        PerfCounters.Snapshot s = pc.scrape(host, ph, eventNames(o), kinds.contains("system"), cgs);
        PerfMetrics.emit(m, s);
    }

    /**
     * The host's perf facts for a scrape, re-read at most every {@link #FACTS_TTL_NANOS} (they change
     * only with a sysctl, a CPU hotplug or a remount; reading them is most of a scrape's cost otherwise).
     */
    private synchronized PerfHost hostFacts(Host host) {
        long now = System.nanoTime();
        if (facts == null || factsHost != host || now - factsAt > FACTS_TTL_NANOS) {
            facts = PerfHost.read(host);
            factsHost = host;
            factsAt = now;
        }
        return facts;
    }

    /**
     * Which cgroups the exporter counts, re-chosen at most every {@link #FACTS_TTL_NANOS}: choosing walks
     * the tree and reads every cgroup's cpu.stat. Vanished cgroups are still closed at the next scrape
     * ({@link PerfCounters} checks each one's directory every time).
     */
    private synchronized Set<String> cachedWantedCgroups(Host host, PerfHost ph, CollectorOptions o) {
        long now = System.nanoTime();
        if (wanted == null || wantedFacts != ph || now - wantedAt > FACTS_TTL_NANOS) {
            wanted = wantedCgroups(host, ph, o);
            wantedFacts = ph;
            wantedAt = now;
        }
        return wanted;
    }

    private Set<String> wanted;
    private PerfHost wantedFacts;
    private long wantedAt;

    static final long FACTS_TTL_NANOS = 30_000_000_000L;
    private PerfHost facts;
    private Host factsHost;
    private long factsAt;

    /** Closes the exporter's open counters (the exporter may call this on shutdown; a later scrape reopens). */
    @Override
    public synchronized void close() {
        if (counters != null) {
            counters.close();
            counters = null;
        }
    }

    /** The exporter's counters, for tests. */
    synchronized PerfCounters counters() {
        return counters;
    }

}
