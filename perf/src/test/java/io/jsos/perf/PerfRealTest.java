package io.jsos.perf;

import io.jsos.api.Host;
import io.jsos.engine.host.LocalHost;
import io.jsos.testkit.Real;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real perf events on this machine: a busy child the test starts, this process, the CPUs, and a
 * real cgroup v2 the test creates. Works with or without a hardware PMU (a VM has none).
 */
@Tag("real")
class PerfRealTest {

    static final String BUSY = "i=0; while [ $i -lt 3000000 ]; do i=$((i+1)); done";
    /** Spins until killed: for windows that start after some setup. */
    static final String SPIN = "while :; do :; done";
    static final Host HOST = new LocalHost(Path.of("/"));
    final List<Process> started = new ArrayList<>();

    @org.junit.jupiter.api.io.TempDir
    Path tmp;

    static PerfSys sys() {
        PerfSys s = LibcPerfSys.get();
        Real.require(s.unavailableReason() == null, "perf_event_open: " + s.unavailableReason());
        Real.require(Files.exists(Path.of(PerfHost.PARANOID)), "perf events (no " + PerfHost.PARANOID + ")");
        return s;
    }

    Process busy() throws IOException {
        Process p = new ProcessBuilder("sh", "-c", BUSY).redirectErrorStream(true).start();
        started.add(p);
        return p;
    }

    @AfterEach
    void killChildren() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    /** utime + stime of a process, nanoseconds (clock ticks are 1/100 s on Linux). */
    static long cpuNanos(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    }

