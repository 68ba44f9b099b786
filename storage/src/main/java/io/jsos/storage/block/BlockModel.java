package io.jsos.storage.block;

import java.util.List;
import java.util.Map;

/**
 * {@code jsos/block.json}: block devices from /sys/block with their partitions, stacking
 * (holders: what is built on a device; slaves: what a device is built on) and device-mapper
 * names, I/O counters from /proc/diskstats, and block-backed mounts.
 */
public record BlockModel(List<Device> devices, List<Mount> mounts, Multipath multipath) {

    public record Device(String name, Long size_bytes, Boolean rotational, String scheduler, List<String> schedulers,
                         Boolean removable, Boolean read_only, String major_minor, String model, Map<String, String> queue,
                         List<String> holders, List<String> slaves, String dm_name, String dm_uuid,
                         List<Partition> partitions, Map<String, Long> diskstats) {
    }

    public record Partition(String name, Long size_bytes, Long start_sector, String major_minor, List<String> holders,
                            Map<String, Long> diskstats) {
    }

    public record Mount(String device, String mountpoint, String fstype, String major_minor, String options) {
    }

    /** Whether multipath tools are there and what {@code multipath -ll} said (its output is in the bundle). */
    public record Multipath(boolean present, Integer exit_code, String summary) {
    }
}
