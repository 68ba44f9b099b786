package io.jsos.cgroups;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.api.Host;
import io.jsos.report.manifest.CollectorStatus;
import io.jsos.testkit.CollectorHarness;
import io.jsos.testkit.CollectorHarness.BundleOutcome;
import io.jsos.testkit.FixtureHost;
import io.jsos.testkit.ScrapeHarness;
import io.jsos.testkit.ScrapeHarness.Scrape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Docker on pure cgroup v1 with the cgroupfs driver: {@code fixtures/docker-v1-cgroupfs.fixture}. */
class DockerV1HostTest {

    static final String WEB = "/docker/f31f384749f9115acf01fcf82f5a966b59dcc0a4cbd7c9740888c0bf32aa2bbb";
    static final String REDIS = "/docker/2c30eea7181cde8c36fd4d1e29be2aca6536eb1c2c3b9ec4c502bc68fc20a303";

    @TempDir
    Path tmp;

    private Host host() {
        return FixtureHost.in(tmp.resolve("root")).loadResource("/fixtures/docker-v1-cgroupfs.fixture").build();
    }

    @Test
    void layoutIsPureV1WithCoMountedCpu() {
        BundleOutcome out = CollectorHarness.collect(new CgroupsCollector(), host(), tmp.resolve("work"));
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        JsonNode layout = out.json().get("layout");
        assertThat(layout.get("mode").asText()).isEqualTo("v1");
        assertThat(layout.get("source").asText()).as("no /proc/1 in this fixture").isEqualTo("/proc/self/mountinfo");
        assertThat(layout.get("hierarchies").findValuesAsText("label"))
                .containsExactly("name=systemd", "cpu,cpuacct", "memory", "pids", "blkio", "cpuset", "freezer", "devices");
        assertThat(layout.at("/hierarchies/1/id").asInt()).isEqualTo(3);
        assertThat(layout.get("notes").toString()).contains("net_cls", "perf_event", "hugetlb");
        assertThat(out.json().get("cgroupCount").asInt()).isEqualTo(6);
        assertThat(out.json().get("problems")).isEmpty();
    }

    @Test
    void webContainerIdentityAndNumbers() {
        JsonNode c = Json.cgroup(CollectorHarness.collect(new CgroupsCollector(), host(), tmp.resolve("work")).json(), WEB);
        assertThat(c.at("/identity/kind").asText()).isEqualTo("container");
        assertThat(c.at("/identity/runtime").asText()).isEqualTo("docker");
        assertThat(c.at("/identity/containerId").asText()).isEqualTo(WEB.substring("/docker/".length()));
        assertThat(c.at("/identity/podUid").isMissingNode()).isTrue();
        assertThat(c.get("hierarchies").findValuesAsText("x")).isEmpty();
        assertThat(c.get("hierarchies").toString())
                .isEqualTo("[\"name=systemd\",\"cpu,cpuacct\",\"memory\",\"pids\",\"blkio\",\"cpuset\",\"freezer\",\"devices\"]");
        assertThat(c.get("processes").asInt()).isEqualTo(2);
        assertThat(c.get("threads").asInt()).isEqualTo(2);

        JsonNode mem = c.get("memory");
        assertThat(mem.get("limit").asLong()).isEqualTo(268_435_456L);
        assertThat(mem.get("usage").asLong()).isEqualTo(104_857_600L);
        assertThat(mem.get("maxUsage").asLong()).isEqualTo(209_715_200L);
        assertThat(mem.get("failcnt").asLong()).isEqualTo(5);
        assertThat(mem.get("rss").asLong()).as("total_rss").isEqualTo(73_400_320L);
        assertThat(mem.get("cache").asLong()).isEqualTo(31_457_280L);
        assertThat(mem.get("swap").asLong()).isEqualTo(1_048_576L);
        assertThat(mem.get("workingSet").asLong()).isEqualTo(104_857_600L - 15_728_640L);
        assertThat(mem.get("oomKills").asLong()).isEqualTo(2);
        assertThat(mem.get("underOom").asBoolean()).isFalse();
        assertThat(mem.get("memswLimit").asLong()).isEqualTo(536_870_912L);
        assertThat(mem.get("softLimit").asText()).isEqualTo("max");

        JsonNode cpu = c.get("cpu");
        assertThat(cpu.get("shares").asLong()).isEqualTo(512);
        assertThat(cpu.get("quotaUs").asLong()).isEqualTo(150_000);
        assertThat(cpu.get("periodUs").asLong()).isEqualTo(100_000);
        assertThat(cpu.get("usageNs").asLong()).isEqualTo(45_000_000_000L);
        assertThat(cpu.get("userNs").asLong()).as("3800 ticks of cpuacct.stat").isEqualTo(38_000_000_000L);
        assertThat(cpu.get("systemNs").asLong()).isEqualTo(7_000_000_000L);
        assertThat(cpu.get("perCpuNs").toString()).isEqualTo("[20000000000,25000000000]");
        assertThat(cpu.get("periods").asLong()).isEqualTo(500);
        assertThat(cpu.get("throttledPeriods").asLong()).isEqualTo(20);
        assertThat(cpu.get("throttledNs").asLong()).isEqualTo(1_500_000_000L);

        assertThat(c.at("/pids/current").asLong()).isEqualTo(5);
        assertThat(c.at("/pids/max").asLong()).isEqualTo(100);
        assertThat(c.at("/io/serviceBytes/8:0/Read").asLong()).isEqualTo(4_096_000L);
        assertThat(c.at("/io/serviced/8:0/Total").asLong()).isEqualTo(30);
        assertThat(c.at("/io/throttle/read_bps_device/8:0").asLong()).isEqualTo(10_485_760L);
        assertThat(c.at("/io/throttle/write_bps_device").isEmpty()).isTrue();
        assertThat(c.at("/cpuset/cpus").asText()).isEqualTo("1");
        assertThat(c.at("/state/freezerState").asText()).isEqualTo("THAWED");
        assertThat(c.has("pressure")).isFalse();
    }

