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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A Kubernetes node on cgroup v2 with the systemd driver and containerd: {@code fixtures/k8s-v2-systemd.fixture}. */
class K8sV2NodeTest {

    static final String PAY_UID = "1b6f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    static final String PAY_POD = "/kubepods.slice/kubepods-pod1b6f2c3d_4e5f_4a6b_8c7d_9e0f1a2b3c4d.slice";
    static final String PAY_APP = PAY_POD + "/cri-containerd-740aa6984df8459495ab89e330bbf0aece4b6424f3c3082b2d46997fa4dbb0e5.scope";
    static final String PAY_SANDBOX = PAY_POD + "/cri-containerd-e0f24ff59070f15bf7de47e85331c42a394d9a638b89a906e5694cf1deb64497.scope";
    static final String ETCD_POD = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-poda1b2c3d4e5f60718293a4b5c6d7e8f90.slice";
    static final String ETCD_APP = ETCD_POD + "/cri-containerd-8ba944aed97d168fbadae7baa98fd78749bf3d8b9703d976b9a5257e88498de1.scope";
    static final String DNS_APP = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod7c1e9a52_0d3b_4c8e_9f6a_2b4d6e8f0a1c.slice"
            + "/cri-containerd-7ee5beb80aa64d5439980f3bd2e40901b8a45987794dfd992d25ffd9f6aceb16.scope";
    static final String DBG_APP = "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pode3f4a5b6_c7d8_4e9f_a0b1_c2d3e4f5a6b7.slice"
            + "/cri-containerd-76cbe970ff5ba1c1d0875bee32654e91911dae06641e6d1c355f1fd56b2cf085.scope";

    @TempDir
    Path tmp;

    private Host node() {
        return FixtureHost.in(tmp.resolve("root")).loadResource("/fixtures/k8s-v2-systemd.fixture").build();
    }

    @Test
    void layoutIsPureV2FromPid1sMountinfo() {
        BundleOutcome out = CollectorHarness.collect(new CgroupsCollector(), node(), tmp.resolve("work"));
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        JsonNode layout = out.json().get("layout");
        assertThat(layout.get("mode").asText()).isEqualTo("v2");
        assertThat(layout.get("source").asText()).isEqualTo("/proc/1/mountinfo");
        assertThat(layout.get("hierarchies")).hasSize(1);
        assertThat(layout.at("/hierarchies/0/controllers").toString()).contains("memory", "pids", "io");
        assertThat(out.json().get("cgroupCount").asInt()).isEqualTo(22);
        assertThat(out.json().get("problems")).isEmpty();
        assertThat(out.json().get("vanished").asInt()).isZero();
    }

    @Test
    void guaranteedContainerIdentityAndNumbers() {
        JsonNode doc = CollectorHarness.collect(new CgroupsCollector(), node(), tmp.resolve("work")).json();
        JsonNode c = Json.cgroup(doc, PAY_APP);
        JsonNode id = c.get("identity");
        assertThat(id.get("kind").asText()).isEqualTo("container");
        assertThat(id.get("qos").asText()).isEqualTo("guaranteed");
        assertThat(id.get("podUid").asText()).isEqualTo(PAY_UID);
        assertThat(id.get("runtime").asText()).isEqualTo("containerd");
        assertThat(id.get("namespace").asText()).isEqualTo("shop");
        assertThat(id.get("pod").asText()).isEqualTo("payments-7d9f8b6c5-x2x9q");
        assertThat(id.get("container").asText()).isEqualTo("payments");
        assertThat(c.get("hierarchies").toString()).isEqualTo("[\"unified\"]");
        assertThat(c.get("processes").asInt()).isEqualTo(2);
        assertThat(c.get("threads").asInt()).isEqualTo(12);

        JsonNode mem = c.get("memory");
        assertThat(mem.get("usage").asLong()).isEqualTo(314_572_800L);
        assertThat(mem.get("limit").asLong()).isEqualTo(536_870_912L);
        assertThat(mem.get("high").asText()).isEqualTo("max");
        assertThat(mem.get("maxUsage").asLong()).isEqualTo(530_000_000L);
        assertThat(mem.get("workingSet").asLong()).isEqualTo(314_572_800L - 20_971_520L);
        assertThat(mem.get("rss").asLong()).isEqualTo(262_144_000L);
        assertThat(mem.get("cache").asLong()).isEqualTo(41_943_040L);
        assertThat(mem.get("oomKills").asLong()).isEqualTo(1);
        assertThat(mem.get("failcnt").asLong()).isEqualTo(3);
        assertThat(mem.at("/events/oom").asLong()).isEqualTo(1);
        assertThat(mem.at("/stat/file_mapped").asLong()).isEqualTo(1_048_576L);

        JsonNode cpu = c.get("cpu");
        assertThat(cpu.get("quotaUs").asLong()).isEqualTo(50_000);
        assertThat(cpu.get("periodUs").asLong()).isEqualTo(100_000);
        assertThat(cpu.get("weight").asLong()).isEqualTo(20);
        assertThat(cpu.get("usageNs").asLong()).isEqualTo(7_200_000_000_000L);
        assertThat(cpu.get("userNs").asLong()).isEqualTo(6_000_000_000_000L);
        assertThat(cpu.get("throttledPeriods").asLong()).isEqualTo(1200);
        assertThat(cpu.get("throttledNs").asLong()).isEqualTo(98_000_000_000L);

        assertThat(c.at("/pids/max").asLong()).isEqualTo(4096);
        assertThat(c.at("/pids/current").asLong()).isEqualTo(12);
        assertThat(c.at("/io/stat/259:0/wbytes").asLong()).isEqualTo(2_097_152L);
        assertThat(c.at("/pressure/cpu/some/totalUs").asLong()).isEqualTo(4_500_000L);
        assertThat(c.at("/pressure/cpu/some/avg10").asDouble()).isEqualTo(3.25);
        assertThat(c.at("/state/populated").asBoolean()).isTrue();
    }

