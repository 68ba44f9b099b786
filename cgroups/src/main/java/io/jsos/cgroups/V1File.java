package io.jsos.cgroups;

import java.util.HashMap;
import java.util.Map;

/**
 * The cgroup v1 files jsos reads, with the controller each belongs to and whether a scrape needs
 * it ({@code metrics}); the bundle's model reads them all. Other files of a cgroup are not parsed
 * (the bundle copies them raw).
 */
enum V1File {
    PROCS("cgroup.procs", null, true),
    TASKS("tasks", null, true),
    CPU_SHARES("cpu.shares", "cpu", true),
    CPU_CFS_QUOTA("cpu.cfs_quota_us", "cpu", true),
    CPU_CFS_PERIOD("cpu.cfs_period_us", "cpu", true),
    CPU_STAT("cpu.stat", "cpu", true),
    CPUACCT_USAGE("cpuacct.usage", "cpuacct", true),
    CPUACCT_USAGE_USER("cpuacct.usage_user", "cpuacct", true),
    CPUACCT_USAGE_SYS("cpuacct.usage_sys", "cpuacct", true),
    CPUACCT_STAT("cpuacct.stat", "cpuacct", true),
    CPUACCT_USAGE_PERCPU("cpuacct.usage_percpu", "cpuacct", false),
    MEMORY_USAGE("memory.usage_in_bytes", "memory", true),
    MEMORY_LIMIT("memory.limit_in_bytes", "memory", true),
    MEMORY_MAX_USAGE("memory.max_usage_in_bytes", "memory", true),
    MEMORY_FAILCNT("memory.failcnt", "memory", true),
    MEMORY_STAT("memory.stat", "memory", true),
    MEMORY_OOM_CONTROL("memory.oom_control", "memory", true),
    MEMORY_SOFT_LIMIT("memory.soft_limit_in_bytes", "memory", false),
    MEMORY_MEMSW_USAGE("memory.memsw.usage_in_bytes", "memory", false),
    MEMORY_MEMSW_LIMIT("memory.memsw.limit_in_bytes", "memory", true),
    PIDS_CURRENT("pids.current", "pids", false),
    PIDS_MAX("pids.max", "pids", true),
    PIDS_PEAK("pids.peak", "pids", false),
    PIDS_EVENTS("pids.events", "pids", false),
    BLKIO_SERVICE_BYTES("blkio.throttle.io_service_bytes", "blkio", true),
    BLKIO_SERVICED("blkio.throttle.io_serviced", "blkio", true),
    // what runc (and so cAdvisor) reads where the kernel has it: descendants included, as v2 io.stat counts
    BLKIO_SERVICE_BYTES_RECURSIVE("blkio.throttle.io_service_bytes_recursive", "blkio", true),
    BLKIO_SERVICED_RECURSIVE("blkio.throttle.io_serviced_recursive", "blkio", true),
    BLKIO_READ_BPS("blkio.throttle.read_bps_device", "blkio", false),
    BLKIO_WRITE_BPS("blkio.throttle.write_bps_device", "blkio", false),
    BLKIO_READ_IOPS("blkio.throttle.read_iops_device", "blkio", false),
    BLKIO_WRITE_IOPS("blkio.throttle.write_iops_device", "blkio", false),
    CPUSET_CPUS("cpuset.cpus", "cpuset", false),
    CPUSET_MEMS("cpuset.mems", "cpuset", false),
    CPUSET_EFFECTIVE_CPUS("cpuset.effective_cpus", "cpuset", false),
    CPUSET_EFFECTIVE_MEMS("cpuset.effective_mems", "cpuset", false),
    FREEZER_STATE("freezer.state", "freezer", false);

    private static final Map<String, V1File> BY_NAME = new HashMap<>();

    static {
        for (V1File f : values()) {
            BY_NAME.put(f.file, f);
        }
    }

    final String file;
    /** The controller whose hierarchy holds it; null for files every hierarchy has. */
    final String controller;
    final boolean metrics;

    V1File(String file, String controller, boolean metrics) {
        this.file = file;
        this.controller = controller;
        this.metrics = metrics;
    }

    static V1File byName(String name) {
        return BY_NAME.get(name);
    }

    long bit() {
        return 1L << ordinal();
    }
}