    @Test
    void unlimitedRedis() {
        JsonNode c = Json.cgroup(CollectorHarness.collect(new CgroupsCollector(), host(), tmp.resolve("work")).json(), REDIS);
        assertThat(c.at("/memory/limit").asText()).isEqualTo("max");
        assertThat(c.at("/cpu/quotaUs").asText()).isEqualTo("max");
        assertThat(c.at("/pids/max").asText()).isEqualTo("max");
        assertThat(c.at("/cpu/shares").asLong()).isEqualTo(1024);
    }

    @Test
    void rawFilesSkipWriteOnlyOnes() {
        BundleOutcome out = CollectorHarness.collect(new CgroupsCollector(), host(), tmp.resolve("work"));
        assertThat(out.text("sys/fs/cgroup/memory" + WEB + "/memory.limit_in_bytes")).isEqualTo("268435456\n");
        assertThat(out.files()).containsKey("sys/fs/cgroup/cpu,cpuacct" + WEB + "/cpu.cfs_quota_us");
        assertThat(out.files()).containsKey("sys/fs/cgroup/blkio" + WEB + "/blkio.throttle.io_service_bytes");
        assertThat(out.files()).doesNotContainKey("sys/fs/cgroup/memory" + WEB + "/memory.force_empty");
        assertThat(out.text("sos_commands/cgroups/tree")).contains("[container f31f384749f9, docker] procs 2, mem 100.0M/256.0M, "
                + "oom_kill 2, cpu 45.0s, quota 1.50 cpu, throttled 20/500, shares 512, pids 5/100");
    }