    @Test
    void everyQosClassAndPodIsRecognised() {
        JsonNode doc = CollectorHarness.collect(new CgroupsCollector(), node(), tmp.resolve("work")).json();
        assertThat(Json.cgroup(doc, "/kubepods.slice").at("/identity/kind").asText()).isEqualTo("kubepods");
        assertThat(Json.cgroup(doc, "/kubepods.slice/kubepods-burstable.slice").at("/identity/qos").asText()).isEqualTo("burstable");
        JsonNode pay = Json.cgroup(doc, PAY_POD).get("identity");
        assertThat(pay.get("kind").asText()).isEqualTo("pod");
        assertThat(pay.get("pod").asText()).isEqualTo("payments-7d9f8b6c5-x2x9q");
        assertThat(pay.has("container")).isFalse();
        JsonNode etcd = Json.cgroup(doc, ETCD_APP).get("identity");
        assertThat(etcd.get("qos").asText()).isEqualTo("burstable");
        assertThat(etcd.get("podUid").asText()).isEqualTo("a1b2c3d4e5f60718293a4b5c6d7e8f90");
        assertThat(etcd.get("namespace").asText()).isEqualTo("kube-system");
        assertThat(etcd.get("container").asText()).isEqualTo("etcd");
        assertThat(Json.cgroup(doc, DNS_APP).at("/identity/pod").asText()).isEqualTo("coredns-5d78c9869d-abcde");
        JsonNode dbg = Json.cgroup(doc, DBG_APP).get("identity");
        assertThat(dbg.get("qos").asText()).isEqualTo("besteffort");
        assertThat(dbg.get("container").asText()).isEqualTo("shell");
        JsonNode sandbox = Json.cgroup(doc, PAY_SANDBOX).get("identity");
        assertThat(sandbox.get("kind").asText()).isEqualTo("container");
        assertThat(sandbox.get("pod").asText()).as("pod named from its UID").isEqualTo("payments-7d9f8b6c5-x2x9q");
        assertThat(sandbox.has("container")).as("the pause sandbox has no logs, so no name").isFalse();
        assertThat(Json.cgroup(doc, "/system.slice/kubelet.service").at("/identity/kind").asText()).isEqualTo("service");
        JsonNode session = Json.cgroup(doc, "/user.slice/user-1000.slice/session-3.scope").get("identity");
        assertThat(session.get("kind").asText()).isEqualTo("session");
        assertThat(session.get("uid").asInt()).isEqualTo(1000);
        // the v2 root has no memory.current / memory.max; what it has is there
        JsonNode root = Json.cgroup(doc, "/");
        assertThat(root.at("/memory/limit").isMissingNode()).isTrue();
        assertThat(root.at("/memory/rss").asLong()).isEqualTo(2_147_483_648L);
        assertThat(root.at("/cpu/usageNs").asLong()).isEqualTo(900_000_000_000_000L);
    }

