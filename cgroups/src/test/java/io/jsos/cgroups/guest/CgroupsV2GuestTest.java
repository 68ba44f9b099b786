package io.jsos.cgroups.guest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.guest.Guest;
import io.jsos.guest.GuestCollectorRun;
import io.jsos.guest.GuestResult;
import io.jsos.testkit.Real;
import io.jsos.testkit.ScrapeHarness.Scrape;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pure cgroup v2 with every controller, which this machine's kernel can't give (its memory, cpu
 * and pids controllers are bound to v1): in the QEMU guest, a child cgroup with memory.max,
 * pids.max and cpu.max (a non-default period, so swapped fields show) and a workload inside that
 * allocates memory and spins into its CPU quota, next to a sibling with no limits at all. The
 * cgroups collector runs in the guest (its bundle and one scrape); jsos must report exactly the
 * limits that were set, the kernel's "max" as unlimited, and real usage, in cgroups.json and in
 * the cAdvisor metrics; and block I/O (a dd with O_DIRECT to a loop device from inside the
 * limited cgroup) under cAdvisor's per-device names. One boot for the class; the scenarios below
 * assert on its output.
 */
@Tag("real")
@Tag("guest")
class CgroupsV2GuestTest {

    static final String LIMITED = "/jsos-guest-limited";
    static final String UNLIMITED = "/jsos-guest-unlimited";
    static final long MEMORY_MAX = 256L << 20;
    static final long ALLOCATED = 64L << 20;
    static final int PIDS_MAX = 48;
    static final long QUOTA_US = 25_000;
    static final long PERIOD_US = 50_000;

    static GuestResult guest;
    static GuestCollectorRun cgroups;

    @BeforeAll
    static void runInTheGuest(@TempDir Path tmp) {
        String script = """
                set -eu
                C=/sys/fs/cgroup
                L=$C%1$s U=$C%2$s
                echo "+memory +pids +cpu +io" > $C/cgroup.subtree_control
                mkdir $L $U
                echo %3$d > $L/memory.max
                echo %4$d > $L/pids.max
                echo "%5$d %6$d" > $L/cpu.max
                # The workload starts inside the cgroup (charged there from its first page):
                # it touches %7$d bytes, then spins into its CPU quota until killed.
                sh -c "echo \\$\\$ > $L/cgroup.procs; exec perl -e '\\$x = \\"x\\" x %7$d; 1 while 1'" &
                W=$!
                for i in $(seq 300); do
                  m=$(cat $L/memory.current); u=$(awk '/^usage_usec/ {print $2}' $L/cpu.stat)
                  [ "$m" -ge %7$d ] && [ "$u" -ge 300000 ] && break
                  sleep 0.1
                done
                # Block I/O: 8 MiB written with O_DIRECT to a loop device (the guest's only kind of disk)
                # from inside the limited cgroup; io.stat charges it there at once.
                # (not fatal here: the other scenarios need no disk; the block I/O one says what was missing)
                modprobe loop 2>/dev/null || true
                truncate -s 64M /tmp/jsos-io.img
                if D=$(losetup -f --show /tmp/jsos-io.img); then
                  basename $D > loop-name
                  cat /sys/class/block/$(basename $D)/dev > loop-dev
                  sh -c "echo \\$\\$ > $L/cgroup.procs; exec dd if=/dev/zero of=$D bs=1M count=8 oflag=direct 2>/dev/null"
                fi
                mkdir -p kernel
                cat $L/io.stat > kernel/io.stat
                for f in memory.max pids.max cpu.max memory.current pids.current cpu.stat; do cat $L/$f > kernel/$f; done
                cat $U/memory.max > kernel/unlimited-memory.max
                s=$(date +%%s%%N)
                %8$s
                echo $(( ($(date +%%s%%N) - s) / 1000000 )) > collector-ms
                kill $W
                """.formatted(LIMITED, UNLIMITED, MEMORY_MAX, PIDS_MAX, QUOTA_US, PERIOD_US, ALLOCATED,
                Guest.runCollector("cgroups", "$JSOS_GUEST_OUT/cgroups"));
        guest = Guest.require().run(script, tmp.resolve("guest")).assertSucceeded();
        cgroups = guest.collector("cgroups");
        System.out.printf("cgroups guest: %d ms in all, the collector run (java, collect + scrape) %s ms%n",
                guest.elapsed().toMillis(), guest.text("collector-ms").strip());
    }

    @Test
    void theKernelTookTheLimitsTheTestSet() {
        // Guards the test itself: what the kernel shows is what jsos must report below.
        assertThat(guest.text("kernel/memory.max").strip()).isEqualTo(Long.toString(MEMORY_MAX));
        assertThat(guest.text("kernel/cpu.max").strip()).isEqualTo(QUOTA_US + " " + PERIOD_US);
        assertThat(guest.text("kernel/unlimited-memory.max").strip()).isEqualTo("max");
        assertThat(Long.parseLong(guest.text("kernel/memory.current").strip())).isGreaterThanOrEqualTo(ALLOCATED);
    }

