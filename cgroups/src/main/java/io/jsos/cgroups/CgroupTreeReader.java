package io.jsos.cgroups;

import io.jsos.api.Host;
import io.jsos.api.HostPathException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Reads every cgroup of a host through a {@link Host}, into a {@link CgroupTree}.
 *
 * <p>Two passes keep memory flat whatever the node's size:
 * <ol>
 *   <li><b>discover</b>: walk each hierarchy's directories (one listing per cgroup per
 *       hierarchy), noting per path which of the files jsos reads exist there;</li>
 *   <li><b>read</b>: per path, in tree order, read those files from every hierarchy holding the
 *       path, turn them into a {@link Cgroup} with {@link CgroupAssembler} and drop the text.</li>
 * </ol>
 * Only files listed in the directory are opened: on a hybrid host most controllers' files are
 * missing from most hierarchies, and a failed open costs more than a listing entry.
 *
 * <p>The node changes under the reader, and that is normal: a cgroup removed mid-walk (its
 * directory gone, its files answering ENOENT or ENODEV) is counted as vanished and left out; a
 * file that exists but cannot be read (permission, a directory where a file should be, a symlink
 * loop) is a recorded problem and the cgroup is kept with what could be read. Nothing here throws
 * for the node's state. The walk stops at {@code maxCgroups} paths and when {@code shouldStop}
 * says so, and the tree says it was truncated.
 *
 * <p>Child cgroups are told from control files by name: entries named like a control file
 * ({@code memory.stat}, {@code cgroup.procs}, {@code tasks}) are not statted. A cgroup someone
 * named like a control file (e.g. {@code memory.x}) is therefore not walked.
 */
public final class CgroupTreeReader {

    /** What to read: everything for the bundle, or only what the metrics need. */
    public enum Profile { FULL, METRICS }

    /**
     * @param profile    which files to read
     * @param maxCgroups stop discovering new cgroup paths past this many
     */
    public record Settings(Profile profile, int maxCgroups) {
        public Settings {
            if (maxCgroups < 1) {
                throw new IllegalArgumentException("maxCgroups must be at least 1: " + maxCgroups);
            }
        }
    }

    /** Problems kept in the model; past this only a count, so a hostile tree cannot bloat the bundle. */
    static final int MAX_PROBLEMS = 200;
    /** cgroup.procs of a big root cgroup lists every process; other files are small. */
    private static final int COUNT_FILE_CAP = 4 << 20;
    private static final int FILE_CAP = 64 << 10;

    /** Controllers' file prefixes; irq is only a file ({@code irq.pressure}, 6.x kernels), not a controller. */
    private static final String[] CONTROL_PREFIXES = {"cgroup", "cpu", "cpuacct", "cpuset", "memory", "blkio",
        "io", "irq", "pids", "devices", "freezer", "net_cls", "net_prio", "perf_event", "hugetlb", "rdma", "misc"};
    private static final Set<String> CONTROL_NAMES = Set.of("tasks", "notify_on_release", "release_agent");
    private static final Set<String> METRIC_CONTROLLERS = Set.of("cpu", "cpuacct", "memory", "pids", "blkio");

