package io.jsos.cgroups;

import io.jsos.testkit.FixtureHost;

import java.nio.file.Path;

/** A small pure-v2 fixture host built in code, for bad-input tests. */
final class MiniV2 {

    static final String CG = "/sys/fs/cgroup";

    private MiniV2() {
    }

    static FixtureHost host(Path root) {
        return FixtureHost.in(root)
                .file("/proc/1/mountinfo", "26 22 0:24 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate\n")
                .file("/proc/cgroups", "#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpu\t0\t3\t1\nmemory\t0\t3\t1\npids\t0\t3\t1\n")
                .file(CG + "/cgroup.controllers", "cpu memory pids\n")
                .file(CG + "/cgroup.procs", "1\n")
                .file(CG + "/cpu.stat", "usage_usec 100\nuser_usec 60\nsystem_usec 40\n");
    }

    /** A child cgroup with the usual files. */
    static FixtureHost child(FixtureHost h, String path) {
        String d = CG + path;
        return h.file(d + "/cgroup.procs", "10\n11\n")
                .file(d + "/cgroup.threads", "10\n11\n12\n")
                .file(d + "/cpu.stat", "usage_usec 2000000\nuser_usec 1500000\nsystem_usec 500000\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n")
                .file(d + "/cpu.max", "max 100000\n")
                .file(d + "/cpu.weight", "100\n")
                .file(d + "/memory.current", "1048576\n")
                .file(d + "/memory.max", "max\n")
                .file(d + "/memory.stat", "anon 524288\nfile 524288\ninactive_file 262144\n")
                .file(d + "/memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n")
                .file(d + "/pids.current", "3\n")
                .file(d + "/pids.max", "max\n")
                .file(d + "/cpu.pressure", "some avg10=0.00 avg60=0.00 avg300=0.00 total=10\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=5\n");
    }
}
