package io.jsos.findings;

import io.jsos.testkit.FixtureHost;

import java.nio.file.Path;

/**
 * A small Kubernetes-style node built in code, healthy by default, with one switch per problem the
 * built-in rules look for. The real collectors (system, processes, cgroups) read it through the
 * same Host class they use on a node.
 */
final class FixtureNode {

    static final String CG = "/sys/fs/cgroup";
    static final String POD = "/kubepods.slice/kubepods-pod0a1b2c3d_4e5f_4a6b_8c7d_9e0f1a2b3c4d.slice";
    static final String APP = POD + "/cri-containerd-" + "a".repeat(64) + ".scope";
    static final String DB = POD + "/cri-containerd-" + "b".repeat(64) + ".scope";

    boolean oomKill;
    boolean throttled;
    boolean memoryNearLimit;
    boolean pidsNearMax;
    boolean pressure;
    boolean dState;
    boolean zombies;
    boolean runawayThreads;
    boolean lowMemory;
    boolean hungTask;
    boolean softLockup;
    boolean hangingDmesg;
    String resolvConf = "nameserver 10.0.0.2\nsearch cluster.local\noptions ndots:5\n";

    FixtureHost build(Path root) {
        FixtureHost h = FixtureHost.in(root)
                .file("/etc/hostname", "node-a\n")
                .file("/etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=Debian\n")
                .file("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
                .file("/etc/resolv.conf", resolvConf)
                .file("/proc/sys/kernel/hostname", "node-a\n")
                .file("/proc/sys/kernel/osrelease", "6.1.0-test\n")
                .file("/proc/uptime", "86400.00 100.00\n")
                .file("/proc/loadavg", "0.50 0.40 0.30 1/100 999\n")
                .file("/proc/cpuinfo", "processor\t: 0\nmodel name\t: Test CPU\n\nprocessor\t: 1\nmodel name\t: Test CPU\n")
                .file("/proc/meminfo", "MemTotal:       16000000 kB\nMemFree:         " + (lowMemory ? "200000" : "8000000")
                        + " kB\nMemAvailable:    " + (lowMemory ? "400000" : "12000000") + " kB\nBuffers: 1000 kB\nCached: 100000 kB\n"
                        + "SwapTotal: 0 kB\nSwapFree: 0 kB\n")
                .file("/proc/mounts", "/dev/vda1 / ext4 rw,relatime 0 0\n")
                .file("/proc/stat", "cpu  100 0 100 1000 0 0 0 0 0 0\nbtime 1763700000\nprocesses 1000\n")
                .file("/proc/1/mountinfo", "26 22 0:24 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate\n"
                        + "1 0 253:1 / / rw,relatime - ext4 /dev/vda1 rw\n")
                .file("/proc/cgroups", "#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpu\t0\t5\t1\nmemory\t0\t5\t1\npids\t0\t5\t1\n")
                .file("/proc/pressure/memory", "some avg10=0.00 avg60=0.00 avg300=0.00 total=1\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=1\n")
                .file(CG + "/cgroup.controllers", "cpu memory pids\n")
                .file(CG + "/cgroup.procs", "1\n")
                .file(CG + "/cpu.stat", "usage_usec 100\nuser_usec 60\nsystem_usec 40\n");
        h = cgroup(h, "/kubepods.slice", "max", 1 << 30, "max", 10, oomKill ? 1 : 0, 0, false);
        h = cgroup(h, POD, "max", 1 << 30, "max", 10, oomKill ? 1 : 0, 0, false);
        h = cgroup(h, APP, String.valueOf(512L << 20), memoryNearLimit ? (510L << 20) : (100L << 20),
                pidsNearMax ? "100" : "1000", pidsNearMax ? 99 : 5, oomKill ? 1 : 0, throttled ? 600 : 10, pressure);
        h = cgroup(h, DB, String.valueOf(1L << 30), 200L << 20, "1000", 5, 0, 0, false);
        h = process(h, 1, 0, "systemd", "S", "ep_poll", 1, "/init.scope", null);
        h = process(h, 100, 1, "app", "S", "do_select", runawayThreads ? 3000 : 4, APP, null);
        if (dState) {
            h = h.file("/proc/100/task/101/stat", stat(101, 1, "app worker", "D", runawayThreads ? 3000 : 4))
                    .file("/proc/100/task/101/wchan", "rpc_wait_bit_killable")
                    .file("/proc/100/task/101/stack", "[<0>] rpc_wait_bit_killable+0x1e/0xa0 [sunrpc]\n"
                            + "[<0>] nfs4_do_close+0x2a8/0x310 [nfsv4]\n[<0>] do_syscall_64+0x58/0xc0\n");
        }
        if (zombies) {
            for (int i = 0; i < 25; i++) {
                h = process(h, 200 + i, 100, "defunct-child", "Z", null, 1, APP, null);
            }
        }
        String dmesg = "[Sun Nov 22 00:00:00 2026] Linux version 6.1.0-test\n";
        if (hungTask) {
            dmesg += "[Sun Nov 22 01:00:00 2026] INFO: task app:101 blocked for more than 120 seconds.\n";
        }
        if (softLockup) {
            dmesg += "[Sun Nov 22 01:00:05 2026] watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [app:100]\n";
        }
        if (hangingDmesg) {
            h = h.commandScript("dmesg", "#!/bin/sh\nexec sleep 100000\n");
        } else {
            h = h.command("dmesg", dmesg, 0);
        }
        return h.command("uname", "Linux node-a 6.1.0-test x86_64 GNU/Linux\n", 0)
                .command("sysctl", "kernel.hostname = node-a\n", 0);
    }

    private static FixtureHost cgroup(FixtureHost h, String path, String memMax, long memCurrent, String pidsMax, int pids,
                                      int oomKills, int throttledPeriods, boolean pressure) {
        String d = CG + path;
        String psi = pressure ? "some avg10=60.00 avg60=55.00 avg300=40.00 total=100000\nfull avg10=20.00 avg60=15.00 avg300=10.00 total=5000\n"
                : "some avg10=0.00 avg60=0.00 avg300=0.00 total=10\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=5\n";
        return h.file(d + "/cgroup.procs", "100\n")
                .file(d + "/cgroup.threads", "100\n")
                .file(d + "/cgroup.controllers", "cpu memory pids\n")
                .file(d + "/cpu.stat", "usage_usec 2000000\nuser_usec 1500000\nsystem_usec 500000\nnr_periods 1000\nnr_throttled "
                        + throttledPeriods + "\nthrottled_usec " + throttledPeriods * 1000 + "\n")
                .file(d + "/cpu.max", "200000 100000\n")
                .file(d + "/cpu.weight", "100\n")
                .file(d + "/memory.current", memCurrent + "\n")
                .file(d + "/memory.max", memMax + "\n")
                .file(d + "/memory.stat", "anon " + memCurrent / 2 + "\nfile " + memCurrent / 2 + "\ninactive_file 0\n")
                .file(d + "/memory.events", "low 0\nhigh 0\nmax " + oomKills + "\noom " + oomKills + "\noom_kill " + oomKills + "\n")
                .file(d + "/pids.current", pids + "\n")
                .file(d + "/pids.max", pidsMax + "\n")
                .file(d + "/cpu.pressure", psi)
                .file(d + "/memory.pressure", psi.replace("some avg10=60.00 avg60=55.00", "some avg10=0.00 avg60=0.00")
                        .replace("full avg10=20.00 avg60=15.00", "full avg10=0.00 avg60=0.00"))
                .file(d + "/io.pressure", "some avg10=0.00 avg60=0.00 avg300=0.00 total=10\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=5\n");
    }

    private static FixtureHost process(FixtureHost h, int pid, int ppid, String comm, String state, String wchan, int threads,
                                       String cgroup, String cmdline) {
        String p = "/proc/" + pid;
        h = h.file(p + "/status", "Name:\t" + comm + "\nState:\t" + state + "\nTgid:\t" + pid + "\nPid:\t" + pid + "\nPPid:\t" + ppid
                        + "\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nVmRSS:\t1000 kB\nThreads:\t" + threads + "\n")
                .file(p + "/cmdline", (cmdline == null ? "/usr/bin/" + comm : cmdline) + "\0")
                .file(p + "/cgroup", "0::" + cgroup + "\n")
                .file(p + "/task/" + pid + "/stat", stat(pid, ppid, comm, state, threads));
        return wchan == null ? h : h.file(p + "/task/" + pid + "/wchan", wchan);
    }

    private static String stat(int pid, int ppid, String comm, String state, int threads) {
        return pid + " (" + comm + ") " + state + " " + ppid + " " + pid + " " + pid + " 0 -1 4194560 1000 0 2 0 150 30 0 0 20 0 "
                + threads + " 0 3600 43085824 512 18446744073709551615 1 1 0 0 0 0 0 4096 1256 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";
    }
}
