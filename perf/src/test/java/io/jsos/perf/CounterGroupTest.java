package io.jsos.perf;

import io.jsos.api.Host;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Groups, scopes and the exporter's holder against a fake kernel: statuses, fd budget, no leaks. */
class CounterGroupTest {

    @TempDir
    Path tmp;

    static List<PerfEvent> events(String... names) {
        return java.util.Arrays.stream(names).map(n -> EventCatalog.named(n).orElseThrow()).toList();
    }

    static final CounterGroup.Target CPU0 = new CounterGroup.Target(-1, 0, 0, "cpu 0");

    @Test
    void failedEventsAreReportedAndTheRestCount() {
        FakePerfSys sys = new FakePerfSys();
        sys.fail("cycles", EventStatus.ENOENT);
        FdBudget budget = new FdBudget(10);
        try (CounterGroup g = CounterGroup.open(sys, events("cycles", "task-clock", "cs"), CPU0, 0, budget, Map.of())) {
            assertThat(g.statuses().get(EventCatalog.named("cycles").orElseThrow()).state()).isEqualTo(EventStatus.State.NOT_SUPPORTED);
            assertThat(g.openedEvents()).extracting(PerfEvent::name).containsExactly("task-clock", "context-switches");
            assertThat(g.enable()).isZero();
            List<CounterGroup.Count> c = g.read();
            assertThat(c).hasSize(2);
            assertThat(c.get(0).raw()).isEqualTo(1000);
            assertThat(c.get(0).scaled()).isEqualTo(2000); // running half the time
            assertThat(c.get(0).scalingRatio()).isEqualTo(0.5);
            assertThat(budget.used()).isEqualTo(2);
        }
        assertThat(sys.openFds).isEmpty();
        assertThat(budget.used()).isZero();
    }

    @Test
    void emfileMidGroupKeepsWhatOpenedAndLeaksNothing() {
        FakePerfSys sys = new FakePerfSys();
        sys.emfileAfter = 2;
        FdBudget budget = new FdBudget(10);
        CounterGroup g = CounterGroup.open(sys, events("task-clock", "cs", "page-faults"), CPU0, 0, budget, Map.of());
        EventStatus s = g.statuses().get(EventCatalog.named("page-faults").orElseThrow());
        assertThat(s.state()).isEqualTo(EventStatus.State.TOO_MANY_FILES);
        assertThat(s.reason()).contains("EMFILE");
        assertThat(g.read()).hasSize(2);
        g.close();
        g.close(); // twice is fine
        assertThat(sys.openFds).isEmpty();
        assertThat(budget.used()).isZero();
    }

    @Test
    void fdBudgetStopsOpening() {
        FakePerfSys sys = new FakePerfSys();
        FdBudget budget = new FdBudget(1);
        try (CounterGroup g = CounterGroup.open(sys, events("task-clock", "cs"), CPU0, 0, budget, Map.of())) {
            assertThat(g.statuses().get(EventCatalog.named("cs").orElseThrow()).reason()).contains("fd budget (1)");
        }
        assertThat(sys.openFds).isEmpty();
    }

    @Test
    void eaccesAndEinvalAreClear() {
        FakePerfSys sys = new FakePerfSys();
        sys.fail("task-clock", EventStatus.EACCES);
        sys.fail("cs", EventStatus.EINVAL);
        try (CounterGroup g = CounterGroup.open(sys, events("task-clock", "cs"), CPU0, 0, new FdBudget(9), Map.of())) {
            assertThat(g.counting()).isFalse();
            assertThat(g.read()).isEmpty();
            assertThat(g.statuses().values()).extracting(EventStatus::state)
                    .containsExactly(EventStatus.State.NOT_PERMITTED, EventStatus.State.INVALID);
        }
    }

    @Test
    void vanishedPidIsGoneForEveryEvent() {
        FakePerfSys sys = new FakePerfSys();
        try (CounterGroup g = CounterGroup.open(sys, events("task-clock", "cs"), new CounterGroup.Target(4_000_001, -1, 0, "pid"),
                0, new FdBudget(9), Map.of())) {
            assertThat(g.statuses().values()).allMatch(s -> s.state() == EventStatus.State.GONE);
            assertThat(sys.opens).isZero();
        }
    }

    @Test
    void readFailureIsAnExceptionNotAZero() {
        FakePerfSys sys = new FakePerfSys();
        CounterGroup g = CounterGroup.open(sys, events("task-clock"), CPU0, 0, new FdBudget(9), Map.of());
        sys.openFds.clear(); // the fd went bad under us
        org.assertj.core.api.Assertions.assertThatThrownBy(g::read).isInstanceOf(CounterGroup.PerfReadException.class);
    }

