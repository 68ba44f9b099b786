package io.jsos.perf;

import io.jsos.api.Host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Event names, perf's spelling, to {@link PerfEvent}s.
 *
 * <ul>
 *   <li>hardware: {@code cycles cpu-cycles instructions cache-references cache-misses branches
 *       branch-instructions branch-misses bus-cycles stalled-cycles-frontend stalled-cycles-backend ref-cycles};</li>
 *   <li>software: {@code cpu-clock task-clock page-faults faults context-switches cs cpu-migrations
 *       migrations minor-faults major-faults alignment-faults emulation-faults};</li>
 *   <li>hardware cache: {@code <cache>-<op>[-misses]} with cache {@code L1-dcache L1-icache LLC dTLB iTLB
 *       branch node} and op {@code loads stores prefetches} ({@code L1-dcache-load-misses},
 *       {@code LLC-loads}, {@code dTLB-store-misses}); perf's singular {@code load/store/prefetch}
 *       are accepted too;</li>
 *   <li>tracepoints: {@code subsystem:name} ({@code sched:sched_switch}), whose id is read from
 *       tracefs on the host: {@code /sys/kernel/tracing/events/<sys>/<name>/id}, else
 *       {@code /sys/kernel/debug/tracing/events/...}.</li>
 * </ul>
 */
public final class EventCatalog {

    /** What {@code jsos collect} counts by default: perf stat's default set. */
    public static final List<String> DEFAULT_EVENTS = List.of(
            "task-clock", "context-switches", "cpu-migrations", "page-faults", "minor-faults", "major-faults",
            "cycles", "instructions", "cache-references", "cache-misses", "branches", "branch-misses",
            "stalled-cycles-frontend", "stalled-cycles-backend");

    public static final String[] TRACEFS_ROOTS = {"/sys/kernel/tracing", "/sys/kernel/debug/tracing"};

    private static final Map<String, PerfEvent> NAMED = new LinkedHashMap<>();

    static {
        hw("cycles", PerfAbi.HW_CPU_CYCLES, "cpu-cycles");
        hw("instructions", PerfAbi.HW_INSTRUCTIONS);
        hw("cache-references", PerfAbi.HW_CACHE_REFERENCES);
        hw("cache-misses", PerfAbi.HW_CACHE_MISSES);
        hw("branches", PerfAbi.HW_BRANCH_INSTRUCTIONS, "branch-instructions");
        hw("branch-misses", PerfAbi.HW_BRANCH_MISSES);
        hw("bus-cycles", PerfAbi.HW_BUS_CYCLES);
        hw("stalled-cycles-frontend", PerfAbi.HW_STALLED_CYCLES_FRONTEND, "idle-cycles-frontend");
        hw("stalled-cycles-backend", PerfAbi.HW_STALLED_CYCLES_BACKEND, "idle-cycles-backend");
        hw("ref-cycles", PerfAbi.HW_REF_CPU_CYCLES);
        sw("cpu-clock", PerfAbi.SW_CPU_CLOCK, "ns");
        sw("task-clock", PerfAbi.SW_TASK_CLOCK, "ns");
        sw("page-faults", PerfAbi.SW_PAGE_FAULTS, "", "faults");
        sw("context-switches", PerfAbi.SW_CONTEXT_SWITCHES, "", "cs");
        sw("cpu-migrations", PerfAbi.SW_CPU_MIGRATIONS, "", "migrations");
        sw("minor-faults", PerfAbi.SW_PAGE_FAULTS_MIN, "");
        sw("major-faults", PerfAbi.SW_PAGE_FAULTS_MAJ, "");
        sw("alignment-faults", PerfAbi.SW_ALIGNMENT_FAULTS, "");
        sw("emulation-faults", PerfAbi.SW_EMULATION_FAULTS, "");
    }

    private static final Map<String, Integer> CACHES = Map.of(
            "l1-dcache", PerfAbi.CACHE_L1D, "l1-icache", PerfAbi.CACHE_L1I, "llc", PerfAbi.CACHE_LL,
            "dtlb", PerfAbi.CACHE_DTLB, "itlb", PerfAbi.CACHE_ITLB, "branch", PerfAbi.CACHE_BPU, "node", PerfAbi.CACHE_NODE);
    private static final Map<String, Integer> OPS = Map.of(
            "loads", PerfAbi.CACHE_OP_READ, "load", PerfAbi.CACHE_OP_READ,
            "stores", PerfAbi.CACHE_OP_WRITE, "store", PerfAbi.CACHE_OP_WRITE,
            "prefetches", PerfAbi.CACHE_OP_PREFETCH, "prefetch", PerfAbi.CACHE_OP_PREFETCH);