    /** Thrown (without a stack trace) to abandon a cgroup whose directory disappeared. */
    private static final class Vanished extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Vanished() {
            super("vanished", null, false, false);
        }
    }

    private static final Vanished VANISHED = new Vanished();

    /** A directory entry that is not a control file: a child cgroup to walk (a file bit has one bit set; 0 = a file not read). */
    private static final long CHILD = -1;
    /** Control file names remembered per hierarchy; a kernel has ~100, a hostile tree could name more. */
    private static final int MAX_CONTROL_NAMES = 1024;

    /** One cgroup path found by the walk: which hierarchies hold it and which wanted files each has. */
    private static final class Found {
        final String path;
        final long[] masks;
        long present;

        Found(String path, int hierarchies) {
            this.path = path;
            this.masks = new long[hierarchies];
        }
    }

    private final Host host;
    private final Settings settings;
    private final BooleanSupplier shouldStop;

    private final List<String> problems = new ArrayList<>();
    private final Set<String> vanished = new HashSet<>();
    private int droppedProblems;
    private boolean truncated;
    private boolean stopped;

    /**
     * @param shouldStop polled per directory and per cgroup; true ends the walk early (the collector's deadline)
     */
    public CgroupTreeReader(Host host, Settings settings, BooleanSupplier shouldStop) {
        this.host = host;
        this.settings = settings;
        this.shouldStop = shouldStop;
    }

    /** Detects the layout and the Kubernetes names, then reads the tree. A reader is good for one call. */
    public CgroupTree read() {
        return read(CgroupLayout.detect(host), KubeNames.read(host));
    }

    /** Reads the tree of a known layout, naming pods and containers with {@code names}. */
    public CgroupTree read(CgroupLayout layout, KubeNames names) {
        List<Hierarchy> hs = layout.hierarchies().stream().filter(this::walked).toList();
        if (hs.size() > Long.SIZE) {
            // hierarchies are tracked in a 64-bit mask; the kernel has fewer than 20 controllers
            problem(hs.size() + " cgroup hierarchies mounted: only the first " + Long.SIZE + " are read");
            hs = hs.subList(0, Long.SIZE);
        }
        // insertion order: one hierarchy's walk is already tree order (see inTreeOrder)
        Map<String, Found> found = new LinkedHashMap<>();
        for (int i = 0; i < hs.size() && !stopped; i++) {
            discover(i, hs.size(), hs.get(i), found);
        }
        List<Found> order = new ArrayList<>(found.values());
        if (!inTreeOrder(order)) {
            order.sort(Comparator.comparing((Found f) -> f.path, CgroupTreeReader::compareTreeOrder));
        }
        List<Cgroup> cgroups = new ArrayList<>(order.size());
        for (int i = 0; i < order.size(); i++) {
            if (!stopped && shouldStop.getAsBoolean()) {
                stop("stopped early at the deadline: " + (order.size() - i) + " of " + order.size() + " cgroups not read");
            }
            if (stopped) {
                break;
            }
            Found f = order.get(i);
            try {
                cgroups.add(CgroupAssembler.assemble(f.path, labels(hs, f), readFiles(hs, f), names, this::problem));
            } catch (Vanished v) {
                vanished.add(f.path);
            }
        }
        if (droppedProblems > 0) {
            problems.add("... and " + droppedProblems + " more problems");
        }
        return new CgroupTree(layout, cgroups, vanished.size(), truncated, problems);
    }

    /** Metrics need only the hierarchies of the controllers they report, and v2 (processes, PSI). */
    private boolean walked(Hierarchy h) {
        if (settings.profile() == Profile.FULL || h.version() == 2) {
            return true;
        }
        return h.controllers().stream().anyMatch(METRIC_CONTROLLERS::contains);
    }

    private void discover(int index, int hierarchies, Hierarchy h, Map<String, Found> found) {
        Deque<String> stack = new ArrayDeque<>();
        Map<String, Long> controlFiles = new HashMap<>();
        stack.push("");
        while (!stack.isEmpty()) {
            if (shouldStop.getAsBoolean()) {
                stop("stopped early at the deadline while walking " + h.mountPoint());
                return;
            }
            String rel = stack.pop();
            String dir = rel.isEmpty() ? h.mountPoint() : h.mountPoint() + rel;
            String path = h.cgroupPath(rel);
            List<String> names = host.list(dir);
            if (names.isEmpty()) {
                // a cgroup directory always has control files: empty means gone, unreadable, or not a directory
                if (host.isDirectory(dir)) {
                    problem(dir + ": cannot list it (permission denied?)");
                } else if (rel.isEmpty()) {
                    problem(h.label() + " hierarchy at " + dir + " is missing");
                } else if (!host.exists(dir)) {
                    vanished.add(path);
                }
                // else a file among the cgroups (children are not statted before they are listed): not a cgroup
                continue;
            }
            Found f = found.get(path);
            if (f == null) {
                if (found.size() >= settings.maxCgroups()) {
                    if (!truncated) {
                        problem("stopped at max-cgroups=" + settings.maxCgroups() + ": later cgroups (from "
                                + path + ") not read");
                    }
                    truncated = true;
                    continue;
                }
                f = new Found(path, hierarchies);
                found.put(path, f);
            }
            f.present |= 1L << index;
            long mask = 0;
            List<String> children = new ArrayList<>();
            for (String name : names) {
                // control files repeat in every cgroup: classified once per hierarchy (children, all distinct, are not kept)
                Long known = controlFiles.get(name);
                long bit;
                if (known != null) {
                    bit = known;
                } else {
                    bit = wantedBit(h, name);
                    if (bit != 0 || looksLikeControlFile(name)) {
                        if (controlFiles.size() < MAX_CONTROL_NAMES) {
                            controlFiles.put(name, bit);
                        }
                    } else {
                        bit = CHILD;
                    }
                }
                if (bit != 0 && bit != CHILD) {
                    mask |= bit;
                } else if (bit == CHILD) {
                    // Listed as a child without a stat: a cgroup's other entries are directories, and the
                    // rare file among them lists as empty and is dropped then (one system call per cgroup saved).
                    children.add(name);
                }
            }
            f.masks[index] = settings.profile() == Profile.METRICS ? dropSuperseded(mask) : mask;
            for (int c = children.size() - 1; c >= 0; c--) {
                stack.push(rel + "/" + children.get(c));
            }
        }
    }

    /**
     * A scrape skips a file whose values another listed file gives better: the non-recursive blkio
     * counters where the {@code _recursive} ones exist, {@code cpuacct.stat} (USER_HZ ticks) where
     * {@code cpuacct.usage_user} and {@code usage_sys} exist. The model's metrics are the same.
     */
    private static long dropSuperseded(long mask) {
        long m = mask;
        if ((m & V1File.BLKIO_SERVICE_BYTES_RECURSIVE.bit()) != 0) {
            m &= ~V1File.BLKIO_SERVICE_BYTES.bit();
        }
        if ((m & V1File.BLKIO_SERVICED_RECURSIVE.bit()) != 0) {
            m &= ~V1File.BLKIO_SERVICED.bit();
        }
        long usage = V1File.CPUACCT_USAGE_USER.bit() | V1File.CPUACCT_USAGE_SYS.bit();
        if ((m & usage) == usage) {
            m &= ~V1File.CPUACCT_STAT.bit();
        }
        return m;
    }

    /** The file's bit when jsos reads it in this hierarchy for this profile, 0 otherwise (and for non-files). */
    private long wantedBit(Hierarchy h, String name) {
        boolean metricsOnly = settings.profile() == Profile.METRICS;
        if (h.version() == 2) {
            V2File f = V2File.byName(name);
            return f == null || (metricsOnly && !f.metrics) ? 0 : f.bit();
        }
        V1File f = V1File.byName(name);
        if (f == null || (metricsOnly && !f.metrics) || (f.controller != null && !h.has(f.controller))) {
            return 0;
        }
        return f.bit();
    }

    /** Runs for every entry of every cgroup directory, so it compares in place rather than cutting a prefix out. */
    static boolean looksLikeControlFile(String name) {
        int dot = name.indexOf('.');
        if (dot <= 0) {
            return CONTROL_NAMES.contains(name);
        }
        for (String prefix : CONTROL_PREFIXES) {
            if (prefix.length() == dot && name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> labels(List<Hierarchy> hs, Found f) {
        List<String> out = new ArrayList<>(Long.bitCount(f.present));
        for (int i = 0; i < hs.size(); i++) {
            if ((f.present & (1L << i)) != 0) {
                out.add(hs.get(i).label());
            }
        }
        return out;
    }

    private RawCgroup readFiles(List<Hierarchy> hs, Found f) {
        RawCgroup raw = new RawCgroup();
        int countsFrom = countsFrom(hs, f);
        for (int i = 0; i < hs.size(); i++) {
            if ((f.present & (1L << i)) == 0 || f.masks[i] == 0) {
                continue;
            }
            Hierarchy h = hs.get(i);
            String dir = h.dirOf(f.path);
            long mask = f.masks[i];
            while (mask != 0) {
                int bit = Long.numberOfTrailingZeros(mask);
                mask &= mask - 1;
                if (h.version() == 2) {
                    V2File file = V2File.values()[bit];
                    boolean count = file == V2File.PROCS || file == V2File.THREADS;
                    if ((count && i != countsFrom) || raw.has(file)) {
                        continue;
                    }
                    String text = readFile(dir, file.file, count ? COUNT_FILE_CAP : FILE_CAP);
                    if (text != null) {
                        raw.v2.put(file, text);
                    }
                } else {
                    V1File file = V1File.values()[bit];
                    boolean count = file == V1File.PROCS || file == V1File.TASKS;
                    if ((count && i != countsFrom) || raw.has(file)) {
                        continue;
                    }
                    String text = readFile(dir, file.file, count ? COUNT_FILE_CAP : FILE_CAP);
                    if (text != null) {
                        raw.v1.put(file, text);
                    }
                }
            }
        }
        return raw;
    }

    /**
     * The one hierarchy whose cgroup.procs and threads are counted: v2 when it has the path (the
     * unified tree is what systemd and the kubelet manage), else the first v1 hierarchy with
     * controllers, else a named one; so that a bundle and a scrape (which skips named
     * hierarchies) count the same. Reading the lists once rather than once per hierarchy matters
     * on nodes with many processes.
     */
    private static int countsFrom(List<Hierarchy> hs, Found f) {
        int best = -1;
        int bestRank = Integer.MAX_VALUE;
        for (int i = 0; i < hs.size(); i++) {
            Hierarchy h = hs.get(i);
            long procsBit = h.version() == 2 ? V2File.PROCS.bit() : V1File.PROCS.bit();
            if ((f.present & (1L << i)) == 0 || (f.masks[i] & procsBit) == 0) {
                continue;
            }
            int rank = h.version() == 2 ? 0 : h.controllers().isEmpty() ? 2 : 1;
            if (rank < bestRank) {
                best = i;
                bestRank = rank;
            }
        }
        return best;
    }

    /** A file's text; null (with a problem recorded) when unreadable; throws {@link Vanished} when its cgroup is gone. */
    private String readFile(String dir, String name, int cap) {
        String path = dir + "/" + name;
        try {
            return host.read(path, cap);
        } catch (NoSuchFileException e) {
            return gone(dir, path, "missing");
        } catch (AccessDeniedException e) {
            problem(path + ": permission denied");
        } catch (FileSystemException e) {
            String reason = e.getReason() != null ? e.getReason() : String.valueOf(e.getMessage());
            if (reason.contains("No such device") || reason.contains("No such file")) {
                return gone(dir, path, reason);
            }
            problem(path + ": " + reason);
        } catch (IOException e) {
            String msg = String.valueOf(e.getMessage());
            // reading a file of a removed cgroup answers ENODEV
            if (msg.contains("No such device")) {
                return gone(dir, path, msg);
            }
            problem(path + ": " + msg);
        } catch (HostPathException e) {
            problem(path + ": " + e.getMessage());
        }
        return null;
    }

    private String gone(String dir, String path, String why) {
        if (!host.isDirectory(dir)) {
            throw VANISHED;
        }
        problem(path + ": " + why);
        return null;
    }

    private void stop(String why) {
        if (!stopped) {
            problem(why);
        }
        stopped = true;
        truncated = true;
    }

    private void problem(String message) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(message);
        } else {
            droppedProblems++;
        }
    }

    /**
     * Whether the walk already found the paths in tree order: it does for one hierarchy (a v2
     * host), as the walk is depth-first over sorted listings, and tree order is the order of the
     * paths' names element by element. Checking is linear; sorting 10 000 paths is not.
     */
    private static boolean inTreeOrder(List<Found> order) {
        for (int i = 1; i < order.size(); i++) {
            if (compareTreeOrder(order.get(i - 1).path, order.get(i).path) > 0) {
                return false;
            }
        }
        return true;
    }

    /** Tree order: a parent before its children, and a cgroup's subtree before its next sibling ('/' sorts first). */
    static int compareTreeOrder(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                if (ca == '/') {
                    return -1;
                }
                if (cb == '/') {
                    return 1;
                }
                return Character.compare(ca, cb);
            }
        }
        return Integer.compare(a.length(), b.length());
    }
}
