package io.jsos.cgroups;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.api.Host;
import io.jsos.testkit.CollectorHarness;
import io.jsos.testkit.FixtureHost;
import io.jsos.testkit.ScrapeHarness;
import io.jsos.testkit.ScrapeHarness.Scrape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A hybrid systemd host: v1 controllers and cgroup2 at /sys/fs/cgroup/unified, {@code fixtures/hybrid-systemd.fixture}. */
class HybridHostTest {

    static final String NGINX = "/system.slice/nginx.service";
    static final String DOCKER = "/system.slice/docker-d7eb7dddf60be1ffed9f74d716706dc5efe1337bd35dafb990dc2ead08d4a041.scope";
    static final String CRON = "/system.slice/cron.service";

    @TempDir
    Path tmp;

    private Host host() {
        return FixtureHost.in(tmp.resolve("root")).loadResource("/fixtures/hybrid-systemd.fixture").build();
    }

    @Test
    void onePathOneRecordWithEachControllerFromItsHierarchy() {
        JsonNode doc = CollectorHarness.collect(new CgroupsCollector(), host(), tmp.resolve("work")).json();
        assertThat(doc.at("/layout/mode").asText()).isEqualTo("hybrid");
        assertThat(doc.at("/layout/hierarchies").findValuesAsText("label"))
                .containsExactly("name=systemd", "cpu,cpuacct", "memory", "pids", "blkio", "unified");
        assertThat(doc.at("/layout/hierarchies/5/controllers")).isEmpty();
        assertThat(doc.get("cgroupCount").asInt()).isEqualTo(9);

        JsonNode nginx = Json.cgroup(doc, NGINX);
        assertThat(nginx.get("hierarchies").toString())
                .isEqualTo("[\"name=systemd\",\"cpu,cpuacct\",\"memory\",\"pids\",\"blkio\",\"unified\"]");
        assertThat(nginx.at("/identity/kind").asText()).isEqualTo("service");
        assertThat(nginx.at("/memory/limit").asLong()).as("v1 memory").isEqualTo(1_073_741_824L);
        assertThat(nginx.at("/cpu/usageNs").asLong()).as("v1 cpuacct wins over the unified cpu.stat").isEqualTo(300_000_000_000L);
        assertThat(nginx.at("/cpu/userNs").asLong()).isEqualTo(225_000_000_000L);
        assertThat(nginx.at("/cpu/quotaUs").asLong()).isEqualTo(200_000);
        assertThat(nginx.at("/cpu/throttledPeriods").asLong()).isEqualTo(4);
        assertThat(nginx.at("/pids/max").asLong()).isEqualTo(512);
        assertThat(nginx.at("/pressure/cpu/some/totalUs").asLong()).as("PSI from v2").isEqualTo(3_000_000L);
        assertThat(nginx.at("/state/populated").asBoolean()).isTrue();
        assertThat(nginx.get("processes").asInt()).isEqualTo(3);

        JsonNode cron = Json.cgroup(doc, CRON);
        assertThat(cron.get("hierarchies").toString()).isEqualTo("[\"name=systemd\",\"unified\"]");
        assertThat(cron.at("/cpu/usageNs").asLong()).as("only the unified cpu.stat").isEqualTo(1_500_000_000L);
        assertThat(cron.has("memory")).isFalse();
        assertThat(cron.get("processes").asInt()).isEqualTo(1);

        JsonNode docker = Json.cgroup(doc, DOCKER);
        assertThat(docker.at("/identity/runtime").asText()).isEqualTo("docker");
        assertThat(docker.at("/cpu/shares").asLong()).isEqualTo(256);
        assertThat(Json.cgroup(doc, "/user.slice/user-1000.slice").at("/identity/uid").asInt()).isEqualTo(1000);
    }

    @Test
    void scrapeHasNoDuplicateSeriesAcrossHierarchies() {
        Scrape s = ScrapeHarness.scrape(new CgroupsCollector(), host());   // fails on any duplicate series
        Set<String> ids = s.family("container_processes").stream().map(x -> x.labels().get("id")).collect(Collectors.toSet());
        assertThat(ids).hasSize(9);
        assertThat(s.family("container_memory_usage_bytes")).hasSize(8);
        assertThat(s.family("container_cpu_usage_seconds_total")).hasSize(9);
        assertThat(s.value("container_cpu_usage_seconds_total", "id", NGINX)).contains(300.0);
        assertThat(s.value("container_cpu_usage_seconds_total", "id", CRON)).contains(1.5);
        assertThat(s.value("container_memory_usage_bytes", "id", NGINX)).contains(536_870_912.0);
        assertThat(s.value("container_memory_working_set_bytes", "id", NGINX)).contains(402_653_184.0);
        assertThat(s.value("container_pressure_cpu_waiting_seconds_total", "id", NGINX)).contains(3.0);
        assertThat(s.value("container_pressure_cpu_stalled_seconds_total", "id", NGINX)).contains(1.5);
        assertThat(s.value("container_spec_cpu_quota", "id", NGINX)).contains(200_000.0);
        assertThat(s.value("container_threads_max", "id", NGINX)).contains(512.0);
        assertThat(s.value("container_spec_cpu_shares", "id", DOCKER)).contains(256.0);
        assertThat(s.value("jsos_cgroups", "mode", "hybrid")).contains(9.0);
    }

    @Test
    void treeShowsTheMergedView() {
        String tree = CollectorHarness.collect(new CgroupsCollector(), host(), tmp.resolve("work")).text("sos_commands/cgroups/tree");
        assertThat(tree).startsWith("cgroup layout: hybrid: v1 name=systemd; cpu,cpuacct; memory; pids; blkio + v2 at /sys/fs/cgroup/unified []");
        assertThat(tree).contains("│ └─nginx.service  [service] procs 3, mem 512.0M/1.0G, cpu 300.0s, quota 2.00 cpu, throttled 4/40, "
                + "shares 1024, pids 3/512, psi10 cpu 2.00 mem 0.00 io 0.00");
        assertThat(tree).contains("│ ├─cron.service  [service] procs 1, cpu 1.5s, psi10");
        assertThat(tree).contains("├─init.scope  procs 1, mem 4.0M/max");
    }
}