    @Test
    void treeTextAndRawFiles() {
        BundleOutcome out = CollectorHarness.collect(new CgroupsCollector(), node(), tmp.resolve("work"));
        String tree = out.text("sos_commands/cgroups/tree");
        assertThat(tree).startsWith("cgroup layout: v2: v2 at /sys/fs/cgroup [cpuset cpu io memory hugetlb pids rdma misc]");
        assertThat(tree).contains("22 cgroups");
        assertThat(tree).contains("├─kubepods.slice  [kubepods]");
        assertThat(tree).contains("kubepods-pod1b6f2c3d_4e5f_4a6b_8c7d_9e0f1a2b3c4d.slice  [pod shop/payments-7d9f8b6c5-x2x9q, guaranteed]");
        assertThat(tree).contains("cri-containerd-740aa6984df8459495ab89e330bbf0aece4b6424f3c3082b2d46997fa4dbb0e5.scope  "
                + "[container payments, containerd] procs 2, threads 12, mem 300.0M/512.0M, oom_kill 1, cpu 7200.0s, "
                + "quota 0.50 cpu, throttled 1200/72000, weight 20, pids 12/4096, psi10 cpu 3.25 mem 0.50 io 0.00");
        assertThat(tree).contains("[container e0f24ff59070, containerd]");
        assertThat(tree).containsPattern("(?m)^└─user\\.slice");
        // raw files of the busiest cgroups, at their host paths
        assertThat(out.files()).containsKey("sys/fs/cgroup" + PAY_APP + "/memory.max");
        assertThat(out.text("sys/fs/cgroup" + PAY_APP + "/cpu.max")).isEqualTo("50000 100000\n");
        assertThat(out.files()).containsKey("sys/fs/cgroup/cgroup.controllers");
        assertThat(out.files()).containsKeys("proc/cgroups", "proc/1/mountinfo");
    }

    @Test
    void bundleCapCopiesTheBusiestFirst() {
        BundleOutcome out = CollectorHarness.collect(new CgroupsCollector(), node(), tmp.resolve("work"),
                io.jsos.report.redact.Redactor.none(), java.util.Map.of("bundle-cgroups", "3"), null);
        List<String> dirs = out.files().keySet().stream().filter(k -> k.startsWith("sys/fs/cgroup") && k.endsWith("/cgroup.procs"))
                .map(k -> k.substring("sys/fs/cgroup".length(), k.length() - "/cgroup.procs".length())).sorted().toList();
        // root first; then the biggest CPU user (kubepods.slice, 400 000 s) and the biggest memory user (kubepods.slice too,
        // so the next memory user: system.slice at 512 MiB)
        assertThat(dirs).containsExactly("", "/kubepods.slice", "/system.slice");
    }

    /** v2 io.stat under cAdvisor's names, with the pod/container labels; cgroups that did no I/O have no series. */
    @Test
    void blockIoPerDevice() {
        Host named = FixtureHost.in(tmp.resolve("named")).loadResource("/fixtures/k8s-v2-systemd.fixture")
                .file("/sys/dev/block/259:0/uevent", "MAJOR=259\nMINOR=0\nDEVNAME=nvme0n1\nDEVTYPE=disk\n").build();
        Scrape s = ScrapeHarness.scrape(new CgroupsCollector(), named);
        String[] app = {"id", PAY_APP, "namespace", "shop", "pod", "payments-7d9f8b6c5-x2x9q", "container", "payments",
            "device", "/dev/nvme0n1"};
        assertThat(s.value("container_fs_reads_bytes_total", app)).contains(1_048_576.0);
        assertThat(s.value("container_fs_writes_bytes_total", app)).contains(2_097_152.0);
        assertThat(s.value("container_fs_reads_total", app)).contains(10.0);
        assertThat(s.value("container_fs_writes_total", app)).contains(20.0);
        assertThat(s.value("container_fs_reads_bytes_total", "id", "/", "device", "/dev/nvme0n1")).contains(9999.0);
        assertThat(s.family("container_fs_writes_total")).allSatisfy(x -> {
            assertThat(x.type()).isEqualTo("counter");
            assertThat(x.help()).isEqualTo("Cumulative count of writes completed");
        });
        assertThat(s.family("container_fs_reads_bytes_total").stream().map(x -> x.labels().get("id")))
                .as("an empty io.stat (the sandbox) gives no series").doesNotContain(PAY_SANDBOX);
    }

