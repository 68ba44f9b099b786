package io.jsos.cgroups;

import java.util.List;

/**
 * One cgroup path with everything jsos read about it. On a hybrid or v1 host the same path exists
 * in several hierarchies (the memory, cpu and pids trees, the unified tree); they are merged here
 * into one record, each controller's data from the hierarchy that carries the controller. That
 * is what keeps the metrics free of duplicate series.
 *
 * @param path        the cgroup path ({@code /kubepods.slice/...}), {@code /} for the root
 * @param hierarchies the hierarchies the path exists in, by {@link Hierarchy#label()}
 * @param identity    what it is (pod, container, service, ...) and, when known, its Kubernetes names
 * @param processes   lines of {@code cgroup.procs}; null when unreadable
 * @param threads     lines of {@code cgroup.threads} (v2) or {@code tasks} (v1)
 * @param cpu         null when no CPU file was found
 * @param memory      null when no memory file was found
 * @param pids        null when the pids controller is not on it
 * @param io          null when no I/O file was found
 * @param cpuset      null when the cpuset controller is not on it
 * @param pressure    null when there are no pressure files
 * @param state       null when there is neither cgroup.events nor freezer.state
 */
public record Cgroup(String path, List<String> hierarchies, CgroupIdentity identity, Integer processes, Integer threads,
                     CpuStats cpu, MemoryStats memory, PidsStats pids, IoStats io, CpusetInfo cpuset, Pressure pressure,
                     CgroupState state) {

    public Cgroup {
        hierarchies = List.copyOf(hierarchies);
    }

    /** The last path element, or "/" for the root. */
    public String name() {
        int slash = path.lastIndexOf('/');
        return path.equals("/") ? "/" : path.substring(slash + 1);
    }

    /** CPU time used, in seconds, or 0 when unknown (for ranking). */
    double cpuSeconds() {
        return cpu != null && cpu.usageNs() != null ? cpu.usageNs() / 1e9 : 0;
    }

    /** Memory in use, in bytes, or 0 when unknown (for ranking). */
    long memoryBytes() {
        return memory != null && memory.usage() != null ? memory.usage() : 0;
    }
}