    /** v1 blkio under cAdvisor's names: Read/Write of io_service_bytes and io_serviced, the device named from sysfs. */
    @Test
    void blockIoPerDevice() {
        Host named = FixtureHost.in(tmp.resolve("named")).loadResource("/fixtures/docker-v1-cgroupfs.fixture")
                .file("/sys/dev/block/8:0/uevent", "MAJOR=8\nMINOR=0\nDEVNAME=sda\nDEVTYPE=disk\n").build();
        Scrape s = ScrapeHarness.scrape(new CgroupsCollector(), named);
        String[] sda = {"id", WEB, "device", "/dev/sda"};
        assertThat(s.value("container_fs_reads_bytes_total", sda)).contains(4_096_000.0);
        assertThat(s.value("container_fs_writes_bytes_total", sda)).contains(8_192_000.0);
        assertThat(s.value("container_fs_reads_total", sda)).contains(10.0);
        assertThat(s.value("container_fs_writes_total", sda)).contains(20.0);
        assertThat(s.family("container_fs_reads_bytes_total")).allSatisfy(x -> {
            assertThat(x.type()).isEqualTo("counter");
            assertThat(x.help()).isEqualTo("Cumulative count of bytes read");
            assertThat(x.labels()).containsKeys("id", "device");
        });
        // one series per cgroup and device (the Total lines are not devices)
        assertThat(s.family("container_fs_writes_total").stream().filter(x -> x.labels().get("id").equals(WEB))).hasSize(1);

        // where the kernel has the _recursive files (descendants included, as runc reads them), they are the source
        Host recursive = FixtureHost.in(tmp.resolve("recursive")).loadResource("/fixtures/docker-v1-cgroupfs.fixture")
                .file("/sys/fs/cgroup/blkio" + WEB + "/blkio.throttle.io_service_bytes_recursive",
                        "8:0 Read 5000000\n8:0 Write 9000000\n8:0 Total 14000000\n8:16 Read 7\n8:16 Write 0\n8:16 Total 7\nTotal 14000007\n")
                .file("/sys/fs/cgroup/blkio" + WEB + "/blkio.throttle.io_serviced_recursive", "8:0 Read 11\n8:0 Write 21\nTotal 32\n")
                .build();
        Scrape r = ScrapeHarness.scrape(new CgroupsCollector(), recursive);
        assertThat(r.value("container_fs_reads_bytes_total", "id", WEB, "device", "8:0")).contains(5_000_000.0);
        assertThat(r.value("container_fs_writes_bytes_total", "id", WEB, "device", "8:16")).contains(0.0);
        assertThat(r.value("container_fs_writes_total", "id", WEB, "device", "8:0")).contains(21.0);
        assertThat(r.value("container_fs_writes_total", "id", WEB, "device", "8:16")).as("no 8:16 in io_serviced_recursive").isEmpty();
        JsonNode io = Json.cgroup(CollectorHarness.collect(new CgroupsCollector(), recursive, tmp.resolve("bundle")).json(), WEB).get("io");
        assertThat(io.at("/serviceBytesRecursive/8:0/Read").asLong()).isEqualTo(5_000_000);
        assertThat(io.at("/serviceBytes/8:0/Read").asLong()).as("the bundle keeps both").isEqualTo(4_096_000);

        // sysfs does not know the device: it keeps its MAJ:MIN
        Scrape bare = ScrapeHarness.scrape(new CgroupsCollector(), host());
        assertThat(bare.value("container_fs_reads_bytes_total", "id", WEB, "device", "8:0")).contains(4_096_000.0);
    }

    @Test
    void scrape() {
        Scrape s = ScrapeHarness.scrape(new CgroupsCollector(), host());
        assertThat(s.value("container_memory_usage_bytes", "id", WEB)).contains(104_857_600.0);
        assertThat(s.value("container_memory_working_set_bytes", "id", WEB)).contains(89_128_960.0);
        assertThat(s.value("container_memory_max_usage_bytes", "id", WEB)).contains(209_715_200.0);
        assertThat(s.value("container_memory_swap", "id", WEB)).contains(1_048_576.0);
        assertThat(s.value("container_memory_failcnt", "id", WEB)).contains(5.0);
        assertThat(s.value("container_oom_events_total", "id", WEB)).contains(2.0);
        assertThat(s.value("container_spec_memory_limit_bytes", "id", WEB)).contains(268_435_456.0);
        assertThat(s.value("container_spec_memory_swap_limit_bytes", "id", WEB)).contains(536_870_912.0);
        assertThat(s.value("container_cpu_usage_seconds_total", "id", WEB)).contains(45.0);
        assertThat(s.value("container_cpu_user_seconds_total", "id", WEB)).contains(38.0);
        assertThat(s.value("container_cpu_system_seconds_total", "id", WEB)).contains(7.0);
        assertThat(s.value("container_cpu_cfs_periods_total", "id", WEB)).contains(500.0);
        assertThat(s.value("container_cpu_cfs_throttled_periods_total", "id", WEB)).contains(20.0);
        assertThat(s.value("container_cpu_cfs_throttled_seconds_total", "id", WEB).orElseThrow()).isCloseTo(1.5, within(1e-9));
        assertThat(s.value("container_spec_cpu_quota", "id", WEB)).contains(150_000.0);
        assertThat(s.value("container_spec_cpu_shares", "id", WEB)).contains(512.0);
        assertThat(s.value("container_threads_max", "id", WEB)).contains(100.0);
        assertThat(s.value("container_processes", "id", WEB)).contains(2.0);
        assertThat(s.value("container_spec_memory_limit_bytes", "id", REDIS)).contains(0.0);
        assertThat(s.value("container_spec_cpu_quota", "id", REDIS)).isEmpty();
        assertThat(s.value("container_threads_max", "id", REDIS)).contains(0.0);
        assertThat(s.value("container_spec_cpu_period", "id", REDIS)).contains(100_000.0);
        assertThat(s.family("container_pressure_cpu_waiting_seconds_total")).as("no PSI on v1").isEmpty();
        assertThat(s.value("jsos_cgroups", "mode", "v1")).contains(6.0);
        assertThat(s.family("container_memory_usage_bytes")).extracting(x -> x.labels().keySet().size()).containsOnly(1);
    }
}
