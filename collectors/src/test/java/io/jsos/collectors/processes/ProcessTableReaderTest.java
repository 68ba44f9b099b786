package io.jsos.collectors.processes;

import io.jsos.api.Host;
import io.jsos.testkit.FixtureHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The read layer on its own, against small fixture hosts. */
class ProcessTableReaderTest {

    @TempDir
    Path tmp;

    private static ProcessTable read(Host host) {
        return new ProcessTableReader(host, ProcessTableReader.Settings.full(100_000, true), () -> false).read();
    }

    @Test
    void ignoresNonNumericProcEntriesAndSortsPidsNumerically() {
        Host host = FixtureHost.in(tmp)
                .file("/proc/100/task/100/stat", StatLines.sleeping(100, "c", 1))
                .file("/proc/9/task/9/stat", StatLines.sleeping(9, "a", 1))
                .file("/proc/10/task/10/stat", StatLines.sleeping(10, "b", 1))
                .file("/proc/10/task/11/stat", StatLines.sleeping(11, "b2", 1))
                .file("/proc/meminfo", "MemTotal: 1 kB\n")
                .dir("/proc/sys/kernel")
                .symlink("/proc/self", "10")
                .dir("/proc/1x")
                .build();
        ProcessTable t = read(host);
        assertThat(t.threads()).extracting(ThreadInfo::tid).containsExactly(9, 10, 11, 100);
        assertThat(t.processCount()).isEqualTo(3);
        assertThat(t.threads()).filteredOn(ThreadInfo::isMainThread).extracting(ThreadInfo::pid).containsExactly(9, 10, 100);
    }

    @Test
    void ordersDThenRThenPidAndTid() {
        Host host = FixtureHost.in(tmp)
                .file("/proc/1/task/1/stat", StatLines.line(1, "one", "S", 0, 0, 0, 0, 1, 0, 0))
                .file("/proc/5/task/5/stat", StatLines.line(5, "five", "R", 1, 0, 0, 0, 1, 0, 0))
                .file("/proc/5/task/7/stat", StatLines.line(7, "five-b", "D", 1, 0, 0, 0, 1, 0, 0))
                .file("/proc/3/task/3/stat", StatLines.line(3, "three", "D", 1, 0, 0, 0, 1, 0, 0))
                .file("/proc/2/task/2/stat", StatLines.line(2, "two", "Z", 1, 0, 0, 0, 1, 0, 0))
                .build();
        assertThat(read(host).threads()).extracting(ThreadInfo::tid).containsExactly(3, 7, 5, 1, 2);
    }

    @Test
    void aProcessWithoutTaskDirectoryIsReadFromItsOwnStat() {
        Host host = FixtureHost.in(tmp).file("/proc/42/stat", StatLines.sleeping(42, "old", 1)).build();
        ProcessTable t = read(host);
        assertThat(t.threads()).singleElement().satisfies(th -> {
            assertThat(th.pid()).isEqualTo(42);
            assertThat(th.tid()).isEqualTo(42);
            assertThat(th.comm()).isEqualTo("old");
        });
        assertThat(t.vanished()).isZero();
    }

    @Test
    void aProcDirWithNothingInItVanished() {
        Host host = FixtureHost.in(tmp)
                .dir("/proc/43")
                .file("/proc/1/task/1/stat", StatLines.sleeping(1, "init", 0))
                .build();
        ProcessTable t = read(host);
        assertThat(t.vanished()).isEqualTo(1);
        assertThat(t.processCount()).isEqualTo(1);
    }

    @Test
    void garbageStatIsAProblemAndTheThreadKeepsWhatStatusSays() {
        Host host = FixtureHost.in(tmp)
                .file("/proc/50/task/50/stat", "50 (trunc) S 1 50")
                .file("/proc/50/status", "Name:\ttrunc\nState:\tD (disk sleep)\nPPid:\t1\nUid:\t0\t0\t0\t0\nVmRSS:\t100 kB\nThreads:\t2\n")
                .file("/proc/50/task/51/stat", "\0\0\0garbage")
                .file("/proc/50/task/51/wchan", "io_schedule")
                .build();
        ProcessTable t = read(host);
        assertThat(t.problems()).containsExactlyInAnyOrder(
                "/proc/stat has no btime: start times unknown",
                "/proc/50/task/50/stat: unparseable (truncated (3 fields after comm))",
                "/proc/50/task/51/stat: unparseable (no '(comm)')");
        assertThat(t.threads()).hasSize(2);
        ThreadInfo main = t.threads().stream().filter(ThreadInfo::isMainThread).findFirst().orElseThrow();
        assertThat(main.state()).as("from status").isEqualTo("D");
        assertThat(main.comm()).isEqualTo("trunc");
        assertThat(main.ppid()).isEqualTo(1);
        assertThat(main.rssBytes()).isEqualTo(100 * 1024);
        assertThat(main.numThreads()).isEqualTo(2);
        assertThat(main.startTime()).isNull();
        ThreadInfo other = t.threads().stream().filter(th -> th.tid() == 51).findFirst().orElseThrow();
        assertThat(other.state()).as("a thread's state cannot come from the process's status").isEqualTo("?");
        assertThat(other.wchan()).isEqualTo("io_schedule");
        assertThat(t.threadsByState()).containsEntry("D", 1).containsEntry("?", 1);
    }

