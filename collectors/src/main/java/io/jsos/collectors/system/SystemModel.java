package io.jsos.collectors.system;

import java.util.List;
import java.util.Map;

/**
 * What jsos/system.json holds.
 *
 * @param hostname    as the host names itself (redacted in the bundle)
 * @param os          etc/os-release PRETTY_NAME (or NAME VERSION)
 * @param kernel      the running kernel's release
 * @param arch        the CPU architecture
 * @param uptimeSeconds seconds since boot, or null
 * @param load        1/5/15-minute load averages, or null
 * @param memory      selected /proc/meminfo fields, bytes
 * @param cpu         CPU model and logical CPU count from /proc/cpuinfo
 * @param fileSystems every mount, with usage for local file systems
 * @param hardware    machine identity from DMI in sysfs, plus OSHI's CPU identification on the live node
 *                    (null with hardware=false)
 */
public record SystemModel(String hostname, String os, String kernel, String arch, Double uptimeSeconds,
                          double[] load, Map<String, Long> memory, SystemFiles.CpuSummary cpu,
                          List<FileSystem> fileSystems, Map<String, Object> hardware,
                          Map<String, Object> clock) {


    /**
     * A mounted file system.
     *
     * @param usage null when not measured: network and pseudo file systems are never statted,
     *              because a hung NFS server makes statfs hang
     */
    public record FileSystem(String device, String mountPoint, String type, String options, Usage usage, String note) {
    }

    public record Usage(long totalBytes, long usedBytes, long availableBytes, double usedPercent) {
    }

    /** A few human lines, the first thing to read in a bundle. */
    String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("host:     ").append(hostname).append('\n');
        sb.append("os:       ").append(os).append('\n');
        sb.append("kernel:   ").append(kernel).append(" (").append(arch).append(")\n");
        if (uptimeSeconds != null) {
            long s = uptimeSeconds.longValue();
            sb.append("uptime:   ").append(s / 86400).append("d ").append((s % 86400) / 3600).append("h ")
                    .append((s % 3600) / 60).append("m\n");
        }
        if (load != null) {
            sb.append(String.format("load:     %.2f %.2f %.2f%n", load[0], load[1], load[2]));
        }
        if (cpu != null) {
            sb.append("cpu:      ").append(cpu.logicalCpus()).append(" x ").append(cpu.model()).append('\n');
        }
        Long total = memory.get("MemTotal");
        Long avail = memory.get("MemAvailable");
        if (total != null && avail != null) {
            sb.append(String.format("memory:   %.1f GiB total, %.1f GiB available%n", total / 1073741824.0, avail / 1073741824.0));
        }
        if (clock != null) {
            sb.append("clock:    ").append(Boolean.TRUE.equals(clock.get("synchronized")) ? "synchronised" : "NOT synchronised")
                    .append(" (kernel, ").append(clock.get("source")).append(")\n");
        }
        sb.append("file systems:\n");
        for (FileSystem fs : fileSystems) {
            if (fs.usage() != null) {
                sb.append(String.format("  %-30s %-8s %5.1f%% used of %.1f GiB%n", fs.mountPoint(), fs.type(),
                        fs.usage().usedPercent(), fs.usage().totalBytes() / 1073741824.0));
            }
        }
        return sb.toString();
    }
}
