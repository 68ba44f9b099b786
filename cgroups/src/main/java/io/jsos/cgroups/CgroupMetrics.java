package io.jsos.cgroups;

import io.jsos.api.MetricsWriter;

import java.util.Map;
import java.util.function.Function;

/**
 * The metrics view of a {@link CgroupTree}: cAdvisor's {@code container_*} names, units and
 * label sets, so that the dashboards and alerts users already have keep working.
 *
 * <p>Labels: {@code id} (the cgroup path) on every series; {@code namespace} and {@code pod} on a
 * pod's cgroup and its containers', and {@code container} on a container's, when the kubelet's log
 * folders name them (see {@link KubeNames}). One series per family per cgroup path: on hybrid and
 * v1 hosts the hierarchies holding a path were merged into one {@link Cgroup} by the reader, so
 * no series is emitted twice.
 *
 * <p>Where cAdvisor has a convention, it is kept: {@code container_cpu_usage_seconds_total} carries
 * {@code cpu="total"}; an unlimited memory limit is exported as 0; CFS period and throttling
 * series exist only for cgroups with a CPU quota; v2 {@code cpu.weight} is exported as the
 * equivalent {@code container_spec_cpu_shares}. {@code container_memory_failcnt}, a counter
 * without {@code _total} in cAdvisor, is a gauge here (the metrics API requires {@code _total} on
 * counters); its value is the same.
 */
final class CgroupMetrics {

    private CgroupMetrics() {
    }

    /** With devices labelled by their MAJ:MIN (no host to name them). */
    static void emit(CgroupTree tree, MetricsWriter m) {
        emit(tree, BlockDevices.NUMBERS, m);
    }

    /** @param deviceName MAJ:MIN → the {@code device} label of the block I/O series ({@link BlockDevices}) */
    static void emit(CgroupTree tree, Function<String, String> deviceName, MetricsWriter m) {
        m.gauge("jsos_cgroups", "Cgroups read at this scrape, by cgroup layout (v1, v2, hybrid).",
                tree.cgroups().size(), "mode", tree.layout().mode().json());
        m.gauge("jsos_cgroups_vanished", "Cgroups removed while this scrape read them (left out).", tree.vanished());
        m.gauge("jsos_cgroups_truncated", "1 when this scrape stopped at max-cgroups or its deadline, else 0.",
                tree.truncated() ? 1 : 0);
        for (Cgroup c : tree.cgroups()) {
            emit(c, labels(c.path(), c.identity()), deviceName, m);
        }
    }

    /** id, and namespace/pod/container where known, as label pairs. */
    static String[] labels(String path, CgroupIdentity id) {
        if (!id.isPodOrContainer() || (id.pod() == null && id.container() == null)) {
            return new String[]{"id", path};
        }
        String[] l = new String[2 + (id.pod() != null ? 4 : 0) + (id.container() != null ? 2 : 0)];
        int i = 0;
        l[i++] = "id";
        l[i++] = path;
        if (id.pod() != null) {
            l[i++] = "namespace";
            l[i++] = id.namespace();
            l[i++] = "pod";
            l[i++] = id.pod();
        }
        if (id.container() != null) {
            l[i++] = "container";
            l[i] = id.container();
        }
        return l;
    }

    private static void emit(Cgroup c, String[] l, Function<String, String> deviceName, MetricsWriter m) {
        cpu(c.cpu(), l, m);
        memory(c.memory(), l, m);
        io(c.io(), l, deviceName, m);
        if (c.processes() != null) {
            m.gauge("container_processes", "Number of processes running inside the container.", c.processes(), l);
        }
        if (c.threads() != null) {
            m.gauge("container_threads", "Number of threads running inside the container.", c.threads(), l);
        }
        if (c.pids() != null && c.pids().max() != null) {
            Limit max = c.pids().max();
            m.gauge("container_threads_max", "Maximum number of threads allowed inside the container, infinity if value is zero.",
                    max.unlimited() ? 0 : max.value(), l);
        }
        pressure(c.pressure(), l, m);
    }

