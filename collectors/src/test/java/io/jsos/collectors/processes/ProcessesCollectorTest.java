package io.jsos.collectors.processes;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.api.CollectorOptions;
import io.jsos.api.Host;
import io.jsos.api.MetricsWriter;
import io.jsos.api.ScrapeContext;
import io.jsos.report.manifest.CollectorStatus;
import io.jsos.report.redact.Redactor;
import io.jsos.testkit.CollectorHarness;
import io.jsos.testkit.CollectorHarness.BundleOutcome;
import io.jsos.testkit.FixtureHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole collector through the real engine, against the fixture node in {@code processes/node.fixture}. */
class ProcessesCollectorTest {

    @TempDir
    Path tmp;

    private FixtureHost node() {
        return FixtureHost.in(tmp.resolve("root")).loadResource("/processes/node.fixture");
    }

    private BundleOutcome collect(Host host) {
        return CollectorHarness.collect(new ProcessesCollector(), host, tmp.resolve("work"));
    }

    private BundleOutcome collect(Host host, Map<String, String> options) {
        return CollectorHarness.collect(new ProcessesCollector(), host, tmp.resolve("work"), Redactor.none(), options, null);
    }

    private static JsonNode thread(JsonNode json, int tid) {
        return StreamSupport.stream(json.get("threads").spliterator(), false)
                .filter(t -> t.get("tid").asInt() == tid).findFirst()
                .orElseThrow(() -> new AssertionError("no tid " + tid + " in " + json.get("threads")));
    }

    private static List<String> dataRows(String psEf) {
        List<String> lines = psEf.lines().toList();
        assertThat(lines.get(0)).startsWith("UID").contains("PID", "PPID", "LWP", "NLWP", "STAT", "NI", "WCHAN", "RSS",
                "STIME", "TIME", "CGROUP", "CMD");
        return lines.subList(1, lines.size());
    }

    @Test
    void dStateThreadComesFirstEverywhere() {
        BundleOutcome out = collect(node().build());
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);

        List<String> rows = dataRows(out.text("sos_commands/processes/ps-eLf"));
        assertThat(rows.get(0)).startsWith("postgres").contains(" 500 ", " 502 ", " D ", "io_schedule",
                "/usr/lib/postgresql/16/bin/postgres -D /var/lib/postgresql/16/main");
        assertThat(rows.get(1)).as("then R").contains(" 700 ", " R ");

        JsonNode json = out.json();
        JsonNode first = json.get("threads").get(0);
        assertThat(first.get("pid").asInt()).isEqualTo(500);
        assertThat(first.get("tid").asInt()).isEqualTo(502);
        assertThat(first.get("state").asText()).isEqualTo("D");
        assertThat(first.get("wchan").asText()).isEqualTo("io_schedule");
        assertThat(first.get("comm").asText()).isEqualTo("pg io worker");
        assertThat(first.get("isMainThread").asBoolean()).isFalse();
        assertThat(first.get("kernelStack")).extracting(JsonNode::asText)
                .startsWith("io_schedule+0x12/0x40").contains("nfs_file_fsync+0x9e/0x1d0 [nfs]");
        assertThat(json.get("threads").get(1).get("state").asText()).isEqualTo("R");

