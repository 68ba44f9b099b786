package io.jsos.cgroups;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.engine.host.LocalHost;
import io.jsos.report.manifest.CollectorStatus;
import io.jsos.testkit.CollectorHarness;
import io.jsos.testkit.CollectorHarness.BundleOutcome;
import io.jsos.testkit.Real;
import io.jsos.testkit.ScrapeHarness;
import io.jsos.testkit.ScrapeHarness.Scrape;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real cgroups on this machine, created by the test: a child in the v1 memory, cpu, cpuacct and
 * pids hierarchies with limits, one in the v2 mount (PSI and cgroup.* files only on a hybrid
 * host), and a workload started inside them. jsos must report exactly those limits and non-zero
 * usage, as one cgroup merged across the hierarchies. The mounts are found from
 * /proc/self/mountinfo (read here independently of jsos); the children are top-level with unique
 * names, and removed afterwards.
 */
@Tag("real")
class CgroupsRealMachineTest {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final long MEMORY_LIMIT = 200L << 20;
    private static final long ALLOCATED = 60L << 20;

    @TempDir
    Path tmp;

    @Test
    void jsosReportsTheLimitsAndUsageOfCgroupsItCreated() throws Exception {
        Real.requireRoot();
        Map<String, Path> mounts = cgroupMounts();
        for (String c : List.of("memory", "cpu", "cpuacct", "pids", "v2")) {
            Real.require(mounts.containsKey(c), "a mounted cgroup " + c + " hierarchy (this test is for v1 or hybrid hosts;"
                    + " pure v2 runs in the QEMU guest)");
        }
        String name = "jsos-test-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
        String path = "/" + name;
        Set<Path> dirs = new LinkedHashSet<>();
        for (String c : List.of("memory", "cpu", "cpuacct", "pids", "v2")) {
            dirs.add(mounts.get(c).resolve(name));   // cpu and cpuacct may be one co-mounted hierarchy
        }
        Process workload = null;
        try {
            for (Path d : dirs) {
                Files.createDirectory(d);
            }
            Path mem = mounts.get("memory").resolve(name);
            Path cpu = mounts.get("cpu").resolve(name);
            Path pids = mounts.get("pids").resolve(name);
            Files.writeString(mem.resolve("memory.limit_in_bytes"), Long.toString(MEMORY_LIMIT));
            Files.writeString(pids.resolve("pids.max"), "64");
            Files.writeString(cpu.resolve("cpu.cfs_period_us"), "100000");
            Files.writeString(cpu.resolve("cpu.cfs_quota_us"), "50000");
            Files.writeString(cpu.resolve("cpu.shares"), "512");

            // Join every hierarchy first, then allocate: v1 charges memory where it is allocated, not where a process moves.
            StringBuilder join = new StringBuilder();
            for (Path d : dirs) {
                join.append("echo $$ > ").append(d.resolve("cgroup.procs")).append(" && ");
            }
            String spin = "my $x = \"x\" x " + ALLOCATED + "; my $t = time; my $i = 0; while (time - $t < 60) { $i++ }";
            workload = new ProcessBuilder("/bin/sh", "-c", join + "exec perl -e '" + spin + "'").redirectErrorStream(true).start();
            waitForUsage(mem, mounts.get("cpuacct").resolve(name), workload);

            BundleOutcome out = CollectorHarness.collect(new CgroupsCollector(), LocalHost.local(), tmp);
            assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
            JsonNode doc = out.json();
            assertThat(doc.at("/layout/mode").asText()).isIn("v1", "hybrid");
            JsonNode c = Json.cgroup(doc, path);
            assertThat(c.get("hierarchies").toString()).contains("\"memory\"", "\"pids\"", "\"unified\"", "cpu", "cpuacct");
            assertThat(c.at("/identity/kind").asText()).isEqualTo("other");
            assertThat(c.get("processes").asInt()).isEqualTo(1);
            assertThat(c.at("/memory/limit").asLong()).isEqualTo(MEMORY_LIMIT);
            assertThat(c.at("/memory/usage").asLong()).isGreaterThanOrEqualTo(ALLOCATED * 3 / 4);
            assertThat(c.at("/memory/maxUsage").asLong()).isGreaterThanOrEqualTo(ALLOCATED * 3 / 4);
            assertThat(c.at("/memory/rss").asLong()).isGreaterThanOrEqualTo(ALLOCATED / 2);
            assertThat(c.at("/cpu/quotaUs").asLong()).isEqualTo(50_000);
            assertThat(c.at("/cpu/periodUs").asLong()).isEqualTo(100_000);
            assertThat(c.at("/cpu/shares").asLong()).isEqualTo(512);
            assertThat(c.at("/cpu/usageNs").asLong()).isPositive();
            assertThat(c.at("/cpu/periods").asLong()).isPositive();
            assertThat(c.at("/pids/max").asLong()).isEqualTo(64);
            assertThat(c.at("/pids/current").asLong()).isEqualTo(1);
            assertThat(c.at("/state/populated").asBoolean()).as("from the v2 child's cgroup.events").isTrue();
            assertThat(c.at("/pressure/cpu/some").isObject()).as("PSI from the v2 child").isTrue();
            assertThat(out.text("sys/fs/cgroup/memory/" + name + "/memory.limit_in_bytes").strip()).isEqualTo(Long.toString(MEMORY_LIMIT));
            assertThat(out.text("sos_commands/cgroups/tree")).contains(name + "  procs 1, mem ");

            Scrape s = ScrapeHarness.scrape(new CgroupsCollector(), LocalHost.local());   // fails on duplicate series
            assertThat(s.value("container_spec_memory_limit_bytes", "id", path)).contains((double) MEMORY_LIMIT);
            assertThat(s.value("container_spec_cpu_quota", "id", path)).contains(50_000.0);
            assertThat(s.value("container_spec_cpu_period", "id", path)).contains(100_000.0);
            assertThat(s.value("container_spec_cpu_shares", "id", path)).contains(512.0);
            assertThat(s.value("container_threads_max", "id", path)).contains(64.0);
            assertThat(s.value("container_processes", "id", path)).contains(1.0);
            assertThat(s.value("container_memory_usage_bytes", "id", path).orElseThrow()).isGreaterThanOrEqualTo(ALLOCATED * 3 / 4.0);
            assertThat(s.value("container_memory_working_set_bytes", "id", path).orElseThrow()).isPositive();
            assertThat(s.value("container_cpu_usage_seconds_total", "id", path, "cpu", "total").orElseThrow()).isPositive();
            assertThat(s.value("container_cpu_cfs_periods_total", "id", path).orElseThrow()).isPositive();
            assertThat(s.value("container_pressure_cpu_waiting_seconds_total", "id", path)).isPresent();
        } finally {
            if (workload != null) {
                workload.destroyForcibly();
                workload.waitFor(10, TimeUnit.SECONDS);
            }
            List<Path> reversed = new ArrayList<>(dirs);
            java.util.Collections.reverse(reversed);
            for (Path d : reversed) {
                removeCgroup(d);
            }
        }
        for (Path d : dirs) {
            assertThat(d).doesNotExist();
        }
    }

