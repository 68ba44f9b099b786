package io.jsos.collectors.system;

import io.jsos.api.Applicability;
import io.jsos.api.Bundle;
import io.jsos.api.CollectContext;
import io.jsos.api.Collector;
import io.jsos.api.Command;
import io.jsos.api.Host;
import io.jsos.api.MetricsWriter;
import io.jsos.api.OptionSpec;
import io.jsos.api.ScrapeContext;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node at a glance: OS, kernel, CPU, memory, uptime, load and file systems, plus the files a
 * support engineer opens first.
 *
 * <p>Facts come from the host's own files (so {@code --host-root} and fixture hosts work); the
 * machine identity comes from DMI in sysfs; CPU identity and topology come from OSHI, and only when jsos runs on the node itself,
 * because OSHI reads the live {@code /proc} and {@code /sys} of the machine it runs on.
 */
public final class SystemCollector implements Collector {

    /** Copied verbatim at their host paths. Missing ones are recorded, not errors. */
    static final List<String> FILES = List.of(
            "/proc/cpuinfo", "/proc/meminfo", "/proc/cmdline", "/proc/loadavg", "/proc/uptime", "/proc/version",
            "/proc/vmstat", "/proc/stat", "/proc/mounts", "/proc/1/mountinfo", "/proc/swaps", "/proc/partitions",
            "/proc/diskstats", "/proc/interrupts", "/proc/softirqs", "/proc/modules", "/proc/buddyinfo",
            "/proc/zoneinfo", "/proc/slabinfo", "/proc/cgroups", "/proc/filesystems",
            "/proc/pressure/cpu", "/proc/pressure/memory", "/proc/pressure/io",
            "/proc/sys/kernel/tainted", "/proc/sys/kernel/hostname", "/proc/sys/kernel/osrelease",
            "/proc/sys/kernel/pid_max", "/proc/sys/kernel/threads-max", "/proc/sys/fs/file-nr",
            "/proc/sys/vm/overcommit_memory", "/proc/sys/vm/swappiness",
            "/etc/os-release", "/etc/hostname", "/etc/hosts", "/etc/resolv.conf", "/etc/nsswitch.conf",
            "/etc/fstab", "/etc/timezone", "/etc/sysctl.conf", "/etc/security/limits.conf");

    /** Kernel log: its tail is what a support case needs. */
    static final long DMESG_CAP = 4L << 20;

    static final OptionSpec<Boolean> HARDWARE = OptionSpec.bool("hardware", true,
            "identify the machine (DMI from sysfs) and, on the live node, the CPU and its topology through OSHI");

    @Override
    public String name() {
        return "system";
    }

    @Override
    public String description() {
        return "OS, kernel, CPU, memory, uptime, load, file systems; /proc and /etc basics, dmesg, sysctl";
    }

    @Override
    public Applicability applies(Host host) {
        return host.exists("/proc/meminfo") || host.exists("/etc/os-release")
                ? Applicability.yes("every Linux host")
                : Applicability.no("neither /proc/meminfo nor /etc/os-release exists under the host root");
    }

    @Override
    public List<OptionSpec<?>> options() {
        return List.of(HARDWARE);
    }

    @Override
    public void collect(CollectContext ctx) {
        Host host = ctx.host();
        Bundle bundle = ctx.bundle();
        bundle.copy(FILES.toArray(String[]::new));
        bundle.copyTree("/etc/sysctl.d", "*.conf", 1);
        bundle.command("uname_-a", Command.of("uname", "-a").timeout(Duration.ofSeconds(5)));
        bundle.command("dmesg", Command.of("dmesg", "--kernel", "--ctime").timeout(Duration.ofSeconds(10)).outputCap(DMESG_CAP));
        bundle.command("sysctl_-a", Command.of("sysctl", "-a").timeout(Duration.ofSeconds(10)));
        // Which daemon keeps time, and how well, where one is installed (the model has the kernel's view).
        // timedatectl asks systemd over D-Bus: without systemd as init (/run/systemd/system) it only fails.
        if (host.which("timedatectl").isPresent() && host.isDirectory("/run/systemd/system")) {
            bundle.command("timedatectl_show", Command.of("timedatectl", "show").timeout(Duration.ofSeconds(5)));
        }
        if (host.which("chronyc").isPresent()) {
            bundle.command("chronyc_tracking", Command.of("chronyc", "-n", "tracking").timeout(Duration.ofSeconds(5)));
        }
        SystemModel model = SystemReader.read(host, ctx.options().get(HARDWARE), ctx.deadline());
        bundle.json(model);
        bundle.text("summary", model.summary());
    }

    @Override
    public boolean exportsMetrics() {
        return true;
    }

    /** node_exporter's names, so existing dashboards work. */
    @Override
    public void scrape(ScrapeContext ctx) {
        Host host = ctx.host();
        MetricsWriter m = ctx.metrics();
        host.tryRead("/proc/loadavg").flatMap(SystemFiles::parseLoadavg).ifPresent(l -> {
            m.gauge("node_load1", "1m load average.", l[0]);
            m.gauge("node_load5", "5m load average.", l[1]);
            m.gauge("node_load15", "15m load average.", l[2]);
        });
        Map<String, Long> mem = SystemFiles.parseMeminfo(host.tryReadLines("/proc/meminfo"));
        Map<String, String> families = new LinkedHashMap<>();
        families.put("MemTotal", "Memory information field MemTotal_bytes.");
        families.put("MemFree", "Memory information field MemFree_bytes.");
        families.put("MemAvailable", "Memory information field MemAvailable_bytes.");
        families.put("Buffers", "Memory information field Buffers_bytes.");
        families.put("Cached", "Memory information field Cached_bytes.");
        families.put("SwapTotal", "Memory information field SwapTotal_bytes.");
        families.put("SwapFree", "Memory information field SwapFree_bytes.");
        families.forEach((key, help) -> {
            Long v = mem.get(key);
            if (v != null) {
                m.gauge("node_memory_" + key + "_bytes", help, v);
            }
        });
    }
}