    @Test
    void scrapeHasCadvisorNamesAndLabels() {
        Scrape s = ScrapeHarness.scrape(new CgroupsCollector(), node());
        String[] app = {"id", PAY_APP, "namespace", "shop", "pod", "payments-7d9f8b6c5-x2x9q", "container", "payments"};
        assertThat(s.value("container_memory_working_set_bytes", app)).contains(293_601_280.0);
        assertThat(s.value("container_memory_usage_bytes", app)).contains(314_572_800.0);
        assertThat(s.value("container_memory_rss", app)).contains(262_144_000.0);
        assertThat(s.value("container_memory_cache", app)).contains(41_943_040.0);
        assertThat(s.value("container_memory_swap", app)).contains(0.0);
        assertThat(s.value("container_memory_failcnt", app)).contains(3.0);
        assertThat(s.value("container_oom_events_total", app)).contains(1.0);
        assertThat(s.value("container_spec_memory_limit_bytes", app)).contains(536_870_912.0);
        assertThat(s.value("container_spec_cpu_quota", app)).contains(50_000.0);
        assertThat(s.value("container_spec_cpu_period", app)).contains(100_000.0);
        assertThat(s.value("container_spec_cpu_shares", app)).as("weight 20 as cAdvisor converts it").contains(500.0);
        assertThat(s.value("container_cpu_usage_seconds_total", app)).contains(7200.0);
        assertThat(s.value("container_cpu_usage_seconds_total", "id", PAY_APP, "cpu", "total")).contains(7200.0);
        assertThat(s.value("container_cpu_user_seconds_total", app)).contains(6000.0);
        assertThat(s.value("container_cpu_system_seconds_total", app)).contains(1200.0);
        assertThat(s.value("container_cpu_cfs_periods_total", app)).contains(72_000.0);
        assertThat(s.value("container_cpu_cfs_throttled_periods_total", app)).contains(1200.0);
        assertThat(s.value("container_cpu_cfs_throttled_seconds_total", app).orElseThrow()).isCloseTo(98.0, within(1e-9));
        assertThat(s.value("container_processes", app)).contains(2.0);
        assertThat(s.value("container_threads", app)).contains(12.0);
        assertThat(s.value("container_threads_max", app)).contains(4096.0);
        assertThat(s.value("container_pressure_cpu_waiting_seconds_total", app)).contains(4.5);
        assertThat(s.value("container_pressure_cpu_stalled_seconds_total", app)).contains(2.5);
        assertThat(s.value("container_pressure_memory_waiting_seconds_total", app)).contains(0.75);
        assertThat(s.value("container_pressure_io_waiting_seconds_total", app)).contains(0.002);

        // unlimited memory is 0, as cAdvisor exports it; no quota means no quota or CFS series
        assertThat(s.value("container_spec_memory_limit_bytes", "id", ETCD_APP)).contains(0.0);
        assertThat(s.value("container_spec_cpu_quota", "id", ETCD_APP)).isEmpty();
        assertThat(s.value("container_cpu_cfs_periods_total", "id", ETCD_APP)).isEmpty();
        assertThat(s.value("container_spec_cpu_shares", "id", ETCD_APP)).as("weight 4").contains(80.0);
        assertThat(s.value("container_spec_cpu_shares", "id", DBG_APP)).as("weight 1 = shares 2").contains(2.0);

        // a pod's own cgroup: namespace and pod, no container; the sandbox likewise; a service: id only
        ScrapeHarness.Sample pod = s.family("container_memory_usage_bytes").stream()
                .filter(x -> x.labels().get("id").equals(PAY_POD)).findFirst().orElseThrow();
        assertThat(pod.labels()).containsOnlyKeys("id", "namespace", "pod");
        ScrapeHarness.Sample sandbox = s.family("container_memory_usage_bytes").stream()
                .filter(x -> x.labels().get("id").equals(PAY_SANDBOX)).findFirst().orElseThrow();
        assertThat(sandbox.labels()).containsOnlyKeys("id", "namespace", "pod");
        ScrapeHarness.Sample svc = s.family("container_memory_usage_bytes").stream()
                .filter(x -> x.labels().get("id").equals("/system.slice/kubelet.service")).findFirst().orElseThrow();
        assertThat(svc.labels()).containsOnlyKeys("id");

        assertThat(s.value("container_cpu_usage_seconds_total", "id", "/")).contains(900_000.0);
        assertThat(s.value("container_memory_usage_bytes", "id", "/")).as("no memory.current on the v2 root").isEmpty();
        assertThat(s.value("jsos_cgroups", "mode", "v2")).contains(22.0);
        assertThat(s.value("jsos_cgroups_truncated")).contains(0.0);
        assertThat(s.names()).contains("container_cpu_usage_seconds_total", "container_cpu_user_seconds_total",
                "container_cpu_system_seconds_total", "container_cpu_cfs_periods_total", "container_cpu_cfs_throttled_periods_total",
                "container_cpu_cfs_throttled_seconds_total", "container_memory_usage_bytes", "container_memory_working_set_bytes",
                "container_memory_rss", "container_memory_cache", "container_memory_swap", "container_memory_failcnt",
                "container_oom_events_total", "container_spec_memory_limit_bytes", "container_spec_cpu_quota",
                "container_spec_cpu_period", "container_spec_cpu_shares", "container_processes", "container_threads",
                "container_pressure_cpu_waiting_seconds_total", "container_pressure_cpu_stalled_seconds_total",
                "container_pressure_memory_waiting_seconds_total", "container_pressure_memory_stalled_seconds_total",
                "container_pressure_io_waiting_seconds_total", "container_pressure_io_stalled_seconds_total");
        assertThat(s.family("container_memory_usage_bytes")).hasSize(21);
    }
}
