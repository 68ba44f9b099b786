package io.jsos.perf;

import io.jsos.api.Host;
import io.jsos.api.HostPathException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counters of one scope — the system (one group set per CPU), a cgroup (per CPU, through
 * PERF_FLAG_PID_CGROUP), a process or this process (per thread, following children) — opened,
 * enabled, read and closed together.
 *
 * <p>Events are split into groups by where they count: kernel (software and tracepoint) events in
 * one group, CPU-PMU (hardware and hw-cache) events in groups of at most {@link #HW_GROUP_SIZE}, so
 * a group fits the PMU's counters (a group that does not fit is never scheduled) while cycles and
 * instructions, listed first, are counted together for IPC.
 */
public final class ScopeCounters implements AutoCloseable {

    /** The PMU groups' size: x86 has at least 4 general counters (plus fixed ones for cycles/instructions). */
    public static final int HW_GROUP_SIZE = 4;

    /** Which kind of scope. */
    public enum Kind {
        SYSTEM("system"), CGROUP("cgroup"), PID("pid"), SELF("self");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A scope: its kind and id ("" for system/self, the cgroup's path below the hierarchy, the pid). */
    public record Spec(Kind kind, String id) {
        public static Spec system() {
            return new Spec(Kind.SYSTEM, "");
        }

        public static Spec self() {
            return new Spec(Kind.SELF, "");
        }

        public static Spec cgroup(String path) {
            return new Spec(Kind.CGROUP, path.startsWith("/") ? path : "/" + path);
        }

        public static Spec pid(long pid) {
            return new Spec(Kind.PID, Long.toString(pid));
        }

        /** "system", "cgroup /a/b", "pid 42". */
        public String label() {
            return id.isEmpty() ? kind.label() : kind.label() + " " + id;
        }
    }

    /** The groups of one slot: a CPU ("0", "1") for system/cgroup, a thread id for pid/self. */
    private record Slot(String key, String cpu, List<CounterGroup> groups) {
    }

    private final Spec spec;
    private final List<Slot> slots = new ArrayList<>();
    private final Map<PerfEvent, EventStatus> status = new LinkedHashMap<>();
    private final List<PerfEvent> events;
    private String problem;
    private boolean openedAny;

    private ScopeCounters(Spec spec, List<PerfEvent> events) {
        this.spec = spec;
        this.events = List.copyOf(events);
    }

    /**
     * Opens the scope's counters, disabled. Never throws for a kernel refusal: statuses tell.
     *
     * @param known event-level failures already seen for this kind of scope (ENOENT for cycles...);
     *              filled in here, so the next scope of the same kind does not try them again
     */
    public static ScopeCounters open(PerfSys sys, Host host, PerfHost ph, Spec spec, List<PerfEvent> events,
                                     FdBudget budget, Map<PerfEvent, EventStatus> known) {
        ScopeCounters sc = new ScopeCounters(spec, events);
        try {
            sc.openAll(sys, host, ph, budget, known);
        } catch (RuntimeException | Error e) {
            sc.close();
            throw e;
        }
        return sc;
    }

    private void openAll(PerfSys sys, Host host, PerfHost ph, FdBudget budget, Map<PerfEvent, EventStatus> known) {
        List<List<PerfEvent>> groups = split(events);
        long attrFlags = ph.excludeKernel() ? PerfAbi.ATTR_EXCLUDE_KERNEL | PerfAbi.ATTR_EXCLUDE_HV : 0;
        switch (spec.kind()) {
            case SYSTEM -> {
                if (ph.cpus().isEmpty()) {
                    fail("no online CPUs found in " + PerfHost.CPUS_ONLINE);
                    return;
                }
                for (int cpu : ph.cpus()) {
                    openSlot(sys, groups, new CounterGroup.Target(-1, cpu, 0, "cpu " + cpu), Integer.toString(cpu),
                            Integer.toString(cpu), attrFlags, budget, known);
                }
            }
            case CGROUP -> {
                if (ph.cgroupRoot() == null) {
                    fail("no cgroup hierarchy to count on: " + ph.cgroupNote());
                    return;
                }
                String hostPath = ph.cgroupRoot() + (spec.id().equals("/") ? "" : spec.id());
                String local;
                try {
                    local = host.resolve(hostPath).toString();
                } catch (HostPathException e) {
                    fail("cgroup path refused: " + e.getMessage());
                    return;
                }
                // The directory fd is needed only while opening: the kernel keeps its own reference to the cgroup.
                int dirFd = sys.openReadOnly(local);
                if (dirFd < 0) {
                    EventStatus s = -dirFd == EventStatus.ENOENT
                            ? EventStatus.gone("cgroup " + spec.id() + " vanished (" + hostPath + " does not exist)")
                            : EventStatus.fromErrno(-dirFd, "", "open " + hostPath);
                    failAll(s);
                    return;
                }
                try {
                    for (int cpu : ph.cpus()) {
                        openSlot(sys, groups, new CounterGroup.Target(dirFd, cpu, PerfAbi.FLAG_PID_CGROUP,
                                "cgroup " + spec.id() + " cpu " + cpu), Integer.toString(cpu), Integer.toString(cpu),
                                attrFlags, budget, known);
                    }
                } finally {
                    sys.close(dirFd);
                }
            }
            case PID, SELF -> {
                List<String> tids = spec.kind() == Kind.SELF ? selfThreads() : host.list("/proc/" + spec.id() + "/task")
                        .stream().filter(t -> t.chars().allMatch(Character::isDigit)).toList();
                if (tids.isEmpty()) {
                    failAll(EventStatus.gone("no such process " + spec.id() + " (no /proc/" + spec.id() + "/task)"));
                    return;
                }
                for (String tid : tids) {
                    // inherit: children and threads started after the open are counted too
                    openSlot(sys, groups, new CounterGroup.Target(Integer.parseInt(tid), -1, 0, spec.label() + " tid " + tid),
                            tid, "all", attrFlags | PerfAbi.ATTR_INHERIT, budget, known);
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    /** This process's threads, from the real /proc (the caller's pid namespace is the one perf_event_open uses). */
    private static List<String> selfThreads() {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path p : ds) {
                out.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            out.add(Long.toString(ProcessHandle.current().pid()));
        }
        return out;
    }

    private void openSlot(PerfSys sys, List<List<PerfEvent>> groups, CounterGroup.Target target, String key, String cpu,
                          long attrFlags, FdBudget budget, Map<PerfEvent, EventStatus> known) {
        List<CounterGroup> gs = new ArrayList<>();
        for (List<PerfEvent> g : groups) {
            CounterGroup cg = CounterGroup.open(sys, g, target, attrFlags, budget, known);
            for (Map.Entry<PerfEvent, EventStatus> e : cg.statuses().entrySet()) {
                EventStatus s = e.getValue();
                if (s.eventLevel()) {
                    known.putIfAbsent(e.getKey(), s);
                }
                // An event's status in the scope: supported if it counts anywhere, else the first failure.
                status.merge(e.getKey(), s, (old, neu) -> old.ok() ? old : neu.ok() ? neu : old);
            }
            if (cg.counting()) {
                openedAny = true;
                gs.add(cg);
            } else {
                cg.close();
            }
        }
        slots.add(new Slot(key, cpu, gs));
    }

    private static List<List<PerfEvent>> split(List<PerfEvent> events) {
        List<List<PerfEvent>> out = new ArrayList<>();
        List<PerfEvent> kernel = events.stream().filter(e -> !e.onCpuPmu()).toList();
        if (!kernel.isEmpty()) {
            out.add(kernel);
        }
        List<PerfEvent> pmu = events.stream().filter(PerfEvent::onCpuPmu).toList();
        for (int i = 0; i < pmu.size(); i += HW_GROUP_SIZE) {
            out.add(pmu.subList(i, Math.min(pmu.size(), i + HW_GROUP_SIZE)));
        }
        return out;
    }

    private void fail(String why) {
        problem = why;
        for (PerfEvent e : events) {
            status.put(e, EventStatus.notSupported(why));
        }
    }

    private void failAll(EventStatus s) {
        problem = s.reason();
        for (PerfEvent e : events) {
            status.put(e, s);
        }
    }

    public Spec spec() {
        return spec;
    }

    public List<PerfEvent> events() {
        return events;
    }

    /** Each requested event's status in this scope. */
    public Map<PerfEvent, EventStatus> statuses() {
        return status;
    }

    /** Why the whole scope could not be opened, or null. */
    public String problem() {
        return problem;
    }

    public int fdCount() {
        return slots.stream().mapToInt(s -> s.groups().stream().mapToInt(CounterGroup::fdCount).sum()).sum();
    }

    /** Whether any event opened on any target (stays true after {@link #close()}, for reports). */
    public boolean counting() {
        return openedAny;
    }

    public void enable() {
        slots.forEach(s -> s.groups().forEach(CounterGroup::enable));
    }

    public void disable() {
        slots.forEach(s -> s.groups().forEach(CounterGroup::disable));
    }

    /**
     * Reads every group. Per CPU for system and cgroup scopes; summed over threads (cpu "all") for
     * pid/self scopes. A group whose read fails is left out and noted in {@link Reading#problems()}.
     */
    public Reading read() {
        Map<String, Map<PerfEvent, CounterGroup.Count>> perCpu = new TreeMap<>(ScopeCounters::cpuOrder);
        List<String> problems = new ArrayList<>();
        for (Slot s : slots) {
            Map<PerfEvent, CounterGroup.Count> m = perCpu.computeIfAbsent(s.cpu(), k -> new LinkedHashMap<>());
            for (CounterGroup g : s.groups()) {
                try {
                    for (CounterGroup.Count c : g.read()) {
                        m.merge(c.event(), c, (a, b) -> new CounterGroup.Count(a.event(), a.raw() + b.raw(),
                                a.scaled() + b.scaled(), a.enabledNs() + b.enabledNs(), a.runningNs() + b.runningNs()));
                    }
                } catch (CounterGroup.PerfReadException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        return new Reading(spec, perCpu, problems);
    }

    private static int cpuOrder(String a, String b) {
        boolean na = a.chars().allMatch(Character::isDigit);
        boolean nb = b.chars().allMatch(Character::isDigit);
        if (na && nb) {
            return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
        }
        return na == nb ? a.compareTo(b) : na ? -1 : 1;
    }

    /** One read of a scope: counts per CPU ("0", "1", or "all"). */
    public record Reading(Spec spec, Map<String, Map<PerfEvent, CounterGroup.Count>> perCpu, List<String> problems) {

        /** The scaled total of an event over all CPUs, or null when it was not counted anywhere. */
        public Long total(PerfEvent e) {
            long sum = 0;
            boolean any = false;
            for (Map<PerfEvent, CounterGroup.Count> m : perCpu.values()) {
                CounterGroup.Count c = m.get(e);
                if (c != null) {
                    sum += c.scaled();
                    any = true;
                }
            }
            return any ? sum : null;
        }

        /** The total of the first event with this name, or null. */
        public Long total(String name) {
            for (Map<PerfEvent, CounterGroup.Count> m : perCpu.values()) {
                for (PerfEvent e : m.keySet()) {
                    if (e.name().equals(name)) {
                        return total(e);
                    }
                }
            }
            return null;
        }
    }

    @Override
    public void close() {
        for (Slot s : slots) {
            for (CounterGroup g : s.groups()) {
                g.close();
            }
        }
        slots.clear();
    }
}