    @Test
    void theBundleReportsExactlyTheLimitsAndRealUsage() {
        assertThat(cgroups.status()).as(cgroups.entry().toString()).isEqualTo("ok");
        JsonNode doc = cgroups.json();
        assertThat(doc.at("/layout/mode").asText()).isEqualTo("v2");
        JsonNode c = cgroup(doc, LIMITED);
        assertThat(c.at("/memory/limit").asLong()).isEqualTo(MEMORY_MAX);
        assertThat(c.at("/pids/max").asLong()).isEqualTo(PIDS_MAX);
        assertThat(c.at("/cpu/quotaUs").asLong()).isEqualTo(QUOTA_US);
        assertThat(c.at("/cpu/periodUs").asLong()).isEqualTo(PERIOD_US);
        assertThat(c.get("processes").asInt()).isEqualTo(1);
        assertThat(c.at("/pids/current").asLong()).isEqualTo(1);
        assertThat(c.at("/memory/usage").asLong()).isBetween(ALLOCATED * 3 / 4, MEMORY_MAX);
        assertThat(c.at("/memory/workingSet").asLong()).isPositive();
        assertThat(c.at("/memory/events").toString()).contains("oom_kill");
        assertThat(c.at("/cpu/usageNs").asLong()).isGreaterThanOrEqualTo(300_000_000L);
        assertThat(c.at("/cpu/periods").asLong()).isPositive();
        assertThat(c.at("/cpu/throttledPeriods").asLong()).as("a process spinning past its half-CPU quota").isPositive();
        assertThat(c.at("/state/populated").asBoolean()).isTrue();

        JsonNode u = cgroup(doc, UNLIMITED);
        assertThat(u.at("/memory/limit").asText()).isEqualTo("max");
        assertThat(u.at("/pids/max").asText()).isEqualTo("max");
        assertThat(u.at("/cpu/quotaUs").asText()).isEqualTo("max");
        assertThat(u.get("processes").asInt()).isZero();

        assertThat(cgroups.text("sys/fs/cgroup" + LIMITED + "/cpu.max").strip()).isEqualTo(QUOTA_US + " " + PERIOD_US);
        assertThat(cgroups.text("sos_commands/cgroups/tree")).contains(LIMITED.substring(1) + "  procs 1, mem ");
    }

    @Test
    void theCadvisorMetricsCarryTheLimitsAndUsage() {
        Scrape s = cgroups.scrape();
        assertThat(s.value("container_spec_memory_limit_bytes", "id", LIMITED)).contains((double) MEMORY_MAX);
        assertThat(s.value("container_spec_cpu_quota", "id", LIMITED)).contains((double) QUOTA_US);
        assertThat(s.value("container_spec_cpu_period", "id", LIMITED)).contains((double) PERIOD_US);
        assertThat(s.value("container_threads_max", "id", LIMITED)).contains((double) PIDS_MAX);
        assertThat(s.value("container_processes", "id", LIMITED)).contains(1.0);
        assertThat(s.value("container_memory_usage_bytes", "id", LIMITED).orElseThrow())
                .isBetween(ALLOCATED * 3 / 4.0, (double) MEMORY_MAX);
        assertThat(s.value("container_cpu_usage_seconds_total", "id", LIMITED, "cpu", "total").orElseThrow())
                .isGreaterThanOrEqualTo(0.3);
        assertThat(s.value("container_cpu_cfs_throttled_periods_total", "id", LIMITED).orElseThrow()).isPositive();
        assertThat(s.value("container_pressure_cpu_waiting_seconds_total", "id", LIMITED)).isPresent();

        // cAdvisor's conventions for "no limit": memory 0, and no quota series at all.
        assertThat(s.value("container_spec_memory_limit_bytes", "id", UNLIMITED)).contains(0.0);
        assertThat(s.value("container_threads_max", "id", UNLIMITED)).contains(0.0);
        assertThat(s.value("container_spec_cpu_quota", "id", UNLIMITED)).isEmpty();
        assertThat(s.value("jsos_cgroups", "mode", "v2").orElseThrow()).isGreaterThanOrEqualTo(3);
    }

    /** v2 io.stat under cAdvisor's names: the 8 MiB dd wrote to the loop device, named /dev/loopN from sysfs. */
    @Test
    void theBlockIoOfTheCgroupIsCountedPerDevice() {
        Real.require(java.nio.file.Files.exists(guest.file("loop-name")), "a loop device in the guest (losetup, the loop driver)");
        String device = "/dev/" + guest.text("loop-name").strip();
        assertThat(guest.text("kernel/io.stat")).as("the kernel charged the cgroup").startsWith(guest.text("loop-dev").strip() + " ");
        Scrape s = cgroups.scrape();
        assertThat(s.value("container_fs_writes_bytes_total", "id", LIMITED, "device", device).orElseThrow())
                .isGreaterThanOrEqualTo(8 << 20);
        assertThat(s.value("container_fs_writes_total", "id", LIMITED, "device", device).orElseThrow()).isPositive();
        assertThat(s.value("container_fs_reads_bytes_total", "id", LIMITED, "device", device)).isPresent();
        assertThat(s.value("container_fs_writes_bytes_total", "id", UNLIMITED, "device", device))
                .as("the sibling did no I/O").isEmpty();
    }

    private static JsonNode cgroup(JsonNode doc, String path) {
        return StreamSupport.stream(doc.get("cgroups").spliterator(), false)
                .filter(c -> c.get("path").asText().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no cgroup " + path + " in cgroups.json; it has "
                        + doc.get("cgroups").findValuesAsText("path")));
    }
}