    @Test
    void statesOnlyReadsNothingButStat() {
        Host host = FixtureHost.in(tmp)
                .file("/proc/60/task/60/stat", StatLines.line(60, "io", "D", 1, 0, 0, 0, 1, 0, 0))
                .file("/proc/60/status", "Uid:\t0\t0\t0\t0\n")
                .file("/proc/60/cmdline", "io\0")
                .file("/proc/60/task/60/wchan", "io_schedule")
                .file("/proc/60/task/60/stack", "[<0>] io_schedule+0x1/0x2\n")
                .symlink("/proc/60/cgroup", "/proc/60/cgroup")
                .build();
        ProcessTable t = new ProcessTableReader(host, ProcessTableReader.Settings.statesOnly(10), () -> false).read();
        assertThat(t.problems()).as("btime, cgroup: not even looked at").isEmpty();
        assertThat(t.threads()).as("a scrape counts threads and keeps none").isEmpty();
        assertThat(t.threadCount()).isEqualTo(1);
        assertThat(t.processCount()).isEqualTo(1);
        assertThat(t.threadsByState()).containsExactly(Map.entry("D", 1));
        assertThat(t.processesByState()).containsExactly(Map.entry("D", 1));
    }

    @Test
    void jsosOwnPidComesFromTheHostsProcSelf() {
        Host host = FixtureHost.in(tmp)
                .file("/proc/1/task/1/stat", StatLines.sleeping(1, "init", 0))
                .file("/proc/77/stat", StatLines.sleeping(77, "java", 1))
                .symlink("/proc/self", "77")
                .build();
        assertThat(new ProcessTableReader(host, ProcessTableReader.Settings.full(100, false), () -> false).read().collectorPid())
                .isEqualTo(77);
        assertThat(new ProcessTableReader(host, ProcessTableReader.Settings.statesOnly(100), () -> false).read().collectorPid())
                .as("a scrape does not need it").isNull();
        Host noSelf = FixtureHost.in(tmp.resolve("other")).file("/proc/1/task/1/stat", StatLines.sleeping(1, "init", 0)).build();
        assertThat(read(noSelf).collectorPid()).isNull();
    }

    @Test
    void stopsAtTheDeadline() {
        Host host = FixtureHost.in(tmp)
                .file("/proc/1/task/1/stat", StatLines.sleeping(1, "init", 0))
                .file("/proc/2/task/2/stat", StatLines.sleeping(2, "kthreadd", 0))
                .build();
        int[] polls = {0};
        ProcessTable t = new ProcessTableReader(host, ProcessTableReader.Settings.full(100, true), () -> ++polls[0] > 1).read();
        assertThat(t.threads()).extracting(ThreadInfo::pid).containsExactly(1);
        assertThat(t.problems()).anySatisfy(p -> assertThat(p).startsWith("stopped early at the deadline: 1 of 2 processes not read"));
    }

    @Test
    void capStopsInsideAProcessAndSaysSoOnce() {
        Host host = FixtureHost.in(tmp)
                .file("/proc/1/task/1/stat", StatLines.sleeping(1, "a", 0))
                .file("/proc/1/task/2/stat", StatLines.sleeping(2, "b", 0))
                .file("/proc/1/task/3/stat", StatLines.sleeping(3, "c", 0))
                .file("/proc/9/task/9/stat", StatLines.sleeping(9, "d", 0))
                .build();
        ProcessTable t = new ProcessTableReader(host, ProcessTableReader.Settings.full(2, true), () -> false).read();
        assertThat(t.threadCount()).isEqualTo(2);
        assertThat(t.problems()).filteredOn(p -> p.contains("max-threads")).singleElement().asString()
                .contains("max-threads=2", "inside pid 1");
    }

    @Test
    void problemsAreCapped() {
        FixtureHost f = FixtureHost.in(tmp);
        int n = ProcessTableReader.MAX_PROBLEMS + 50;
        for (int pid = 1; pid <= n; pid++) {
            f.file("/proc/" + pid + "/task/" + pid + "/stat", "garbage");
        }
        ProcessTable t = new ProcessTableReader(f.build(), ProcessTableReader.Settings.statesOnly(100_000), () -> false).read();
        assertThat(t.threadCount()).isEqualTo(n);
        assertThat(t.problems()).hasSize(ProcessTableReader.MAX_PROBLEMS + 1).last().isEqualTo("... and 50 more problems");
    }

    @Test
    void kernelStackIsReadOnlyForDThreads() {
        Host host = FixtureHost.in(tmp)
                .file("/proc/1/task/1/stat", StatLines.sleeping(1, "init", 0))
                .file("/proc/1/task/1/stack", "[<0>] ep_poll+0x1/0x2\n")
                .file("/proc/2/task/2/stat", StatLines.line(2, "stuck", "D", 1, 0, 0, 0, 1, 0, 0))
                .build();
        ProcessTable t = read(host);
        assertThat(t.threads().get(0).kernelStack()).as("D without a stack file").isEmpty();
        assertThat(t.threads().get(1).kernelStack()).isNull();
    }
}