    @Test
    void scopesSplitKernelAndPmuEventsAndSkipKnownFailures() {
        FakePerfSys sys = new FakePerfSys();
        sys.fail("cycles", EventStatus.ENOENT);
        Host host = PerfHostTest.node(tmp, "2", "000001fffeffffff", "0").build();
        PerfHost ph = PerfHost.read(host);
        Map<PerfEvent, EventStatus> known = new HashMap<>();
        List<PerfEvent> ev = events("task-clock", "cs", "cycles", "instructions", "branches", "branch-misses", "cache-misses");
        try (ScopeCounters sc = ScopeCounters.open(sys, host, ph, ScopeCounters.Spec.system(), ev, new FdBudget(100), known)) {
            // 2 CPUs: kernel group (2) + pmu group 1 (3 of 4 open) + pmu group 2 (1) per CPU
            assertThat(sc.fdCount()).isEqualTo(2 * (2 + 3 + 1));
            assertThat(known).containsOnlyKeys(EventCatalog.named("cycles").orElseThrow());
            // ENOENT on cpu 0 means cycles was not even tried on cpu 1
            assertThat(sys.opens).isEqualTo(12);
            ScopeCounters.Reading r = sc.read();
            assertThat(r.perCpu()).containsOnlyKeys("0", "1");
            assertThat(r.total("task-clock")).isEqualTo(2 * 2000);
            assertThat(r.total("cycles")).isNull();
        }
        assertThat(sys.openFds).isEmpty();
    }

    @Test
    void cgroupScopeNeedsCpuAndClosesTheDirFd() throws Exception {
        FakePerfSys sys = new FakePerfSys();
        Host host = PerfHostTest.node(tmp, "2", "000001fffeffffff", "0").build();
        PerfHost ph = PerfHost.read(host);
        try (ScopeCounters sc = ScopeCounters.open(sys, host, ph, ScopeCounters.Spec.cgroup("/b"), events("task-clock"),
                new FdBudget(100), new HashMap<>())) {
            assertThat(sc.fdCount()).isEqualTo(2);
            assertThat(sys.openFds).hasSize(2); // the cgroup dir fd is closed already
        }
        try (ScopeCounters gone = ScopeCounters.open(sys, host, ph, ScopeCounters.Spec.cgroup("/vanished"), events("task-clock"),
                new FdBudget(100), new HashMap<>())) {
            assertThat(gone.problem()).contains("vanished");
            assertThat(gone.statuses().values()).allMatch(s -> s.state() == EventStatus.State.GONE);
        }
        assertThat(sys.openFds).isEmpty();
    }

    @Test
    void holderOpensNewCgroupsAndClosesVanishedOnes() throws Exception {
        FakePerfSys sys = new FakePerfSys();
        Host host = PerfHostTest.node(tmp, "2", "000001fffeffffff", "0").build();
        PerfHost ph = PerfHost.read(host);
        List<String> names = List.of("task-clock", "cs", "nonsense");
        try (PerfCounters pc = new PerfCounters(sys, 100)) {
            PerfCounters.Snapshot s1 = pc.scrape(host, ph, names, true, Set.of("/a", "/b"));
            assertThat(s1.cgroups()).containsOnlyKeys("/a", "/b");
            assertThat(s1.unknownEvents()).singleElement().asString().startsWith("nonsense");
            assertThat(pc.fdCount()).isEqualTo(3 * 2 * 2);
            java.nio.file.Files.walk(tmp.resolve("sys/fs/cgroup/unified/b")).sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
            PerfCounters.Snapshot s2 = pc.scrape(host, ph, names, true, Set.of("/a", "/b", "/c"));
            assertThat(s2.cgroups()).containsOnlyKeys("/a", "/c");
            assertThat(s2.problems()).anySatisfy(p -> assertThat(p).contains("/b"));
            assertThat(s2.unknownEvents()).hasSize(1);
            assertThat(pc.fdCount()).isEqualTo(3 * 2 * 2);
            assertThat(pc.openCloseCounts()).containsExactly(4, 1);
            PerfCounters.Snapshot s3 = pc.scrape(host, ph, names, false, Set.of());
            assertThat(s3.system()).isNull();
            assertThat(pc.fdCount()).isZero();
        }
        assertThat(sys.openFds).isEmpty();
    }

    @Test
    void holderBoundsFds() {
        FakePerfSys sys = new FakePerfSys();
        Host host = PerfHostTest.node(tmp, "2", "000001fffeffffff", "0").build();
        PerfHost ph = PerfHost.read(host);
        try (PerfCounters pc = new PerfCounters(sys, 8)) {
            PerfCounters.Snapshot s = pc.scrape(host, ph, List.of("task-clock", "cs"), true, new java.util.LinkedHashSet<>(List.of("/a", "/b")));
            assertThat(s.openFds()).isLessThanOrEqualTo(8);
            assertThat(s.cgroups()).containsOnlyKeys("/a");
            assertThat(s.problems()).anySatisfy(p -> assertThat(p).contains("fd budget"));
        }
        assertThat(sys.openFds).isEmpty();
    }

    @Test
    void derivedRatios() {
        Map<String, Long> t = new LinkedHashMap<>();
        t.put("cycles", 1000L);
        t.put("instructions", 2500L);
        t.put("cache-references", 100L);
        t.put("cache-misses", 5L);
        t.put("context-switches", 300L);
        t.put("task-clock", 1_500_000_000L);
        PerfReport.Derived d = PerfReport.derive(t, 1.5);
        assertThat(d.ipc()).isEqualTo(2.5);
        assertThat(d.cacheMissRate()).isEqualTo(0.05);
        assertThat(d.contextSwitchesPerSecond()).isEqualTo(200.0);
        assertThat(d.cpusUtilized()).isEqualTo(1.0);
        assertThat(d.branchMissRate()).isNull();
    }
}