        String d = out.text("sos_commands/processes/d-state-threads");
        assertThat(d).startsWith("1 thread in D state")
                .contains("PID 500 TID 502", "wchan=io_schedule", "user=postgres",
                        "    io_schedule+0x12/0x40", "    nfs_file_fsync+0x9e/0x1d0 [nfs]", "/system.slice/postgresql@16-main.service");
    }

    @Test
    void modelHasEveryProcessWithWhatPsShows() {
        JsonNode json = collect(node().build()).json();
        assertThat(json.get("processCount").asInt()).isEqualTo(7);
        assertThat(json.get("threadCount").asInt()).isEqualTo(8);
        assertThat(json.get("threads")).hasSize(8);
        assertThat(json.get("problems")).isEmpty();
        assertThat(json.at("/processesByState/S").asInt()).isEqualTo(4);
        assertThat(json.at("/processesByState/Z").asInt()).isEqualTo(1);
        assertThat(json.at("/processesByState/I").asInt()).isEqualTo(1);
        assertThat(json.at("/processesByState/R").asInt()).isEqualTo(1);
        assertThat(json.at("/processesByState/D").isMissingNode()).as("the D thread is not its process's main thread").isTrue();
        assertThat(json.at("/threadsByState/D").asInt()).isEqualTo(1);

        JsonNode init = thread(json, 1);
        assertThat(init.fieldNames()).toIterable().containsExactly("pid", "tid", "ppid", "user", "uid", "state", "wchan",
                "nice", "priority", "utimeTicks", "stimeTicks", "cpuSeconds", "startTime", "rssBytes", "numThreads",
                "comm", "cmdline", "cgroup", "isMainThread", "kernelStack");
        assertThat(json.fieldNames()).toIterable().containsExactly("threads", "processesByState", "threadsByState",
                "processCount", "threadCount", "vanished", "problems", "collectorPid");
        assertThat(init.get("user").asText()).isEqualTo("root");
        assertThat(init.get("uid").asInt()).isZero();
        assertThat(init.get("cmdline").asText()).isEqualTo("/sbin/init splash");
        assertThat(init.get("cgroup").asText()).isEqualTo("/init.scope");
        assertThat(init.get("rssBytes").asLong()).as("VmRSS in bytes").isEqualTo(12240L * 1024);
        assertThat(init.get("startTime").asText()).isEqualTo("2025-11-21T04:40:00Z");
        assertThat(init.get("cpuSeconds").asDouble()).isEqualTo(2.47);
        assertThat(init.get("isMainThread").asBoolean()).isTrue();
        assertThat(init.get("kernelStack").isNull()).as("only D threads carry a stack").isTrue();

        JsonNode dThread = thread(json, 502);
        assertThat(dThread.get("startTime").asText()).isEqualTo("2025-11-21T05:40:01Z");
        assertThat(dThread.get("numThreads").asInt()).isEqualTo(2);
        assertThat(dThread.get("utimeTicks").asLong()).isEqualTo(10);
        assertThat(dThread.get("stimeTicks").asLong()).isEqualTo(9000);

        JsonNode weird = thread(json, 700);
        assertThat(weird.get("comm").asText()).isEqualTo("my (weird) prog");
        assertThat(weird.get("user").asText()).isEqualTo("www-data");
        assertThat(weird.get("nice").asInt()).isEqualTo(5);
        assertThat(weird.get("priority").asInt()).isEqualTo(25);
        assertThat(weird.get("cgroup").asText()).as("v1: the memory controller's path").isEqualTo("/user.slice/user-33.slice");
        assertThat(weird.get("wchan").isNull()).as("wchan 0 means not waiting").isTrue();

        JsonNode kthread = thread(json, 2);
        assertThat(kthread.get("cmdline").asText()).isEmpty();
        assertThat(kthread.get("rssBytes").asLong()).isZero();
        assertThat(kthread.get("wchan").asText()).isEqualTo("kthreadd");

        assertThat(thread(json, 600).get("state").asText()).isEqualTo("Z");
    }

    @Test
    void psTableShowsKernelThreadsZombiesAndTimes() {
        String ps = collect(node().build()).text("sos_commands/processes/ps-eLf");
        assertThat(ps).contains("[kthreadd]", "[kworker/u8:2-events_unbound]", "[defunct-child] <defunct>",
                "2025-11-21T04:40:00Z", "00:01:30" /* 502: 9010 ticks */, "nginx: worker process", "www-data");
        // RSS in KiB, as ps prints it
        assertThat(ps.lines().filter(l -> l.contains(" 500 ") && l.contains(" 500 ")).findFirst().orElseThrow()).contains("204800");
        // every row has its columns aligned: the PID column ends at the same place
        List<String> lines = ps.lines().toList();
        int pidEnd = lines.get(0).indexOf("PID") + 3;
        for (String l : lines.subList(1, lines.size())) {
            assertThat(l.charAt(pidEnd - 1)).as(l).isBetween('0', '9');
            assertThat(l.charAt(pidEnd)).as(l).isEqualTo(' ');
        }
    }

    @Test
    void vanishedProcessesAndThreadsAreSkippedAndCounted() {
        BundleOutcome out = collect(node().build());
        JsonNode json = out.json();
        assertThat(json.get("vanished").asInt()).as("thread 801 and process 900").isEqualTo(2);
        assertThat(json.get("threads")).noneMatch(t -> t.get("tid").asInt() == 801 || t.get("pid").asInt() == 900);
        assertThat(thread(json, 800).get("numThreads").asInt()).isEqualTo(2);
        assertThat(out.entry().errors()).isNullOrEmpty();
        assertThat(out.text("sos_commands/processes/summary")).contains("vanished while reading: 2");
    }

    @Test
    void summaryCountsPerState() {
        String summary = collect(node().build()).text("sos_commands/processes/summary");
        assertThat(summary).contains("processes: 7", "threads: 8", "problems: none");
        assertThat(summary.lines()).anySatisfy(l -> assertThat(l).matches("D\\s+0\\s+1\\s+uninterruptible sleep.*"));
        assertThat(summary.lines()).anySatisfy(l -> assertThat(l).matches("S\\s+4\\s+4\\s+interruptible sleep"));
    }

    @Test
    void unreadableFileIsAProblemNotACrash() {
        // A symlink loop: the Host refuses it with HostPathException whoever runs the test (root reads mode 000 files).
        Host host = node()
                .file("/proc/77/task/77/stat", StatLines.sleeping(77, "looper", 1))
                .file("/proc/77/status", "Name:\tlooper\nState:\tS (sleeping)\nUid:\t0\t0\t0\t0\n")
                .symlink("/proc/77/cmdline", "/proc/77/cmdline")
                .build();
        BundleOutcome out = collect(host);
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        JsonNode json = out.json();
        assertThat(json.get("problems")).anySatisfy(p -> assertThat(p.asText()).startsWith("/proc/77/cmdline:"));
        JsonNode looper = thread(json, 77);
        assertThat(looper.get("comm").asText()).isEqualTo("looper");
        assertThat(looper.get("state").asText()).isEqualTo("S");
        assertThat(looper.get("cmdline").isNull()).isTrue();
        assertThat(json.get("processCount").asInt()).isEqualTo(8);
        assertThat(out.entry().errors()).anySatisfy(e -> assertThat(e).contains("/proc/77/cmdline"));
        assertThat(out.text("sos_commands/processes/ps-eLf")).contains("[looper]");
    }

    @Test
    void modeZeroStatusDependsOnWhoRunsTheTest() {
        FixtureHost f = node().file("/proc/78/task/78/stat", StatLines.sleeping(78, "secretive", 1))
                .file("/proc/78/status", "Name:\tsecretive\nUid:\t33\t33\t33\t33\n");
        f.mode("/proc/78/status", "000");
        JsonNode json = collect(f.build()).json();
        JsonNode t = thread(json, 78);
        if ("root".equals(System.getProperty("user.name"))) {
            assertThat(t.get("user").asText()).isEqualTo("www-data");
            assertThat(json.get("problems")).isEmpty();
        } else {
            assertThat(t.get("uid").isNull()).isTrue();
            assertThat(json.get("problems")).anySatisfy(p -> assertThat(p.asText()).isEqualTo("/proc/78/status: permission denied"));
        }
        assertThat(t.get("comm").asText()).isEqualTo("secretive");
    }

    @Test
    void nonUtf8CommandLine() {
        Host host = node()
                .file("/proc/88/task/88/stat", StatLines.sleeping(88, "binary", 1))
                .file("/proc/88/cmdline", new byte[] {'/', 'b', 'i', 'n', 0, (byte) 0xff, (byte) 0xfe, 'z', 0})
                .build();
        BundleOutcome out = collect(host);
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        assertThat(thread(out.json(), 88).get("cmdline").asText()).isEqualTo("/bin \uFFFD\uFFFDz");
        assertThat(out.text("sos_commands/processes/ps-eLf")).contains("/bin \uFFFD\uFFFDz");
    }

    @Test
    void maxThreadsCapsTheListing() {
        JsonNode json = collect(node().build(), Map.of("max-threads", "3")).json();
        assertThat(json.get("threadCount").asInt()).isEqualTo(3);
        assertThat(json.get("problems")).anySatisfy(p -> assertThat(p.asText()).contains("max-threads=3"));
    }

    @Test
    void kernelStacksCanBeTurnedOff() {
        BundleOutcome out = collect(node().build(), Map.of("kernel-stacks", "false"));
        assertThat(thread(out.json(), 502).get("kernelStack")).isEmpty();
        assertThat(out.text("sos_commands/processes/d-state-threads"))
                .contains("wchan=io_schedule", "not read (option kernel-stacks=false)")
                .doesNotContain("nfs_file_fsync");
    }

    @Test
    void noDStateThreadsSaysNone() {
        Host host = FixtureHost.in(tmp.resolve("calm"))
                .file("/proc/1/task/1/stat", StatLines.sleeping(1, "init", 0))
                .build();
        BundleOutcome out = collect(host);
        assertThat(out.text("sos_commands/processes/d-state-threads")).isEqualTo("none\n");
        assertThat(out.json().get("problems")).anySatisfy(p -> assertThat(p.asText()).contains("btime"));
        assertThat(out.json().at("/threads/0/startTime").isNull()).isTrue();
    }

    @Test
    void copiesNoRawFilesAndNeverEnvironments() {
        Host host = node().file("/proc/500/environ", "PGPASSWORD=hunter2\0").build();
        BundleOutcome out = collect(host);
        assertThat(out.files().keySet()).allMatch(p -> p.startsWith("sos_commands/processes/") || p.startsWith("jsos/")
                || p.equals("manifest.json"));
        assertThat(out.everything()).doesNotContain("hunter2");
    }

    @Test
    void appliesWhenThereIsAProc() {
        ProcessesCollector c = new ProcessesCollector();
        assertThat(c.applies(node().build()).applies()).isTrue();
        assertThat(c.applies(FixtureHost.in(tmp.resolve("empty")).build()))
                .satisfies(a -> {
                    assertThat(a.applies()).isFalse();
                    assertThat(a.reason()).isEqualTo("no /proc on this host");
                });
        assertThat(c.applies(FixtureHost.in(tmp.resolve("nopid1")).dir("/proc/4242").dir("/proc/sys").build()).reason())
                .isEqualTo("/proc/4242 exists");
        assertThat(c.applies(FixtureHost.in(tmp.resolve("onlysys")).dir("/proc/sys").file("/proc/meminfo", "x").build()).applies())
                .isFalse();
    }

    @Test
    void notApplicableIsRecordedAsSuch() {
        BundleOutcome out = collect(FixtureHost.in(tmp.resolve("empty")).build());
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.NOT_APPLICABLE);
        assertThat(out.entry().reason()).isEqualTo("no /proc on this host");
    }

    record Sample(String name, double value, List<String> labels) {
    }

    @Test
    void scrapeEmitsProcessAndThreadStates() throws Exception {
        ProcessesCollector c = new ProcessesCollector();
        assertThat(c.exportsMetrics()).isTrue();
        Host host = node().build();
        List<Sample> samples = new ArrayList<>();
        MetricsWriter writer = new MetricsWriter() {
            @Override
            public void gauge(String name, String help, double value, String... labelPairs) {
                assertThat(help).isNotBlank();
                samples.add(new Sample(name, value, List.of(labelPairs)));
            }

            @Override
            public void counter(String name, String help, double value, String... labelPairs) {
                throw new AssertionError("no counters expected: " + name);
            }
        };
        c.scrape(new ScrapeContext() {
            @Override
            public Host host() {
                return host;
            }

            @Override
            public MetricsWriter metrics() {
                return writer;
            }

            @Override
            public CollectorOptions options() {
                return CollectorOptions.defaults(c.options());
            }
        });
        assertThat(samples).contains(
                new Sample("jsos_threads", 1, List.of("state", "D")),
                new Sample("jsos_threads", 4, List.of("state", "S")),
                new Sample("jsos_threads", 1, List.of("state", "R")),
                new Sample("jsos_processes", 0, List.of("state", "D")),
                new Sample("jsos_processes", 4, List.of("state", "S")),
                new Sample("jsos_processes", 1, List.of("state", "Z")),
                new Sample("jsos_processes", 0, List.of("state", "T")));
        assertThat(samples).extracting(Sample::name).containsOnly("jsos_threads", "jsos_processes");
        assertThat(samples.stream().filter(s -> s.name().equals("jsos_threads")).mapToDouble(Sample::value).sum()).isEqualTo(8);
    }
}
