package io.jsos.perf;

import io.jsos.api.Host;
import io.jsos.testkit.FixtureHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PerfHostTest {

    @TempDir
    Path tmp;

    static final String MOUNTINFO_HYBRID = """
            31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;

    static FixtureHost node(Path root, String paranoid, String capEff, String uid) {
        return FixtureHost.in(root)
                .file("/proc/sys/kernel/perf_event_paranoid", paranoid + "\n")
                .file("/proc/sys/kernel/perf_event_max_sample_rate", "100000\n")
                .file("/proc/sys/kernel/kptr_restrict", "0\n")
                .file("/proc/self/status", "Name:\tjava\nUid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\nCapEff:\t" + capEff + "\n")
                .file("/sys/devices/system/cpu/online", "0-1\n")
                .file("/sys/bus/event_source/devices/software/type", "1\n")
                .file("/sys/bus/event_source/devices/tracepoint/type", "2\n")
                .file("/proc/cgroups", "#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpu\t2\t1\t1\nperf_event\t0\t1\t1\n")
                .file("/proc/1/mountinfo", MOUNTINFO_HYBRID)
                .file("/sys/fs/cgroup/unified/cpu.stat", "usage_usec 900\n")
                .file("/sys/fs/cgroup/unified/a/cpu.stat", "usage_usec 100\n")
                .file("/sys/fs/cgroup/unified/a/busy/cpu.stat", "usage_usec 80\n")
                .file("/sys/fs/cgroup/unified/b/cpu.stat", "usage_usec 300\n")
                .file("/sys/fs/cgroup/unified/c/cpu.stat", "garbage\n");
    }

    @Test
    void rootIsPrivilegedAndFindsTheV2Tree() {
        Host host = node(tmp, "2", "000001fffeffffff", "0").build();
        PerfHost ph = PerfHost.read(host);
        assertThat(ph.paranoid()).isEqualTo(2);
        assertThat(ph.maxSampleRate()).isEqualTo(100000);
        assertThat(ph.kptrRestrict()).isZero();
        assertThat(ph.privileged()).isTrue();
        assertThat(ph.privilegeReason()).isEqualTo("CAP_PERFMON (root)");
        assertThat(ph.excludeKernel()).isFalse();
        assertThat(ph.cpus()).containsExactly(0, 1);
        assertThat(ph.pmus()).extracting(PerfHost.Pmu::name).containsExactly("software", "tracepoint");
        assertThat(ph.pmus().get(1).type()).isEqualTo(2);
        assertThat(ph.cgroupRoot()).isEqualTo("/sys/fs/cgroup/unified");
        assertThat(ph.listCgroups(host, 3, 100)).extracting(PerfHost.CgroupUsage::path)
                .containsExactly("/b", "/a", "/a/busy", "/c");
        assertThat(ph.listCgroups(host, 1, 100)).hasSize(3);
        assertThat(ph.listCgroups(host, 3, 2)).hasSize(2);
    }

    @Test
    void unprivilegedAtParanoid2ExcludesTheKernel() {
        PerfHost ph = PerfHost.read(node(tmp, "2", "0000000000000000", "1000").build());
        assertThat(ph.privileged()).isFalse();
        assertThat(ph.excludeKernel()).isTrue();
        assertThat(ph.privilegeReason()).contains("own processes");
        PerfHost open = PerfHost.read(node(tmp.resolve("b"), "-1", "0", "1000").build());
        assertThat(open.privileged()).isTrue();
        assertThat(open.excludeKernel()).isFalse();
        PerfHost admin = PerfHost.read(node(tmp.resolve("c"), "2", "0000000000200000", "5").build());
        assertThat(admin.privilegeReason()).isEqualTo("CAP_SYS_ADMIN");
    }

    @Test
    void v1PerfEventHierarchy() {
        String mi = MOUNTINFO_HYBRID + "50 31 0:40 / /sys/fs/cgroup/perf_event rw - cgroup cgroup rw,perf_event\n";
        Host host = node(tmp, "2", "0", "0").file("/proc/1/mountinfo", mi)
                .file("/proc/cgroups", "perf_event\t10\t1\t1\n").build();
        assertThat(PerfHost.read(host).cgroupRoot()).isEqualTo("/sys/fs/cgroup/perf_event");
        Host lingering = node(tmp.resolve("x"), "2", "0", "0").file("/proc/cgroups", "perf_event\t10\t1\t1\n").build();
        PerfHost ph = PerfHost.read(lingering);
        assertThat(ph.cgroupRoot()).isNull();
        assertThat(ph.cgroupNote()).contains("not mounted");
        Host none = node(tmp.resolve("y"), "2", "0", "0").file("/proc/cgroups", "cpu\t2\t1\t1\n").build();
        assertThat(PerfHost.read(none).cgroupNote()).contains("CONFIG_CGROUP_PERF");
    }

    @Test
    void parsers() {
        assertThat(PerfHost.parseCpuList("0-3,5,7-8\n")).containsExactly(0, 1, 2, 3, 5, 7, 8);
        assertThat(PerfHost.parseCpuList("x,2")).containsExactly(2);
        assertThat(PerfHost.parseCpuList("")).isEmpty();
        assertThat(PerfHost.unescape("/a\\040b")).isEqualTo("/a b");
        assertThat(PerfHost.findCgroupMount(List.of("garbage", "1 2 3 - x"), true)).isNull();
        assertThat(PerfHost.parseCaps("zz")).isZero();
        assertThat(PerfHost.parseUsageUsec(List.of("usage_usec x"))).isZero();
    }

    @Test
    void emptyHostIsNeverAnError() {
        PerfHost ph = PerfHost.read(FixtureHost.in(tmp).build());
        assertThat(ph.paranoid()).isNull();
        assertThat(ph.cpus()).isEmpty();
        assertThat(ph.cgroupRoot()).isNull();
        assertThat(ph.privileged()).isFalse();
    }
}
