package io.jsos.cgroups;

import java.util.HashMap;
import java.util.Map;

/**
 * The cgroup v2 files jsos reads, and whether a scrape needs each ({@code metrics}). Controller
 * files appear in a cgroup only when the parent enables the controller in
 * {@code cgroup.subtree_control}, so which of these exist says which controllers are on.
 */
enum V2File {
    PROCS("cgroup.procs", true),
    THREADS("cgroup.threads", true),
    EVENTS("cgroup.events", false),
    FREEZE("cgroup.freeze", false),
    CPU_STAT("cpu.stat", true),
    CPU_MAX("cpu.max", true),
    CPU_WEIGHT("cpu.weight", true),
    MEMORY_CURRENT("memory.current", true),
    MEMORY_MAX("memory.max", true),
    MEMORY_HIGH("memory.high", false),
    MEMORY_LOW("memory.low", false),
    MEMORY_MIN("memory.min", false),
    MEMORY_PEAK("memory.peak", true),
    MEMORY_SWAP_CURRENT("memory.swap.current", true),
    MEMORY_SWAP_MAX("memory.swap.max", true),
    MEMORY_STAT("memory.stat", true),
    MEMORY_EVENTS("memory.events", true),
    PIDS_CURRENT("pids.current", false),
    PIDS_MAX("pids.max", true),
    PIDS_PEAK("pids.peak", false),
    PIDS_EVENTS("pids.events", false),
    IO_STAT("io.stat", true),
    IO_MAX("io.max", false),
    CPUSET_CPUS("cpuset.cpus", false),
    CPUSET_MEMS("cpuset.mems", false),
    CPUSET_CPUS_EFFECTIVE("cpuset.cpus.effective", false),
    CPUSET_MEMS_EFFECTIVE("cpuset.mems.effective", false),
    CPU_PRESSURE("cpu.pressure", true),
    MEMORY_PRESSURE("memory.pressure", true),
    IO_PRESSURE("io.pressure", true);

    private static final Map<String, V2File> BY_NAME = new HashMap<>();

    static {
        for (V2File f : values()) {
            BY_NAME.put(f.file, f);
        }
    }

    final String file;
    final boolean metrics;

    V2File(String file, boolean metrics) {
        this.file = file;
        this.metrics = metrics;
    }

    static V2File byName(String name) {
        return BY_NAME.get(name);
    }

    long bit() {
        return 1L << ordinal();
    }
}