    /**
     * Block I/O: a dd writing with O_DIRECT (past the page cache, so the write is the cgroup's own
     * block I/O at once) from inside a v1 blkio child the test creates; the scrape must show its
     * bytes and operations under a device named from sysfs.
     */
    @Test
    void jsosReportsTheBlockIoOfACgroupItCreated() throws Exception {
        Real.requireRoot();
        Path dd = Real.requireProgram("dd", "coreutils");
        Map<String, Path> mounts = cgroupMounts();
        Real.require(mounts.containsKey("blkio"), "a mounted cgroup v1 blkio hierarchy (v2 io is tested with fixtures)");
        String name = "jsos-test-blkio-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
        Path dir = mounts.get("blkio").resolve(name);
        Path target = tmp.resolve("direct.out");
        long written = 8L << 20;
        Files.createDirectory(dir);
        try {
            // Since 6.10 the kernel counts v1 throttle statistics only on a disk where some cgroup has a throttle
            // rule; a limit no dd reaches (1 TiB/s) on the temp folder's disk makes it count.
            Files.writeString(dir.resolve("blkio.throttle.write_bps_device"), diskOf(tmp) + " " + (1L << 40));
            Process p = new ProcessBuilder("/bin/sh", "-c", "echo $$ > " + dir.resolve("cgroup.procs") + " && exec " + dd
                    + " if=/dev/zero of=" + target + " bs=1M count=" + (written >> 20) + " oflag=direct")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            Real.require(p.exitValue() == 0 || !out.contains("Invalid argument"),
                    "a file system under the temp folder that takes O_DIRECT writes: " + out);
            assertThat(p.exitValue()).as(out).isZero();

            Scrape s = ScrapeHarness.scrape(new CgroupsCollector(), LocalHost.local());   // fails on duplicate series
            String path = "/" + name;
            List<ScrapeHarness.Sample> bytes = s.family("container_fs_writes_bytes_total").stream()
                    .filter(x -> path.equals(x.labels().get("id"))).toList();
            assertThat(bytes).isNotEmpty();
            assertThat(bytes.stream().mapToDouble(ScrapeHarness.Sample::value).sum()).isGreaterThanOrEqualTo(written);
            assertThat(bytes).allSatisfy(x -> assertThat(x.labels().get("device")).as("named from sysfs").startsWith("/dev/"));
            assertThat(s.family("container_fs_writes_total").stream().filter(x -> path.equals(x.labels().get("id")))
                    .mapToDouble(ScrapeHarness.Sample::value).sum()).isPositive();
        } finally {
            removeCgroup(dir);
        }
        assertThat(dir).doesNotExist();
    }

