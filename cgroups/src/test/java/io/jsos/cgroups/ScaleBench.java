package io.jsos.cgroups;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsos.api.CollectorOptions;
import io.jsos.api.Host;
import io.jsos.api.MetricsWriter;
import io.jsos.api.ScrapeContext;
import io.jsos.engine.host.LocalHost;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Scale benchmark (not a test): builds a synthetic cgroup v2 tree of a Kubernetes node with N
 * cgroups (pods of a sandbox and two containers, every cgroup with a real kernel's file list),
 * then times the read path (the bundle's full model), the metrics path (what a scrape does: read
 * only what the metrics need, then emit) and the emit step alone, as CPU time per cgroup of the
 * measuring thread (user + system; the share spent in user space is shown, the rest is the
 * kernel's open/read/getdents), and of the whole process (GC and JIT included).
 *
 * <p>Two host roots: {@code /} (as on a node: jsos reads absolute paths as they are, the tree
 * sitting in a temp folder) and the folder as a host root (as with {@code --host-root /host} in a
 * container, where every path is resolved component by component, symlink-safe). Run by
 * {@code bench/cgroups/scale.sh}; prints a table.
 */
public final class ScaleBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** The compiled floor.c, or null: then the kernel floor row is left out. */
    private static String floor;
    private static Set<String> paths = Set.of("read", "metrics", "emit", "json", "host-root", "floor");

    private ScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = 10_000;
        int iterations = 5;
        Path base = Files.isWritable(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
        boolean keep = false;
        boolean small = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--cgroups" -> n = Integer.parseInt(args[++i]);
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--dir" -> base = Path.of(args[++i]);
                case "--keep" -> keep = true;
                case "--floor" -> floor = args[++i];
                case "--paths" -> paths = Set.of(args[++i].split(","));
                case "--one-size" -> small = false;
                default -> throw new IllegalArgumentException("usage: ScaleBench [--cgroups N] [--iterations K] [--dir D] [--keep]"
                        + " [--floor FLOOR_BINARY] [--paths read,metrics,emit,json,host-root,floor] [--one-size]");
            }
        }
        System.out.printf(Locale.ROOT, "jsos cgroups scale benchmark: JDK %s, %d CPUs, %d iterations after warm-up (median shown)%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), iterations);
        System.out.printf(Locale.ROOT, "%-8s %-13s %-22s %8s %9s %13s %11s %14s%n", "cgroups", "host root", "path", "samples",
                "wall ms", "CPU µs/cg", "of it user", "process µs/cg");
        for (int size : small ? new int[]{Math.max(100, n / 10), n} : new int[]{n}) {
            Path root = Files.createTempDirectory(base, "jsos-cgroup-bench-");
            try {
                long t0 = System.nanoTime();
                Tree tree = build(root, size);
                System.out.printf(Locale.ROOT, "# built %d cgroups (%d pods, %d files) under %s in %.1f s%n", tree.cgroups, tree.pods,
                        tree.files, root, (System.nanoTime() - t0) / 1e9);
                run(root, tree.cgroups, iterations);
            } finally {
                if (!keep) {
                    delete(root);
                }
            }
        }
    }

    private static void run(Path root, int cgroups, int iterations) throws IOException {
        // As on a node: host root "/", the layout pointing at the tree's folder.
        Host slash = LocalHost.local();
        String mp = root.resolve("sys/fs/cgroup").toString();
        CgroupLayout layout = CgroupLayout.of(Mountinfo.parse("26 22 0:24 / " + mp + " rw - cgroup2 cgroup2 rw\n"),
                List.of(), List.of(), p -> slash.tryRead(p + "/cgroup.controllers").orElse(null), "bench");
        Supplier<KubeNames> names = () -> KubeNames.of(slash.list(root + "/var/log/pods"), slash.list(root + "/var/log/containers"));
        CgroupTreeReader.Settings full = new CgroupTreeReader.Settings(CgroupTreeReader.Profile.FULL, 1_000_000);
        CgroupTreeReader.Settings metrics = new CgroupTreeReader.Settings(CgroupTreeReader.Profile.METRICS, 1_000_000);

        if (paths.contains("read")) {
            measure(cgroups, "/ (node)", "read (bundle model)", iterations, () -> {
                CgroupTree t = new CgroupTreeReader(slash, full, () -> false).read(layout, names.get());
                check(t, cgroups);
                return 0;
            });
        }
        double metricsUs = Double.NaN;
        if (paths.contains("metrics")) {
            metricsUs = measure(cgroups, "/ (node)", "metrics (read+emit)", iterations, () -> {
                CgroupTree t = new CgroupTreeReader(slash, metrics, () -> false).read(layout, names.get());
                check(t, cgroups);
                Counting w = new Counting();
                CgroupMetrics.emit(t, w);
                return w.samples;
            });
        }
        if (paths.contains("floor")) {
            // the same calls as the metrics row, through a host that writes each one down
            Recording rec = new Recording(slash);
            CgroupTree recorded = new CgroupTreeReader(rec, metrics, () -> false).read(layout,
                    KubeNames.of(rec.list(root + "/var/log/pods"), rec.list(root + "/var/log/containers")));
            check(recorded, cgroups);
            // The same calls through LocalHost with nothing parsed: what the engine's Host costs over the kernel.
            measure(cgroups, "/ (node)", "Host calls only", iterations, () -> replay(slash, rec.ops));
            // And through the plainest JDK calls (names as Strings, no Path per entry): what a Host could cost.
            measure(cgroups, "/ (node)", "plain JDK calls only", iterations, () -> replayPlain(rec.ops));
            floor(root, cgroups, iterations, metricsUs, rec.ops);
        }
        if (paths.contains("emit")) {
            CgroupTree metricsTree = new CgroupTreeReader(slash, metrics, () -> false).read(layout, names.get());
            measure(cgroups, "/ (node)", "emit only", iterations, () -> {
                Counting w = new Counting();
                CgroupMetrics.emit(metricsTree, w);
                return w.samples;
            });
        }
        if (paths.contains("json")) {
            json(slash, layout, names, full, cgroups, iterations);
        }
        if (paths.contains("host-root")) {
            hostRoot(root, cgroups, iterations, full);
        }
    }

    private static void json(Host slash, CgroupLayout layout, Supplier<KubeNames> names, CgroupTreeReader.Settings full, int cgroups,
                             int iterations) {
        CgroupTree fullTree = new CgroupTreeReader(slash, full, () -> false).read(layout, names.get());
        ObjectMapper json = new ObjectMapper();
        int[] bytes = new int[1];
        measure(cgroups, "/ (node)", "json (bundle view)", iterations, () -> {
            try {
                bytes[0] = json.writeValueAsBytes(CgroupsJson.of(fullTree)).length;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return 0;
        });
        System.out.printf(Locale.ROOT, "#   jsos/cgroups.json: %.1f MiB, %d bytes per cgroup; tree text %.1f MiB%n",
                bytes[0] / 1048576.0, bytes[0] / cgroups, CgroupTreeText.render(fullTree).getBytes(StandardCharsets.UTF_8).length / 1048576.0);
    }

    private static void hostRoot(Path root, int cgroups, int iterations, CgroupTreeReader.Settings full) {

        // As in a container with --host-root: the folder is the root; the collector's own scrape, end to end.
        Host fixture = new LocalHost(root);
        CgroupsCollector collector = new CgroupsCollector();
        CollectorOptions opts = CollectorOptions.of(collector.options(), java.util.Map.of("max-cgroups", "1000000"));
        measure(cgroups, "--host-root", "read (bundle model)", iterations, () -> {
            check(new CgroupTreeReader(fixture, full, () -> false).read(), cgroups);
            return 0;
        });
        measure(cgroups, "--host-root", "scrape() end to end", iterations, () -> {
            Counting w = new Counting();
            collector.scrape(new ScrapeContext() {
                public Host host() {
                    return fixture;
                }

                public MetricsWriter metrics() {
                    return w;
                }

                public CollectorOptions options() {
                    return opts;
                }
            });
            return w.samples;
        });
    }

    private static void check(CgroupTree t, int cgroups) {
        if (t.cgroups().size() != cgroups || !t.problems().isEmpty()) {
            throw new IllegalStateException("read " + t.cgroups().size() + " of " + cgroups + " cgroups; problems: " + t.problems());
        }
    }

    private interface Work {
        long run();
    }

    /**
     * The kernel's floor: floor.c replays the system calls of one metrics read (recorded from the
     * Java reader, so both touch the same files and directories) and reports its CPU time.
     */
    private static void floor(Path root, int cgroups, int iterations, double metricsUs, List<String> record) throws IOException {
        if (floor == null) {
            System.out.println("# kernel floor: no floor binary given (scale.sh compiles bench/cgroups/floor.c when cc exists)");
            return;
        }
        Path ops = Files.createTempFile(root, "floor-ops-", ".txt");
        Files.write(ops, record);
        Process p = new ProcessBuilder(floor, ops.toString(), Integer.toString(cgroups), Integer.toString(iterations))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int rc;
        try {
            rc = p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for " + floor, e);
        }
        Files.delete(ops);
        String[] f = out.split(" ");
        if (rc != 0 || f.length != 6 || !f[0].equals("floor")) {
            System.out.println("# kernel floor: " + floor + " failed (exit " + rc + "): " + out);
            return;
        }
        double cpu = Double.parseDouble(f[1]);
        double user = Double.parseDouble(f[2]);
        System.out.printf(Locale.ROOT, "%-8d %-13s %-22s %8s %9s %13.2f %11s %14s%n", cgroups, "/ (node)", "kernel floor (C)", "-", "-",
                cpu, cpu > 0 ? Math.round(100 * user / cpu) + "%" : "-", "-");
        System.out.printf(Locale.ROOT, "#   floor: same %.1f reads, %.2f listings, %.2f stats per cgroup as jsos; metrics path / floor = %s%n",
                Long.parseLong(f[3]) / (double) cgroups, Long.parseLong(f[4]) / (double) cgroups, Long.parseLong(f[5]) / (double) cgroups,
                Double.isNaN(metricsUs) || cpu <= 0 ? "-" : String.format(Locale.ROOT, "%.2f", metricsUs / cpu));
    }

    /** Makes the recorded calls through {@code host}; returns the bytes read. */
    private static long replay(Host host, List<String> ops) {
        long bytes = 0;
        for (String op : ops) {
            String path = op.substring(2);
            switch (op.charAt(0)) {
                case 'L' -> bytes += host.list(path).size();
                case 'S' -> bytes += host.isDirectory(path) ? 1 : 0;
                default -> {
                    try {
                        bytes += host.read(path, 64 << 10).length();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        SINK += bytes;
        return 0;
    }

    private static long replayPlain(List<String> ops) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocateDirect(64 << 10);
        long n = 0;
        for (String op : ops) {
            String path = op.substring(2);
            switch (op.charAt(0)) {
                case 'L' -> {
                    String[] names = new java.io.File(path).list();
                    java.util.Arrays.sort(names);
                    n += names.length;
                }
                case 'S' -> n += new java.io.File(path).isDirectory() ? 1 : 0;
                default -> {
                    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(Path.of(path))) {
                        buf.clear();
                        while (ch.read(buf) > 0) {
                            // to EOF
                        }
                        byte[] b = new byte[buf.flip().remaining()];
                        buf.get(b);
                        n += new String(b, StandardCharsets.UTF_8).length();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        SINK += n;
        return 0;
    }

    /** Keeps the replays' results alive (a JIT may drop work whose result nobody uses). */
    static long SINK;

    /** A host that writes down each list, stat and read it passes on, in floor.c's format. */
    private static final class Recording extends DelegatingHost {
        final List<String> ops = new ArrayList<>();

        Recording(Host host) {
            super(host);
        }

        @Override
        public boolean exists(String hostPath) {
            ops.add("S " + hostPath);
            return delegate.exists(hostPath);
        }

        @Override
        public boolean isDirectory(String hostPath) {
            ops.add("S " + hostPath);
            return delegate.isDirectory(hostPath);
        }

        @Override
        public List<String> list(String hostDir) {
            ops.add("L " + hostDir);
            return delegate.list(hostDir);
        }

        @Override
        public java.io.InputStream open(String hostPath) throws IOException {
            ops.add("R " + hostPath);
            return delegate.open(hostPath);
        }

        @Override
        public String read(String hostPath, int maxBytes) throws IOException {
            ops.add("R " + hostPath);
            return delegate.read(hostPath, maxBytes);
        }
    }

    /** Prints one row; returns the median CPU µs per cgroup of the measuring thread. */
    private static double measure(int cgroups, String root, String what, int iterations, Work work) {
        for (int i = 0; i < 2; i++) {
            work.run();
        }
        long[] thread = new long[iterations];
        long[] user = new long[iterations];
        long[] process = new long[iterations];
        long[] wall = new long[iterations];
        long samples = 0;
        for (int i = 0; i < iterations; i++) {
            long w0 = System.nanoTime();
            long t0 = THREADS.getCurrentThreadCpuTime();
            long u0 = THREADS.getCurrentThreadUserTime();
            long p0 = OS.getProcessCpuTime();
            samples = work.run();
            thread[i] = THREADS.getCurrentThreadCpuTime() - t0;
            user[i] = THREADS.getCurrentThreadUserTime() - u0;
            process[i] = OS.getProcessCpuTime() - p0;
            wall[i] = System.nanoTime() - w0;
        }
        // user time is tick-based (10 ms): a share of a shorter run would be noise
        String userShare = median(thread) < 50_000_000L ? "-" : Math.round(100.0 * median(user) / median(thread)) + "%";
        System.out.printf(Locale.ROOT, "%-8d %-13s %-22s %8d %9.1f %13.2f %11s %14.2f%n", cgroups, root, what, samples,
                median(wall) / 1e6, median(thread) / 1e3 / cgroups, userShare, median(process) / 1e3 / cgroups);
        return median(thread) / 1e3 / cgroups;
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }

    /** A metrics sink that only counts: the exporter's own cost is not jsos's collector's. */
    private static final class Counting implements MetricsWriter {
        long samples;

        @Override
        public void gauge(String name, String help, double value, String... labelPairs) {
            samples++;
        }

        @Override
        public void counter(String name, String help, double value, String... labelPairs) {
            samples++;
        }
    }

    private record Tree(int cgroups, int pods, int files) {
    }

    /** Files a 6.x kernel shows in a v2 child cgroup with cpu, cpuset, io, memory, pids, hugetlb, rdma and misc on, but not read by jsos. */
    private static final List<String> OTHER_FILES = List.of("cgroup.controllers", "cgroup.subtree_control", "cgroup.type",
            "cgroup.max.depth", "cgroup.max.descendants", "cgroup.stat", "cgroup.pressure", "cpu.weight.nice", "cpu.idle",
            "cpu.uclamp.min", "cpu.uclamp.max", "cpu.stat.local", "cpuset.cpus.partition", "io.weight", "io.prio.class",
            "irq.pressure", "memory.oom.group", "memory.swap.high", "memory.swap.events", "memory.swap.peak", "memory.zswap.current",
            "memory.zswap.max", "memory.numa_stat", "memory.events.local", "pids.events.local", "hugetlb.2MB.current",
            "hugetlb.2MB.max", "hugetlb.2MB.events", "hugetlb.2MB.events.local", "hugetlb.2MB.rsvd.current", "hugetlb.2MB.rsvd.max",
            "hugetlb.2MB.numa_stat", "hugetlb.1GB.current", "hugetlb.1GB.max", "hugetlb.1GB.events", "hugetlb.1GB.events.local",
            "hugetlb.1GB.rsvd.current", "hugetlb.1GB.rsvd.max", "hugetlb.1GB.numa_stat", "rdma.current", "rdma.max", "misc.current",
            "misc.max", "misc.events", "misc.capacity");

    private static final String MEMORY_STAT_KEYS = "anon file kernel kernel_stack pagetables sec_pagetables percpu sock vmalloc shmem "
            + "zswap zswapped file_mapped file_dirty file_writeback swapcached anon_thp file_thp shmem_thp inactive_anon active_anon "
            + "inactive_file active_file unevictable slab_reclaimable slab_unreclaimable slab workingset_refault_anon "
            + "workingset_refault_file workingset_activate_anon workingset_activate_file workingset_restore_anon "
            + "workingset_restore_file workingset_nodereclaim pgscan pgsteal pgscan_kswapd pgscan_direct pgsteal_kswapd "
            + "pgsteal_direct pgfault pgmajfault pgrefill pgactivate pgdeactivate pglazyfree pglazyfreed zswpin zswpout "
            + "thp_fault_alloc thp_collapse_alloc";

    private static Tree build(Path root, int target) throws IOException {
        Path cg = root.resolve("sys/fs/cgroup");
        Files.createDirectories(root.resolve("proc/1"));
        Files.writeString(root.resolve("proc/1/mountinfo"), "26 22 0:24 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate\n");
        Files.writeString(root.resolve("proc/cgroups"), "#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpu\t0\t1\t1\nmemory\t0\t1\t1\n");
        Files.createDirectories(root.resolve("var/log/pods"));
        Files.createDirectories(root.resolve("var/log/containers"));
        int[] counts = new int[2];
        cgroup(cg, "", counts);
        Files.writeString(cg.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
        for (String s : List.of("/kubepods.slice", "/kubepods.slice/kubepods-burstable.slice",
                "/kubepods.slice/kubepods-besteffort.slice", "/system.slice", "/user.slice")) {
            cgroup(cg, s, counts);
        }
        for (int i = 0; counts[0] < target - 20; i++) {
            cgroup(cg, "/system.slice/svc" + i + ".service", counts);
            if (i >= 15) {
                break;
            }
        }
        int pods = 0;
        while (counts[0] + 4 <= target) {
            String uid = String.format(Locale.ROOT, "%08x-0000-4000-8000-%012x", pods, pods);
            String qos = switch (pods % 3) {
                case 0 -> "/kubepods.slice/kubepods-pod" + uid.replace('-', '_') + ".slice";
                case 1 -> "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + uid.replace('-', '_') + ".slice";
                default -> "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + uid.replace('-', '_') + ".slice";
            };
            cgroup(cg, qos, counts);
            String pod = "app-" + pods;
            Files.createDirectory(root.resolve("var/log/pods/bench_" + pod + "_" + uid));
            for (int c = 0; c < 3; c++) {
                String id = String.format(Locale.ROOT, "%056x%08x", pods, c);
                cgroup(cg, qos + "/cri-containerd-" + id + ".scope", counts);
                if (c > 0) {
                    Files.createFile(root.resolve("var/log/containers/" + pod + "_bench_c" + c + "-" + id + ".log"));
                }
            }
            pods++;
        }
        while (counts[0] < target) {
            cgroup(cg, "/user.slice/extra-" + counts[0] + ".scope", counts);
        }
        return new Tree(counts[0], pods, counts[1]);
    }

    private static void cgroup(Path cg, String path, int[] counts) throws IOException {
        Path d = path.isEmpty() ? cg : cg.resolve(path.substring(1));
        Files.createDirectories(d);
        int n = counts[0]++;
        long mem = 1_000_000L + n * 4096L;
        StringBuilder stat = new StringBuilder();
        long k = 0;
        for (String key : MEMORY_STAT_KEYS.split(" ")) {
            stat.append(key).append(' ').append(mem / 64 * (++k % 7)).append('\n');
        }
        String psi = "some avg10=0.12 avg60=0.10 avg300=0.05 total=" + (n * 1000L) + "\nfull avg10=0.00 avg60=0.00 avg300=0.00 total="
                + (n * 100L) + "\n";
        String[][] files = {
                {"cgroup.procs", n % 4 == 3 ? (1000 + n) + "\n" + (2000 + n) + "\n" : ""},
                {"cgroup.threads", n % 4 == 3 ? (1000 + n) + "\n" + (2000 + n) + "\n" + (3000 + n) + "\n" : ""},
                {"cgroup.events", "populated 1\nfrozen 0\n"},
                {"cgroup.freeze", "0\n"},
                {"cpu.stat", "usage_usec " + (n * 1000L) + "\nuser_usec " + (n * 600L) + "\nsystem_usec " + (n * 400L)
                        + "\ncore_sched.force_idle_usec 0\nnr_periods " + n + "\nnr_throttled " + (n / 10) + "\nthrottled_usec "
                        + (n * 7L) + "\nnr_bursts 0\nburst_usec 0\n"},
                {"cpu.max", n % 3 == 0 ? "50000 100000\n" : "max 100000\n"},
                {"cpu.weight", "100\n"},
                {"memory.current", mem + "\n"},
                {"memory.max", n % 2 == 0 ? "536870912\n" : "max\n"},
                {"memory.high", "max\n"}, {"memory.low", "0\n"}, {"memory.min", "0\n"},
                {"memory.peak", (mem * 2) + "\n"},
                {"memory.swap.current", "0\n"}, {"memory.swap.max", "max\n"},
                {"memory.stat", stat.toString()},
                {"memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n"},
                {"pids.current", "2\n"}, {"pids.max", "4096\n"}, {"pids.peak", "3\n"}, {"pids.events", "max 0\n"},
                {"io.stat", "259:0 rbytes=" + n + " wbytes=" + (2 * n) + " rios=1 wios=2 dbytes=0 dios=0\n"},
                {"io.max", ""},
                {"cpuset.cpus", ""}, {"cpuset.mems", ""}, {"cpuset.cpus.effective", "0-1\n"}, {"cpuset.mems.effective", "0\n"},
                {"cpu.pressure", psi}, {"memory.pressure", psi}, {"io.pressure", psi},
        };
        for (String[] f : files) {
            Files.writeString(d.resolve(f[0]), f[1]);
        }
        for (String f : OTHER_FILES) {
            Files.createFile(d.resolve(f));
        }
        counts[1] += files.length + OTHER_FILES.size();
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
