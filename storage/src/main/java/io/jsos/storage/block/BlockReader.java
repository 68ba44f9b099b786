package io.jsos.storage.block;

import io.jsos.api.Host;
import io.jsos.storage.Mounts;
import io.jsos.storage.Nums;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads /sys/block, /proc/diskstats and mountinfo through the Host. Missing files give nulls. */
public final class BlockReader {

    /** /sys/block/<dev>/queue files worth keeping (small, stable, and what tuning guides talk about). */
    static final List<String> QUEUE = List.of("nr_requests", "read_ahead_kb", "max_sectors_kb", "max_hw_sectors_kb",
            "logical_block_size", "physical_block_size", "minimum_io_size", "optimal_io_size", "discard_max_bytes",
            "rq_affinity", "nomerges", "write_cache", "wbt_lat_usec", "add_random", "iostats");
    /** /proc/diskstats columns after major, minor and name (Documentation/admin-guide/iostats.rst). */
    static final List<String> DISKSTATS = List.of("reads_completed", "reads_merged", "sectors_read", "read_time_ms",
            "writes_completed", "writes_merged", "sectors_written", "write_time_ms", "ios_in_progress", "io_time_ms",
            "weighted_io_time_ms", "discards_completed", "discards_merged", "sectors_discarded", "discard_time_ms",
            "flushes_completed", "flush_time_ms");

    private BlockReader() {
    }

    /** Every block device with everything the bundle keeps. */
    public static List<BlockModel.Device> devices(Host host) {
        return devices(host, true);
    }

    /**
     * Every block device. {@code full} false reads only what the metrics emit (size, rotational,
     * scheduler, holders, device-mapper name, partitions and their holders): a scrape then skips
     * the fifteen queue settings, the statistics and the identity files of every device, about
     * thirty reads a device.
     */
    public static List<BlockModel.Device> devices(Host host, boolean full) {
        Map<String, Map<String, Long>> stats = full ? diskstats(host.tryReadLines("/proc/diskstats")) : Map.of();
        List<BlockModel.Device> out = new ArrayList<>();
        for (String name : host.list("/sys/block")) {
            String d = "/sys/block/" + name;
            // Only device-mapper devices have dm/ (the kernel names them dm-N): the others are not asked.
            boolean dm = name.startsWith("dm-");
            Map<String, String> queue = new LinkedHashMap<>();
            for (String q : full ? QUEUE : List.<String>of()) {
                host.tryRead(d + "/queue/" + q).map(String::strip).ifPresent(v -> queue.put(q, v));
            }
            String sched = host.tryRead(d + "/queue/scheduler").map(String::strip).orElse(null);
            List<BlockModel.Partition> parts = new ArrayList<>();
            for (String p : host.list(d)) {
                // The kernel names a partition after its disk (vda1, nvme0n1p1, loop0p1): only
                // those entries can be one, so the other twenty-odd are not even looked at.
                if (p.startsWith(name) && host.exists(d + "/" + p + "/partition")) {
                    String pd = d + "/" + p;
                    parts.add(full
                            ? new BlockModel.Partition(p, sectors(host, pd + "/size"), num(host, pd + "/start"), line(host, pd + "/dev"),
                                    host.list(pd + "/holders"), stats.get(p))
                            : new BlockModel.Partition(p, null, null, null, host.list(pd + "/holders"), null));
                }
            }
            out.add(new BlockModel.Device(name, sectors(host, d + "/size"), bool(host, d + "/queue/rotational"), activeScheduler(sched),
                    schedulers(sched), full ? bool(host, d + "/removable") : null, full ? bool(host, d + "/ro") : null,
                    full ? line(host, d + "/dev") : null, full ? line(host, d + "/device/model") : null, queue,
                    host.list(d + "/holders"), full ? host.list(d + "/slaves") : List.of(),
                    dm ? line(host, d + "/dm/name") : null, dm ? line(host, d + "/dm/uuid") : null, parts, stats.get(name)));
        }
        return out;
    }

    /** "mq-deadline kyber [bfq] none" → "bfq"; "none" → "none" (a single entry is the active one). */
    static String activeScheduler(String line) {
        if (line == null || line.isBlank()) {
            return null;
        }
        int open = line.indexOf('[');
        int close = line.indexOf(']', open + 1);
        if (open >= 0 && close > open) {
            return line.substring(open + 1, close);
        }
        String[] all = line.strip().split("\\s+");
        return all.length == 1 ? all[0] : null;
    }

    static List<String> schedulers(String line) {
        if (line == null || line.isBlank()) {
            return List.of();
        }
        return List.of(line.replace("[", "").replace("]", "").strip().split("\\s+"));
    }

    static Map<String, Map<String, Long>> diskstats(List<String> lines) {
        Map<String, Map<String, Long>> out = new HashMap<>();
        for (String l : lines) {
            String[] f = l.strip().split("\\s+");
            if (f.length < 14) {
                continue;
            }
            Map<String, Long> m = new LinkedHashMap<>();
            for (int i = 0; i < DISKSTATS.size() && 3 + i < f.length; i++) {
                m.put(DISKSTATS.get(i), Nums.parseLong(f[3 + i]));
            }
            out.put(f[2], m);
        }
        return out;
    }

    /** Block-backed mounts (major number not 0), the device named from the mount source or the device number. */
    public static List<BlockModel.Mount> mounts(Host host, List<BlockModel.Device> devices) {
        Map<String, String> byNumber = new HashMap<>();
        for (BlockModel.Device d : devices) {
            if (d.major_minor() != null) {
                byNumber.put(d.major_minor(), "/dev/" + d.name());
            }
            for (BlockModel.Partition p : d.partitions()) {
                if (p.major_minor() != null) {
                    byNumber.put(p.major_minor(), "/dev/" + p.name());
                }
            }
        }
        List<BlockModel.Mount> out = new ArrayList<>();
        for (Mounts.Mount m : Mounts.read(host)) {
            if (m.majorMinor().startsWith("0:")) {
                continue;        // proc, sysfs, tmpfs, overlay, nfs: no block device
            }
            String device = m.source().startsWith("/dev/") ? m.source() : byNumber.getOrDefault(m.majorMinor(), m.source());
            out.add(new BlockModel.Mount(device, m.mountpoint(), m.fstype(), m.majorMinor(), m.options()));
        }
        return out;
    }

    private static String line(Host host, String path) {
        return host.tryRead(path).map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
    }

    private static Long num(Host host, String path) {
        return Nums.parseLong(line(host, path));
    }

    /** sysfs sizes are in 512-byte sectors whatever the device's block size. */
    private static Long sectors(Host host, String path) {
        Long s = num(host, path);
        return s == null ? null : s * 512;
    }

    private static Boolean bool(Host host, String path) {
        String v = line(host, path);
        return v == null ? null : !v.equals("0");
    }
}