    /** MAJ:MIN of the disk holding {@code p} (the whole disk when the file system is on a partition). */
    private static String diskOf(Path p) throws IOException {
        long dev = (Long) Files.getAttribute(p, "unix:dev");
        long major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffL);
        long minor = (dev & 0xff) | ((dev >> 12) & ~0xffL);
        String majMin = major + ":" + minor;
        Path sys = Path.of("/sys/dev/block", majMin);
        Real.require(Files.exists(sys), "the temp folder on a block device (it is on " + majMin + ")");
        Path real = sys.toRealPath();
        return Files.exists(real.resolve("partition")) ? Files.readString(real.getParent().resolve("dev")).strip() : majMin;
    }

    /** Controller (or "v2") → mount point, from /proc/self/mountinfo. */
    private static Map<String, Path> cgroupMounts() throws IOException {
        Map<String, Path> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (dash < 0 || dash + 1 >= f.length) {
                continue;
            }
            Path mp = Path.of(f[4].replace("\\040", " "));
            if (f[dash + 1].equals("cgroup2")) {
                out.putIfAbsent("v2", mp);
            } else if (f[dash + 1].equals("cgroup") && dash + 3 < f.length) {
                for (String o : f[dash + 3].split(",")) {
                    out.putIfAbsent(o, mp);
                }
            }
        }
        return out;
    }

    private static void waitForUsage(Path memory, Path cpuacct, Process workload) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!workload.isAlive()) {
                throw new AssertionError("the workload exited " + workload.exitValue() + ": "
                        + new String(workload.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
            long mem = Long.parseLong(Files.readString(memory.resolve("memory.usage_in_bytes")).strip());
            long cpu = Long.parseLong(Files.readString(cpuacct.resolve("cpuacct.usage")).strip());
            if (mem >= ALLOCATED && cpu > 200_000_000L) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the workload did not allocate " + ALLOCATED + " bytes and burn CPU within 20 s");
    }

    /** rmdir, retried: a cgroup stays busy for a moment after its last process exits. */
    private static void removeCgroup(Path dir) throws InterruptedException {
        for (int i = 0; i < 50 && Files.exists(dir); i++) {
            try {
                Files.delete(dir);
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
    }
}