    private static void cpu(CpuStats cpu, String[] l, MetricsWriter m) {
        if (cpu == null) {
            return;
        }
        if (cpu.usageNs() != null) {
            m.counter("container_cpu_usage_seconds_total", "Cumulative cpu time consumed in seconds.",
                    cpu.usageNs() / 1e9, with(l, "cpu", "total"));
        }
        if (cpu.userNs() != null) {
            m.counter("container_cpu_user_seconds_total", "Cumulative user cpu time consumed in seconds.", cpu.userNs() / 1e9, l);
        }
        if (cpu.systemNs() != null) {
            m.counter("container_cpu_system_seconds_total", "Cumulative system cpu time consumed in seconds.",
                    cpu.systemNs() / 1e9, l);
        }
        boolean quota = cpu.quotaUs() != null && !cpu.quotaUs().unlimited();
        if (quota && cpu.periods() != null) {
            m.counter("container_cpu_cfs_periods_total", "Number of elapsed enforcement period intervals.", cpu.periods(), l);
            if (cpu.throttledPeriods() != null) {
                m.counter("container_cpu_cfs_throttled_periods_total", "Number of throttled period intervals.",
                        cpu.throttledPeriods(), l);
            }
            if (cpu.throttledNs() != null) {
                m.counter("container_cpu_cfs_throttled_seconds_total", "Total time duration the container has been throttled.",
                        cpu.throttledNs() / 1e9, l);
            }
        }
        if (quota) {
            m.gauge("container_spec_cpu_quota", "CPU quota of the container.", cpu.quotaUs().value(), l);
        }
        if (cpu.periodUs() != null) {
            m.gauge("container_spec_cpu_period", "CPU period of the container.", cpu.periodUs(), l);
        }
        Long shares = cpu.sharesEquivalent();
        if (shares != null) {
            m.gauge("container_spec_cpu_shares", "CPU share of the container.", shares, l);
        }
    }

    private static void memory(MemoryStats mem, String[] l, MetricsWriter m) {
        if (mem == null) {
            return;
        }
        if (mem.usage() != null) {
            m.gauge("container_memory_usage_bytes",
                    "Current memory usage in bytes, including all memory regardless of when it was accessed.", mem.usage(), l);
        }
        if (mem.workingSet() != null) {
            m.gauge("container_memory_working_set_bytes", "Current working set in bytes.", mem.workingSet(), l);
        }
        if (mem.rss() != null) {
            m.gauge("container_memory_rss", "Size of RSS in bytes.", mem.rss(), l);
        }
        if (mem.cache() != null) {
            m.gauge("container_memory_cache", "Number of bytes of page cache memory.", mem.cache(), l);
        }
        if (mem.mappedFile() != null) {
            m.gauge("container_memory_mapped_file", "Size of memory mapped files in bytes.", mem.mappedFile(), l);
        }
        if (mem.swap() != null) {
            m.gauge("container_memory_swap", "Container swap usage in bytes.", mem.swap(), l);
        }
        if (mem.maxUsage() != null) {
            m.gauge("container_memory_max_usage_bytes", "Maximum memory usage recorded in bytes.", mem.maxUsage(), l);
        }
        if (mem.failcnt() != null) {
            m.gauge("container_memory_failcnt", "Number of memory usage hits limits.", mem.failcnt(), l);
        }
        if (mem.oomKills() != null) {
            m.counter("container_oom_events_total", "Count of out of memory events observed for the container.",
                    mem.oomKills(), l);
        }
        if (mem.limit() != null) {
            m.gauge("container_spec_memory_limit_bytes", "Memory limit for the container.", specBytes(mem.limit()), l);
        }
        Limit swapLimit = mem.swapLimit() != null ? mem.swapLimit() : mem.memswLimit();
        if (swapLimit != null) {
            m.gauge("container_spec_memory_swap_limit_bytes", "Memory swap limit for the container.", specBytes(swapLimit), l);
        }
    }

