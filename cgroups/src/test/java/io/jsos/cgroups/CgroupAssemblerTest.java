package io.jsos.cgroups;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Raw file texts to the model: units, precedence between v1 and v2, derived values. */
class CgroupAssemblerTest {

    private final List<String> problems = new ArrayList<>();

    private Cgroup assemble(String path, RawCgroup raw) {
        return CgroupAssembler.assemble(path, List.of("x"), raw, KubeNames.EMPTY, problems::add);
    }

    @Test
    void v1CpuacctTicksBecomeNanoseconds() {
        Cgroup c = assemble("/a", new RawCgroup().put(1, "cpuacct.stat", "user 151\nsystem 7\n").put(1, "cpuacct.usage", "1595385580\n"));
        assertThat(c.cpu().userNs()).isEqualTo(1_510_000_000L);
        assertThat(c.cpu().systemNs()).isEqualTo(70_000_000L);
        assertThat(c.cpu().usageNs()).isEqualTo(1_595_385_580L);
    }

    @Test
    void v1UsageUserAndSysBeatTicks() {
        Cgroup c = assemble("/a", new RawCgroup().put(1, "cpuacct.stat", "user 151\nsystem 7\n")
                .put(1, "cpuacct.usage_user", "1500000001\n").put(1, "cpuacct.usage_sys", "70000001\n"));
        assertThat(c.cpu().userNs()).isEqualTo(1_500_000_001L);
        assertThat(c.cpu().systemNs()).isEqualTo(70_000_001L);
    }

    @Test
    void v1ThrottlingBeatsTheUnifiedCpuStat() {
        Cgroup c = assemble("/a", new RawCgroup()
                .put(1, "cpu.stat", "nr_periods 33\nnr_throttled 31\nthrottled_time 811796016\n")
                .put(2, "cpu.stat", "usage_usec 5\nuser_usec 3\nsystem_usec 2\n"));
        assertThat(c.cpu().periods()).isEqualTo(33);
        assertThat(c.cpu().throttledNs()).isEqualTo(811_796_016L);
        assertThat(c.cpu().usageNs()).as("no cpuacct: the unified usage fills in").isEqualTo(5000);
    }

    @Test
    void workingSetNeverNegative() {
        assertThat(CgroupAssembler.workingSet(100L, 150L)).isZero();
        assertThat(CgroupAssembler.workingSet(100L, null)).isEqualTo(100);
        assertThat(CgroupAssembler.workingSet(null, 5L)).isNull();
    }

    @Test
    void v1StatWithoutTotalsUsesLocalCounters() {
        Cgroup c = assemble("/a", new RawCgroup().put(1, "memory.usage_in_bytes", "1000\n")
                .put(1, "memory.stat", "cache 300\nrss 600\ninactive_file 100\nswap 7\n"));
        assertThat(c.memory().rss()).isEqualTo(600);
        assertThat(c.memory().cache()).isEqualTo(300);
        assertThat(c.memory().swap()).isEqualTo(7);
        assertThat(c.memory().workingSet()).isEqualTo(900);
    }

    @Test
    void sharesFromWeightAsKep2254() {
        Cgroup c = assemble("/a", new RawCgroup().put(2, "cpu.weight", "100\n"));
        assertThat(c.cpu().sharesEquivalent()).isEqualTo(2 + (99L * 262_142) / 9_999);
        assertThat(assemble("/b", new RawCgroup().put(2, "cpu.weight", "10000\n")).cpu().sharesEquivalent()).isEqualTo(262_144);
        assertThat(assemble("/c", new RawCgroup().put(2, "cpu.weight", "0\n")).cpu().sharesEquivalent()).isNull();
    }

    @Test
    void countsIgnoreBlankLinesAndPreferV2() {
        Cgroup c = assemble("/a", new RawCgroup().put(1, "cgroup.procs", "1\n2\n3\n").put(2, "cgroup.procs", "\n7\n  \n8\n")
                .put(1, "tasks", "1\n2\n3\n4\n"));
        assertThat(c.processes()).isEqualTo(2);
        assertThat(c.threads()).as("no cgroup.threads: v1 tasks").isEqualTo(4);
        assertThat(assemble("/b", new RawCgroup().put(2, "cgroup.procs", "")).processes()).isZero();
    }

    @Test
    void nothingKnownGivesNulls() {
        Cgroup c = assemble("/a", new RawCgroup());
        assertThat(c.cpu()).isNull();
        assertThat(c.memory()).isNull();
        assertThat(c.pids()).isNull();
        assertThat(c.io()).isNull();
        assertThat(c.cpuset()).isNull();
        assertThat(c.pressure()).isNull();
        assertThat(c.state()).isNull();
        assertThat(c.processes()).isNull();
        assertThat(problems).isEmpty();
    }

    @Test
    void v2PidsEventsAndCpuset() {
        Cgroup c = assemble("/a", new RawCgroup().put(2, "pids.current", "3\n").put(2, "pids.max", "64\n")
                .put(2, "pids.peak", "64\n").put(2, "pids.events", "max 2\n")
                .put(2, "cpuset.cpus", "\n").put(2, "cpuset.cpus.effective", "0-3\n").put(2, "cpuset.mems.effective", "0\n"));
        assertThat(c.pids()).isEqualTo(new PidsStats(3L, Limit.of(64), 64L, 2L));
        assertThat(c.cpuset()).isEqualTo(new CpusetInfo("", null, "0-3", "0"));
    }

    @Test
    void badPercpuIsAProblem() {
        Cgroup c = assemble("/a", new RawCgroup().put(1, "cpuacct.usage_percpu", "1 2 x\n").put(1, "cpuacct.usage", "3\n"));
        assertThat(c.cpu().perCpuNs()).isNull();
        assertThat(problems).singleElement().asString().contains("cpuacct.usage_percpu");
    }
}