    private EventCatalog() {
    }

    private static void hw(String name, long config, String... aliases) {
        add(new PerfEvent(name, PerfEvent.HARDWARE, PerfAbi.TYPE_HARDWARE, config, ""), aliases);
    }

    private static void sw(String name, long config, String unit, String... aliases) {
        add(new PerfEvent(name, PerfEvent.SOFTWARE, PerfAbi.TYPE_SOFTWARE, config, unit), aliases);
    }

    private static void add(PerfEvent e, String... aliases) {
        NAMED.put(e.name(), e);
        for (String a : aliases) {
            NAMED.put(a, e);
        }
    }

    /** A resolved event, or why a name is not one. */
    public record Resolved(String requested, PerfEvent event, EventStatus problem) {
        public boolean ok() {
            return event != null;
        }
    }

    /** Splits a comma/space separated list, dropping blanks and duplicates, keeping order. */
    public static List<String> splitList(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String s : text.split("[,\\s]+")) {
            String t = s.trim();
            if (!t.isEmpty() && !out.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /** Resolves a name without a host: hardware, software and hw-cache names (tracepoints need tracefs). */
    public static Optional<PerfEvent> named(String name) {
        PerfEvent e = NAMED.get(name);
        if (e != null) {
            return Optional.of(e);
        }
        return cache(name);
    }

    /** Resolves a name; tracepoint ids are read through the host's tracefs. */
    public static Resolved resolve(Host host, String name) {
        String n = name.trim();
        Optional<PerfEvent> e = named(n);
        if (e.isPresent()) {
            return new Resolved(n, e.get(), null);
        }
        int colon = n.indexOf(':');
        if (colon > 0 && colon < n.length() - 1 && n.indexOf(':', colon + 1) < 0) {
            return tracepoint(host, n, n.substring(0, colon), n.substring(colon + 1));
        }
        return new Resolved(n, null, EventStatus.unknownEvent(n,
                "not a hardware, software or hw-cache event name perf knows, nor a subsystem:tracepoint"));
    }

    private static Optional<PerfEvent> cache(String name) {
        String l = name.toLowerCase(Locale.ROOT);
        boolean miss = l.endsWith("-misses");
        String rest = miss ? l.substring(0, l.length() - "-misses".length()) : l;
        int dash = rest.lastIndexOf('-');
        if (dash <= 0) {
            return Optional.empty();
        }
        Integer cache = CACHES.get(rest.substring(0, dash));
        Integer op = OPS.get(rest.substring(dash + 1));
        if (cache == null || op == null) {
            return Optional.empty();
        }
        return Optional.of(new PerfEvent(name, PerfEvent.HW_CACHE, PerfAbi.TYPE_HW_CACHE,
                PerfAbi.cacheConfig(cache, op, miss ? PerfAbi.CACHE_RESULT_MISS : PerfAbi.CACHE_RESULT_ACCESS), ""));
    }

    private static Resolved tracepoint(Host host, String name, String sys, String event) {
        if (!sys.matches("[A-Za-z0-9_]+") || !event.matches("[A-Za-z0-9_]+")) {
            return new Resolved(name, null, EventStatus.unknownEvent(name, "a tracepoint is subsystem:name in letters, digits and _"));
        }
        boolean anyTracefs = false;
        for (String root : TRACEFS_ROOTS) {
            if (host.exists(root + "/events")) {
                anyTracefs = true;
            }
            String path = root + "/events/" + sys + "/" + event + "/id";
            Optional<String> id = host.tryRead(path);
            if (id.isPresent()) {
                try {
                    long config = Long.parseLong(id.get().trim());
                    return new Resolved(name, new PerfEvent(name, PerfEvent.TRACEPOINT, PerfAbi.TYPE_TRACEPOINT, config, ""), null);
                } catch (NumberFormatException ex) {
                    return new Resolved(name, null, EventStatus.notSupported("tracepoint id in " + path + " is not a number"));
                }
            }
        }
        if (!anyTracefs) {
            return new Resolved(name, null, EventStatus.notSupported("tracefs is not mounted (no /sys/kernel/tracing/events"
                    + " nor /sys/kernel/debug/tracing/events), so tracepoint ids cannot be read; jsos does not mount it:"
                    + " mount -t tracefs nodev /sys/kernel/tracing"));
        }
        return new Resolved(name, null, EventStatus.notSupported("no tracepoint " + name
                + " in tracefs (or its id is not readable: root only)"));
    }

    /** Every fixed name jsos knows (without aliases' duplicates), for docs and errors. */
    public static List<String> knownNames() {
        return NAMED.values().stream().map(PerfEvent::name).distinct().toList();
    }
}