    /**
     * Block I/O per device, as cAdvisor's {@code container_fs_*} families from the blkio/io
     * controller: v1 {@code blkio.throttle.io_service_bytes_recursive}/{@code io_serviced_recursive}
     * (Read, Write; as runc reads them, falling back to the non-recursive files on kernels without
     * them) where the cgroup has them, else v2 {@code io.stat} (rbytes, wbytes, rios, wios); never
     * both, so a hybrid host has one series per device. Devices are those the kernel lists for the cgroup:
     * the ones it did I/O on (v2) or has seen (v1).
     */
    private static void io(IoStats io, String[] l, Function<String, String> deviceName, MetricsWriter m) {
        if (io == null) {
            return;
        }
        boolean recursive = !io.serviceBytesRecursive().isEmpty() || !io.servicedRecursive().isEmpty();
        boolean v1 = recursive || !io.serviceBytes().isEmpty() || !io.serviced().isEmpty();
        Map<String, Stats> bytes = recursive ? io.serviceBytesRecursive() : v1 ? io.serviceBytes() : io.stat();
        Map<String, Stats> ops = recursive ? io.servicedRecursive() : v1 ? io.serviced() : io.stat();
        String rb = v1 ? "Read" : "rbytes";
        String wb = v1 ? "Write" : "wbytes";
        String ro = v1 ? "Read" : "rios";
        String wo = v1 ? "Write" : "wios";
        // sorted by device: the exposition is stable whatever order the kernel printed
        for (String dev : new java.util.TreeSet<>(bytes.keySet())) {
            String[] dl = with(l, "device", deviceName.apply(dev));
            Stats s = bytes.get(dev);
            counter(m, "container_fs_reads_bytes_total", "Cumulative count of bytes read", s.get(rb), dl);
            counter(m, "container_fs_writes_bytes_total", "Cumulative count of bytes written", s.get(wb), dl);
        }
        for (String dev : new java.util.TreeSet<>(ops.keySet())) {
            String[] dl = with(l, "device", deviceName.apply(dev));
            Stats s = ops.get(dev);
            counter(m, "container_fs_reads_total", "Cumulative count of reads completed", s.get(ro), dl);
            counter(m, "container_fs_writes_total", "Cumulative count of writes completed", s.get(wo), dl);
        }
    }

    private static void counter(MetricsWriter m, String name, String help, Long value, String[] l) {
        if (value != null) {
            m.counter(name, help, value, l);
        }
    }

    /** cAdvisor exports "no limit" as 0. */
    private static double specBytes(Limit l) {
        return l.unlimited() ? 0 : l.value();
    }

    private static void pressure(Pressure p, String[] l, MetricsWriter m) {
        if (p == null) {
            return;
        }
        psi(p.cpu(), "cpu", "CPU", l, m);
        psi(p.memory(), "memory", "memory", l, m);
        psi(p.io(), "io", "IO", l, m);
    }

    private static void psi(Psi psi, String resource, String spelled, String[] l, MetricsWriter m) {
        if (psi == null) {
            return;
        }
        if (psi.some() != null) {
            m.counter("container_pressure_" + resource + "_waiting_seconds_total",
                    "Total time duration tasks in the container have waited due to " + spelled + " congestion.",
                    psi.some().totalUs() / 1e6, l);
        }
        if (psi.full() != null) {
            m.counter("container_pressure_" + resource + "_stalled_seconds_total",
                    "Total time duration no tasks in the container could make progress due to " + spelled + " congestion.",
                    psi.full().totalUs() / 1e6, l);
        }
    }

    private static String[] with(String[] l, String name, String value) {
        String[] out = java.util.Arrays.copyOf(l, l.length + 2);
        out[l.length] = name;
        out[l.length + 1] = value;
        return out;
    }
}