    /**
     * The perf event descriptors this process holds. Only those: the JVM opens and closes other
     * descriptors on its own schedule (a jar for a class loaded late, a child's pipes), which made
     * a count of every descriptor flaky.
     */
    static int fdCount() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.filter(PerfRealTest::isPerfEvent).count();
        }
    }

    private static boolean isPerfEvent(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString().equals("anon_inode:[perf_event]");
        } catch (IOException e) {
            return false; // closed while listed
        }
    }

    @Test
    void taskClockOfABusyChildMatchesItsCpuTime() throws Exception {
        PerfSys sys = sys();
        Process p = busy();
        PerfHost ph = PerfHost.read(HOST);
        List<PerfEvent> ev = CounterGroupTest.events("task-clock", "context-switches", "cpu-migrations", "page-faults");
        try (ScopeCounters sc = ScopeCounters.open(sys, HOST, ph, ScopeCounters.Spec.pid(p.pid()), ev, new FdBudget(64), new HashMap<>())) {
            assertThat(sc.statuses().values()).allMatch(EventStatus::ok);
            sc.enable();
            long cpu0 = cpuNanos(p.pid());
            Thread.sleep(1000);
            ScopeCounters.Reading r = sc.read();
            long cpu1 = cpuNanos(p.pid());
            long taskClock = r.total("task-clock");
            long burned = cpu1 - cpu0;
            System.out.printf("busy child: task-clock %.3f s, /proc stat utime+stime %.3f s, cs %d, migrations %d%n",
                    taskClock / 1e9, burned / 1e9, r.total("context-switches"), r.total("cpu-migrations"));
            assertThat(taskClock).isPositive(); // how much CPU it got depends on the load of a shared machine
            assertThat((double) taskClock).isCloseTo((double) burned, org.assertj.core.data.Offset.offset(0.25 * burned + 60e6));
            assertThat(r.total("context-switches")).isNotNull().isGreaterThanOrEqualTo(0);
            assertThat(r.perCpu()).containsOnlyKeys("all");
        }
    }

    @Test
    void hardwareEventsHaveAClearStatusNeverSilentSuccess() {
        PerfSys sys = sys();
        List<PerfEvent> ev = CounterGroupTest.events("cycles", "instructions", "cache-misses", "LLC-load-misses");
        try (CounterGroup g = CounterGroup.open(sys, ev, new CounterGroup.Target(0, -1, 0, "self"), 0, new FdBudget(16), Map.of())) {
            g.enable();
            for (long x = 0, i = 0; i < 5_000_000; i++) {
                x += i;
            }
            List<CounterGroup.Count> counts = g.read();
            for (PerfEvent e : ev) {
                EventStatus s = g.statuses().get(e);
                System.out.println(e.name() + ": " + s);
                assertThat(s.state()).isIn(EventStatus.State.SUPPORTED, EventStatus.State.NOT_SUPPORTED);
                if (s.ok()) {
                    assertThat(counts).anySatisfy(c -> assertThat(c.event()).isEqualTo(e));
                } else {
                    assertThat(s.errno()).isIn(EventStatus.ENOENT, EventStatus.EOPNOTSUPP, EventStatus.ENODEV);
                    assertThat(s.reason()).isNotBlank();
                    assertThat(counts).noneSatisfy(c -> assertThat(c.event()).isEqualTo(e));
                }
            }
        }
    }

    @Test
    void systemWideSoftwareCountsPerCpu() throws Exception {
        Real.requireRoot();
        PerfSys sys = sys();
        busy();
        PerfHost ph = PerfHost.read(HOST);
        assertThat(ph.privileged()).isTrue();
        List<PerfEvent> ev = CounterGroupTest.events("task-clock", "context-switches", "cpu-migrations", "page-faults", "cycles");
        try (ScopeCounters sc = ScopeCounters.open(sys, HOST, ph, ScopeCounters.Spec.system(), ev, new FdBudget(64), new HashMap<>())) {
            sc.enable();
            Thread.sleep(500);
            sc.disable();
            ScopeCounters.Reading r = sc.read();
            assertThat(r.perCpu().keySet()).hasSize(ph.cpus().size());
            r.perCpu().forEach((cpu, counts) -> {
                CounterGroup.Count tc = counts.get(ev.get(0));
                System.out.println("cpu " + cpu + ": task-clock " + tc.scaled() / 1e6 + " ms, cs " + counts.get(ev.get(1)).scaled());
                assertThat(tc.scaled()).isBetween(100_000_000L, 800_000_000L);
                assertThat(counts.get(ev.get(1)).scaled()).isPositive();
            });
            assertThat(sc.statuses().get(ev.get(4)).state()).isIn(EventStatus.State.SUPPORTED, EventStatus.State.NOT_SUPPORTED);
        }
    }

    /** A real v2 cgroup with a busy process in it; removed (after its process is killed) in finally. */
    static final class TestCgroup implements AutoCloseable {
        final String mount;
        final String rel;
        final Path dir;
        Process proc;

        TestCgroup() throws IOException {
            String mp = PerfHost.findCgroupMount(Files.readAllLines(Path.of("/proc/self/mountinfo")), true);
            Real.require(mp != null, "a cgroup2 mount");
            mount = mp;
            rel = "/jsos-perf-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
            dir = Path.of(mp + rel);
            Files.createDirectory(dir);
        }

        void startBusy() throws IOException, InterruptedException {
            proc = new ProcessBuilder("sh", "-c", SPIN).start(); // spins until killed in close()
            Files.writeString(dir.resolve("cgroup.procs"), Long.toString(proc.pid()));
        }

        @Override
        public void close() throws IOException {
            try {
                if (proc != null) {
                    proc.destroyForcibly();
                    proc.waitFor();
                }
                for (int i = 0; i < 50 && Files.exists(dir); i++) {
                    try {
                        Files.delete(dir);
                    } catch (IOException e) {
                        Thread.sleep(20); // still populated for a moment after the kill
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void perCgroupCountingOfARealV2Cgroup() throws Exception {
        Real.requireRoot();
        PerfSys sys = sys();
        PerfHost ph = PerfHost.read(HOST);
        Real.require(ph.cgroupRoot() != null, "a cgroup hierarchy perf can count: " + ph.cgroupNote());
        try (TestCgroup cg = new TestCgroup()) {
            assertThat(ph.cgroupRoot()).isEqualTo(cg.mount);
            cg.startBusy();
            List<PerfEvent> ev = CounterGroupTest.events("task-clock", "context-switches", "cycles");
            try (ScopeCounters sc = ScopeCounters.open(sys, HOST, ph, ScopeCounters.Spec.cgroup(cg.rel), ev, new FdBudget(64), new HashMap<>());
                 ScopeCounters idle = ScopeCounters.open(sys, HOST, ph, ScopeCounters.Spec.cgroup(cg.rel), ev, new FdBudget(64), new HashMap<>())) {
                assertThat(sc.statuses().get(ev.get(0))).matches(EventStatus::ok, "task-clock counts");
                long cpu0 = cpuNanos(cg.proc.pid());
                sc.enable();
                Thread.sleep(800);
                sc.disable();
                long burned = cpuNanos(cg.proc.pid()) - cpu0;
                ScopeCounters.Reading r = sc.read();
                System.out.println("cgroup " + cg.rel + ": task-clock " + r.total("task-clock") / 1e6 + " ms, cs " + r.total("context-switches")
                        + ", cycles " + sc.statuses().get(ev.get(2)));
                assertThat(r.perCpu().keySet()).hasSize(ph.cpus().size());
                // The machine may be shared: compare with the CPU time the process really got, not the wall time.
                System.out.printf("cgroup task-clock %.3f s, its process's utime+stime %.3f s%n", r.total("task-clock") / 1e9, burned / 1e9);
                assertThat(r.total("task-clock")).isPositive(); // how much CPU it got depends on the load of a shared machine
                assertThat((double) r.total("task-clock")).isCloseTo((double) burned, org.assertj.core.data.Offset.offset(0.25 * burned + 60e6));
                // never enabled: opened but counted nothing
                assertThat(idle.read().total("task-clock")).isZero();
            }
        }
    }

    @Test
    void exporterClosesTheCountersOfAVanishedCgroup() throws Exception {
        Real.requireRoot();
        PerfSys sys = sys();
        PerfHost ph = PerfHost.read(HOST);
        Real.require(ph.cgroupRoot() != null, "a cgroup hierarchy perf can count: " + ph.cgroupNote());
        int before = fdCount();
        try (PerfCounters pc = new PerfCounters(sys, 256)) {
            try (TestCgroup cg = new TestCgroup()) {
                cg.startBusy();
                PerfCounters.Snapshot s1 = pc.scrape(HOST, ph, List.of("task-clock", "context-switches"), true, Set.of(cg.rel));
                assertThat(s1.cgroups()).containsKey(cg.rel);
                Thread.sleep(300);
                PerfCounters.Snapshot s2 = pc.scrape(HOST, ph, List.of("task-clock", "context-switches"), true, Set.of(cg.rel));
                assertThat(s2.cgroups().get(cg.rel).total("task-clock")).isPositive();
                assertThat(s2.system().total("task-clock")).isGreaterThan(s1.system().total("task-clock"));
            } // killed and removed
            PerfCounters.Snapshot s3 = pc.scrape(HOST, ph, List.of("task-clock", "context-switches"), true, Set.of());
            assertThat(s3.cgroups()).isEmpty();
            assertThat(pc.openCgroups()).isEmpty();
            assertThat(pc.fdCount()).isEqualTo(2 * ph.cpus().size());
        }
        assertThat(fdCount()).isEqualTo(before);
    }

    @Test
    void groupIoctlsEnableDisableReset() throws Exception {
        PerfSys sys = sys();
        List<PerfEvent> ev = CounterGroupTest.events("task-clock", "page-faults");
        try (CounterGroup g = CounterGroup.open(sys, ev, new CounterGroup.Target(0, -1, 0, "self"), 0, new FdBudget(8), Map.of())) {
            assertThat(g.read().get(0).raw()).as("created disabled").isZero();
            assertThat(g.enable()).isZero();
            burn();
            long running = g.read().get(0).raw();
            assertThat(running).isPositive();
            assertThat(g.disable()).isZero();
            long stopped = g.read().get(0).raw();
            burn();
            assertThat(g.read().get(0).raw()).as("disabled: no more counting").isEqualTo(stopped);
            assertThat(g.reset()).isZero();
            assertThat(g.read()).allSatisfy(c -> assertThat(c.raw()).isZero());
        }
    }

    private static void burn() {
        long x = 0;
        for (int i = 0; i < 20_000_000; i++) {
            x += i ^ (x >>> 3);
        }
        if (x == 42) {
            System.out.println(x);
        }
    }

    @Test
    void thousandOpenReadCloseCyclesLeakNoFd() throws Exception {
        PerfSys sys = sys();
        List<PerfEvent> ev = CounterGroupTest.events("task-clock", "context-switches", "cycles");
        FdBudget budget = new FdBudget(16);
        Map<PerfEvent, EventStatus> known = new HashMap<>();
        // warm up class loading and JNA (they open jars and libraries once)
        try (CounterGroup g = CounterGroup.open(sys, ev, new CounterGroup.Target(0, -1, 0, "self"), 0, budget, known)) {
            g.read();
        }
        int before = fdCount();
        for (int i = 0; i < 1000; i++) {
            try (CounterGroup g = CounterGroup.open(sys, ev, new CounterGroup.Target(0, -1, 0, "self"), 0, budget, Map.of())) {
                g.enable();
                assertThat(g.read()).isNotEmpty();
                g.disable();
            }
        }
        assertThat(fdCount()).isEqualTo(before);
        assertThat(budget.used()).isZero();
        if (Real.isRoot()) {
            PerfHost ph = PerfHost.read(HOST);
            for (int i = 0; i < 50; i++) {
                try (ScopeCounters sc = ScopeCounters.open(sys, HOST, ph, ScopeCounters.Spec.system(), ev, budget, known)) {
                    sc.enable();
                    sc.read();
                }
            }
            assertThat(fdCount()).isEqualTo(before);
        }
    }

    @Test
    void badInputFromTheRealKernel() throws Exception {
        PerfSys sys = sys();
        // ESRCH: a process that has exited and been reaped
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Thread.sleep(50);
        List<PerfEvent> ev = CounterGroupTest.events("task-clock", "context-switches");
        try (CounterGroup g = CounterGroup.open(sys, ev, new CounterGroup.Target((int) gone.pid(), -1, 0, "pid " + gone.pid()), 0,
                new FdBudget(8), Map.of())) {
            assertThat(g.statuses().values()).allSatisfy(s -> {
                assertThat(s.state()).isEqualTo(EventStatus.State.GONE);
                assertThat(s.errno()).isEqualTo(EventStatus.ESRCH);
            });
        }
        try (ScopeCounters sc = ScopeCounters.open(sys, HOST, PerfHost.read(HOST), ScopeCounters.Spec.pid(gone.pid()), ev,
                new FdBudget(8), new HashMap<>())) {
            assertThat(sc.problem()).contains("no such process");
        }
        // EINVAL: reserved attr bits set; a cgroup event without a cpu
        byte[] bad = PerfAbi.encodeAttr(PerfAbi.TYPE_SOFTWARE, PerfAbi.SW_TASK_CLOCK, 0, 0, 1L << 63);
        int r = sys.perfEventOpen(bad, 0, -1, -1, 0);
        assertThat(r).isEqualTo(-EventStatus.EINVAL);
        assertThat(EventStatus.fromErrno(-r, "software", "").state()).isEqualTo(EventStatus.State.INVALID);
        byte[] ok = PerfAbi.encodeAttr(PerfAbi.TYPE_SOFTWARE, PerfAbi.SW_TASK_CLOCK, 0, 0, 0);
        int dir = sys.openReadOnly("/");
        try {
            assertThat(sys.perfEventOpen(ok, dir, -1, -1, PerfAbi.FLAG_PID_CGROUP)).isNegative();
        } finally {
            sys.close(dir);
        }
        // ENOENT: a software event id beyond the kernel's list
        int r2 = sys.perfEventOpen(PerfAbi.encodeAttr(PerfAbi.TYPE_SOFTWARE, 999, 0, 0, 0), 0, -1, -1, 0);
        assertThat(r2).isNegative();
        System.out.println("software config 999: " + EventStatus.fromErrno(-r2, "software", ""));
        // EBADF on close of a closed fd is reported, not thrown
        assertThat(sys.close(1_000_000)).isEqualTo(-EventStatus.EBADF);
    }

    @Test
    void tracepointThroughATemporaryTracefsMount() throws Exception {
        Real.requireRoot();
        PerfSys sys = sys();
        Path mnt = Files.createTempDirectory("jsos-tracefs");
        Process m = new ProcessBuilder("mount", "-t", "tracefs", "nodev", mnt.toString()).inheritIO().start();
        Real.require(m.waitFor() == 0, "mounting tracefs");
        try {
            Host fixture = io.jsos.testkit.FixtureHost.in(tmp)
                    .file("/sys/kernel/tracing/events/sched/sched_switch/id",
                            Files.readString(mnt.resolve("events/sched/sched_switch/id"))).build();
            EventCatalog.Resolved tp = EventCatalog.resolve(fixture, "sched:sched_switch");
            assertThat(tp.ok()).isTrue();
            try (CounterGroup g = CounterGroup.open(sys, List.of(tp.event(), EventCatalog.named("cs").orElseThrow()),
                    new CounterGroup.Target(-1, 0, 0, "cpu 0"), 0, new FdBudget(8), Map.of())) {
                assertThat(g.statuses().values()).allMatch(EventStatus::ok);
                g.enable();
                Thread.sleep(300);
                List<CounterGroup.Count> c = g.read();
                System.out.println("sched:sched_switch on cpu 0: " + c.get(0).scaled() + ", context-switches " + c.get(1).scaled());
                assertThat(c.get(0).scaled()).isPositive();
            }
        } finally {
            new ProcessBuilder("umount", mnt.toString()).inheritIO().start().waitFor();
            Files.deleteIfExists(mnt);
        }
    }
}
