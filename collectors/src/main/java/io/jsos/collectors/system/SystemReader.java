package io.jsos.collectors.system;

import io.jsos.api.Host;
import io.jsos.api.HostPathException;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.HardwareAbstractionLayer;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Reads a host into a {@link SystemModel}. */
final class SystemReader {

    /** File systems with no disk behind them: nothing to measure. */
    static final Set<String> PSEUDO = Set.of("proc", "sysfs", "cgroup", "cgroup2", "devpts", "mqueue", "debugfs",
            "tracefs", "securityfs", "pstore", "bpf", "configfs", "fusectl", "hugetlbfs", "autofs", "binfmt_misc",
            "nsfs", "rpc_pipefs", "efivarfs", "selinuxfs", "ramfs");

    /** statfs on these can hang for minutes when the server is away: never measured. */
    static final Set<String> NETWORK = Set.of("nfs", "nfs4", "cifs", "smb3", "smbfs", "ceph", "glusterfs", "9p",
            "afs", "lustre", "gpfs", "virtiofs");

    private static final Duration STATFS_TIMEOUT = Duration.ofSeconds(2);

    private static final ExecutorService STATFS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jsos-statfs");
        t.setDaemon(true);
        return t;
    });

    private static final List<String> MEMORY_FIELDS = List.of("MemTotal", "MemFree", "MemAvailable", "Buffers",
            "Cached", "SwapTotal", "SwapFree", "Dirty", "Writeback", "Shmem", "Slab", "SReclaimable", "SUnreclaim",
            "AnonPages", "Mapped", "HugePages_Total", "HugePages_Free", "Hugepagesize", "CommitLimit", "Committed_AS");

    private SystemReader() {
    }

    static SystemModel read(Host host, boolean hardware, Instant deadline) {
        Map<String, String> osRelease = SystemFiles.parseOsRelease(host.tryReadLines("/etc/os-release"));
        String os = osRelease.getOrDefault("PRETTY_NAME",
                (osRelease.getOrDefault("NAME", "") + " " + osRelease.getOrDefault("VERSION", "")).trim());
        String kernel = host.tryRead("/proc/sys/kernel/osrelease").map(String::trim).orElse(null);
        Map<String, Long> meminfo = SystemFiles.parseMeminfo(host.tryReadLines("/proc/meminfo"));
        Map<String, Long> memory = new LinkedHashMap<>();
        for (String f : MEMORY_FIELDS) {
            if (meminfo.containsKey(f)) {
                memory.put(f, meminfo.get(f));
            }
        }
        List<String> mountLines = host.tryReadLines("/proc/1/mounts");
        if (mountLines.isEmpty()) {
            mountLines = host.tryReadLines("/proc/mounts");
        }
        List<SystemModel.FileSystem> fileSystems = new ArrayList<>();
        for (SystemFiles.Mount m : SystemFiles.parseMounts(mountLines)) {
            fileSystems.add(measure(host, m, deadline));
        }
        boolean live = host.root().getParent() == null;
        return new SystemModel(host.hostname(), os.isEmpty() ? null : os, kernel, System.getProperty("os.arch"),
                host.tryRead("/proc/uptime").flatMap(SystemFiles::parseUptime).orElse(null),
                host.tryRead("/proc/loadavg").flatMap(SystemFiles::parseLoadavg).orElse(null),
                memory, SystemFiles.parseCpuinfo(host.tryReadLines("/proc/cpuinfo")), fileSystems,
                hardware ? hardware(host, live) : null, live ? clock() : null);
    }

    /** The kernel clock's state, on the live node (the kernel is shared by every container on it). */
    private static java.util.Map<String, Object> clock() {
        KernelClock.State state = KernelClock.read();
        return state == null ? null : state.json();
    }

    private static SystemModel.FileSystem measure(Host host, SystemFiles.Mount m, Instant deadline) {
        String type = m.fsType();
        if (PSEUDO.contains(type)) {
            return new SystemModel.FileSystem(m.device(), m.mountPoint(), type, m.options(), null, null);
        }
        if (NETWORK.contains(type) || type.startsWith("fuse")) {
            return new SystemModel.FileSystem(m.device(), m.mountPoint(), type, m.options(), null,
                    "not measured: network or FUSE file systems can hang statfs");
        }
        if (Instant.now().isAfter(deadline)) {
            return new SystemModel.FileSystem(m.device(), m.mountPoint(), type, m.options(), null, "not measured: deadline");
        }
        Future<SystemModel.Usage> f = STATFS.submit(() -> {
            FileStore store = Files.getFileStore(host.resolve(m.mountPoint()));
            long total = store.getTotalSpace();
            long free = store.getUnallocatedSpace();
            long avail = store.getUsableSpace();
            long used = total - free;
            // df's Use%: used / (used + available), which accounts for blocks reserved for root.
            double pct = used + avail == 0 ? 0 : Math.round(1000.0 * used / (used + avail)) / 10.0;
            return new SystemModel.Usage(total, used, avail, pct);
        });
        try {
            return new SystemModel.FileSystem(m.device(), m.mountPoint(), type, m.options(),
                    f.get(STATFS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), null);
        } catch (java.util.concurrent.TimeoutException e) {
            f.cancel(true);
            return new SystemModel.FileSystem(m.device(), m.mountPoint(), type, m.options(), null,
                    "statfs did not answer within " + STATFS_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SystemModel.FileSystem(m.device(), m.mountPoint(), type, m.options(), null, "interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            String why = c instanceof IOException || c instanceof HostPathException ? c.getMessage() : c.toString();
            return new SystemModel.FileSystem(m.device(), m.mountPoint(), type, m.options(), null, "not measured: " + why);
        }
    }

    /**
     * The machine's identity: DMI from sysfs through the host (so --host-root works), and OSHI's
     * CPU identification and topology on the live node. OSHI's ComputerSystem is not used: where
     * sysfs has no DMI it runs dmidecode and lshw itself, without a timeout and outside the host's
     * command runner, and a diagnostics tool must not start unbounded programs behind its own back.
     */
    private static Map<String, Object> hardware(Host host, boolean live) {
        Map<String, Object> hw = new LinkedHashMap<>();
        putDmi(hw, host, "manufacturer", "sys_vendor");
        putDmi(hw, host, "model", "product_name");
        putDmi(hw, host, "firmware", "bios_version");
        if (!live) {
            return hw;
        }
        try {
            HardwareAbstractionLayer hal = new SystemInfo().getHardware();
            CentralProcessor cpu = hal.getProcessor();
            hw.put("processor", cpu.getProcessorIdentifier().getName());
            hw.put("vendor", cpu.getProcessorIdentifier().getVendor());
            hw.put("microarchitecture", cpu.getProcessorIdentifier().getMicroarchitecture());
            hw.put("packages", cpu.getPhysicalPackageCount());
            hw.put("physicalCores", cpu.getPhysicalProcessorCount());
            hw.put("logicalCpus", cpu.getLogicalProcessorCount());
            hw.put("memoryBytes", hal.getMemory().getTotal());
        } catch (RuntimeException | LinkageError e) {
            hw.put("error", "OSHI could not identify the CPU: " + e);
        }
        return hw;
    }

    private static void putDmi(Map<String, Object> hw, Host host, String key, String file) {
        host.tryRead("/sys/class/dmi/id/" + file).map(String::trim).filter(v -> !v.isEmpty()).ifPresent(v -> hw.put(key, v));
    }
}
