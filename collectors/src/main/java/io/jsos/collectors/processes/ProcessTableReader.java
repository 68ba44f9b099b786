package io.jsos.collectors.processes;

import io.jsos.api.Host;
import io.jsos.api.HostPathException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * Reads the node's process and thread table from {@code /proc} through a {@link Host}: for every
 * numeric {@code /proc/<pid>}, every {@code task/<tid>}. Per thread it reads {@code stat} and
 * {@code wchan} (and {@code stack} for D-state threads); per process {@code status},
 * {@code cmdline} and {@code cgroup}.
 *
 * <p>{@code /proc/<pid>/environ} is never read: environments carry passwords, tokens and cloud
 * keys far more often than command lines do, and no redaction rule can recognise them all.
 *
 * <p>/proc changes under the reader: a process or thread whose files are gone (or answer ESRCH)
 * exited while being read and is skipped and counted as vanished; a file that exists but cannot
 * be read (permissions, a symlink loop in a fixture) is a recorded problem and the thread is
 * listed with what could be read. Nothing here throws for the node's state.
 */
public final class ProcessTableReader {

    /** Problems kept in the model; past this only a count, so a hostile /proc cannot bloat the bundle. */
    static final int MAX_PROBLEMS = 200;

    private static final int STAT_CAP = 8 << 10;
    private static final int STATUS_CAP = 32 << 10;
    private static final int CMDLINE_CAP = 128 << 10;
    private static final int CGROUP_CAP = 16 << 10;
    private static final int WCHAN_CAP = 512;
    private static final int STACK_CAP = 32 << 10;
    /** Used only when status has no VmRSS; 4 KiB on x86 and most arm64 (ppc64le's 64 KiB is why VmRSS comes first). */
    private static final long PAGE_SIZE = 4096;

    /**
     * What to read.
     *
     * @param maxThreads    stop after this many threads (the model says so in its problems)
     * @param details       read status, cmdline, cgroup, wchan and the users; false reads stat alone (enough for metrics)
     * @param kernelStacks  read the kernel stack of D-state threads (root only on most kernels)
     * @param clockTicks    USER_HZ, see {@link ProcTimes}
     */
    public record Settings(int maxThreads, boolean details, boolean kernelStacks, int clockTicks) {

        /** Everything, for the support bundle. */
        public static Settings full(int maxThreads, boolean kernelStacks) {
            return new Settings(maxThreads, true, kernelStacks, ProcTimes.DEFAULT_CLOCK_TICKS);
        }

        /** States only, for a scrape: one small file per thread. */
        public static Settings statesOnly(int maxThreads) {
            return new Settings(maxThreads, false, false, ProcTimes.DEFAULT_CLOCK_TICKS);
        }
    }

    private final Host host;
    private final Settings settings;
    private final BooleanSupplier shouldStop;

    private final List<ThreadInfo> threads = new ArrayList<>();
    private final Map<String, Integer> processesByState = new TreeMap<>();
    private final Map<String, Integer> threadsByState = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();
    private int droppedProblems;
    private boolean capReported;
    private int processCount;
    /** Threads listed (a states-only read keeps no {@link ThreadInfo}, only this count). */
    private int threadCount;
    private int vanished;
    private Map<Integer, String> users = Map.of();
    private OptionalLong bootTime = OptionalLong.empty();

    /**
     * @param shouldStop polled between processes; true ends the walk early (the collector's deadline)
     */
    public ProcessTableReader(Host host, Settings settings, BooleanSupplier shouldStop) {
        this.host = host;
        this.settings = settings;
        this.shouldStop = shouldStop;
    }

    /** Walks /proc once. A reader is good for one call. */
    public ProcessTable read() {
        if (settings.details()) {
            bootTime = ProcTimes.bootTime(host.tryRead("/proc/stat").orElse(null));
            if (bootTime.isEmpty()) {
                problem("/proc/stat has no btime: start times unknown");
            }
            users = Passwd.parse(host.tryRead("/etc/passwd").orElse(null));
        }
        List<Integer> pids = numericNames(host.list("/proc"));
        for (int i = 0; i < pids.size(); i++) {
            if (shouldStop.getAsBoolean()) {
                problem("stopped early at the deadline: " + (pids.size() - i) + " of " + pids.size()
                        + " processes not read (from pid " + pids.get(i) + ")");
                break;
            }
            if (threadCount >= settings.maxThreads()) {
                if (!capReported) {
                    problem("stopped at max-threads=" + settings.maxThreads() + ": " + (pids.size() - i) + " of "
                            + pids.size() + " processes not read (from pid " + pids.get(i) + ")");
                }
                break;
            }
            readProcess(pids.get(i));
        }
        if (droppedProblems > 0) {
            problems.add("... and " + droppedProblems + " more problems");
        }
        if (settings.details()) {
            // The bundle lists D first; a scrape only counts, and sorting every thread cost it a tenth of its time.
            threads.sort(ORDER);
        }
        Integer self = settings.details()
                ? host.tryRead("/proc/self/stat").flatMap(ProcStat::parse).map(ProcStat::pid).orElse(null) : null;
        return new ProcessTable(threads, processesByState, threadsByState, processCount, threadCount,
                vanished, problems, self);
    }

    /** D first (the threads a support engineer looks for), then R, then everything else; by pid and tid within. */
    static final Comparator<ThreadInfo> ORDER = Comparator
            .comparingInt((ThreadInfo t) -> rank(t.state()))
            .thenComparingInt(ThreadInfo::pid)
            .thenComparingInt(ThreadInfo::tid);

    private static int rank(String state) {
        return switch (state) {
            case "D" -> 0;
            case "R" -> 1;
            default -> 2;
        };
    }

    /** What one process's per-process files said; any part may be null. */
    private record ProcessFacts(ProcStatus status, String cmdline, String cgroup) {
    }

    private void readProcess(int pid) {
        String base = "/proc/" + pid;
        List<Integer> tids = numericNames(host.list(base + "/task"));
        boolean noTaskDir = false;
        if (tids.isEmpty()) {
            // Gone between the /proc listing and now, or a host (old kernel, minimal fixture) without task/.
            if (!host.exists(base + "/stat")) {
                vanished++;
                return;
            }
            tids = List.of(pid);
            noTaskDir = true;
        }
        ProcessFacts facts = settings.details() ? readProcessFacts(pid) : new ProcessFacts(null, null, null);
        String processState = null;
        String firstState = null;
        int listed = 0;
        for (int tid : tids) {
            if (threadCount >= settings.maxThreads()) {
                problem("stopped at max-threads=" + settings.maxThreads() + " inside pid " + pid
                        + ": its later threads and all later processes not read");
                capReported = true;
                break;
            }
            String dir = noTaskDir ? base : base + "/task/" + tid;
            String state;
            if (settings.details()) {
                ThreadInfo t = readThread(pid, tid, dir, facts);
                if (t == null) {
                    continue;
                }
                threads.add(t);
                state = t.state();
            } else {
                state = readState(dir);
                if (state == null) {
                    continue;
                }
            }
            threadCount++;
            threadsByState.merge(state, 1, Integer::sum);
            listed++;
            if (firstState == null) {
                firstState = state;
            }
            if (tid == pid) {
                processState = state;
            }
        }
        if (listed == 0) {
            return;
        }
        processCount++;
        // A process's state is its main thread's, as ps shows; if the main thread was not listed, its first thread's.
        processesByState.merge(processState != null ? processState : firstState, 1, Integer::sum);
    }

    private ProcessFacts readProcessFacts(int pid) {
        String base = "/proc/" + pid;
        // Deliberately not environ: it holds DB passwords, API tokens and cloud keys in forms no redactor
        // can recognise reliably, and nothing in a ps listing needs it.
        FileRead status = readText(base + "/status", STATUS_CAP);
        note(status, base + "/status");
        FileRead cmdline = readBytesAsArgv(base + "/cmdline");
        note(cmdline, base + "/cmdline");
        FileRead cgroup = readText(base + "/cgroup", CGROUP_CAP);
        note(cgroup, base + "/cgroup");
        return new ProcessFacts(status.text() == null ? null : ProcStatus.parse(status.text()),
                cmdline.text(),
                cgroup.text() == null ? null : ProcCgroup.path(cgroup.text()));
    }

    /**
     * A thread's state letter alone (a scrape's need), or null when the thread vanished; "?" when
     * its stat cannot be read or parsed, as {@link #readThread} says of such a thread.
     */
    private String readState(String dir) {
        FileRead statRead = readText(dir + "/stat", STAT_CAP);
        if (statRead.vanished()) {
            vanished++;
            return null;
        }
        note(statRead, dir + "/stat");
        if (statRead.text() == null) {
            return "?";
        }
        String state = ProcStat.stateOnly(statRead.text());
        if (state == null) {
            problem(dir + "/stat: unparseable (no state letter after the comm)");
            return "?";
        }
        return state;
    }

    /** One thread, or null when it vanished. */
    private ThreadInfo readThread(int pid, int tid, String dir, ProcessFacts facts) {
        FileRead statRead = readText(dir + "/stat", STAT_CAP);
        if (statRead.vanished()) {
            vanished++;
            return null;
        }
        note(statRead, dir + "/stat");
        ProcStat stat = null;
        if (statRead.text() != null) {
            ProcStat.Result r = ProcStat.parseWithReason(statRead.text().strip());
            stat = r.stat();
            if (stat == null) {
                problem(dir + "/stat: unparseable (" + r.problem() + ")");
            }
        }
        ProcStatus status = facts.status();
        boolean main = pid == tid;

        String state = stat != null ? stat.state()
                : main && status != null && status.state() != null ? status.state() : "?";
        String wchan = null;
        List<String> stack = null;
        if (settings.details()) {
            FileRead w = readText(dir + "/wchan", WCHAN_CAP);
            note(w, dir + "/wchan");
            wchan = KernelWait.wchan(w.text());
            if ("D".equals(state)) {
                stack = List.of();
                if (settings.kernelStacks()) {
                    FileRead s = readText(dir + "/stack", STACK_CAP);
                    note(s, dir + "/stack");
                    stack = KernelWait.stack(s.text());
                }
            }
        }

        Integer uid = status != null && status.uid() >= 0 ? status.uid() : null;
        String user = uid == null ? null : users.get(uid);
        int ppid = stat != null ? stat.ppid() : status != null ? status.ppid() : 0;
        String comm = stat != null ? stat.comm() : main && status != null ? status.name() : null;
        long utime = stat != null ? stat.utime() : 0;
        long stime = stat != null ? stat.stime() : 0;
        long rssBytes = status != null && status.vmRssKib() >= 0 ? status.vmRssKib() * 1024
                : stat != null ? Math.max(0, stat.rss()) * PAGE_SIZE : 0;
        long numThreads = stat != null ? stat.numThreads() : status != null && status.threads() >= 0 ? status.threads() : 0;
        String startTime = stat != null ? ProcTimes.startTimeIso(bootTime, stat.starttime(), settings.clockTicks()) : null;
        return new ThreadInfo(pid, tid, ppid, user, uid, state, wchan,
                stat != null ? stat.nice() : 0, stat != null ? stat.priority() : 0,
                utime, stime, ProcTimes.cpuSeconds(utime, stime, settings.clockTicks()), startTime,
                rssBytes, numThreads, comm, facts.cmdline(), facts.cgroup(), main, stack);
    }

    /**
     * A file's text, or that it is gone (the task exited: missing file or ESRCH), or why it could
     * not be read.
     */
    private record FileRead(String text, boolean vanished, String problem) {
        static FileRead ok(String text) {
            return new FileRead(text, false, null);
        }

        static FileRead gone() {
            return new FileRead(null, true, null);
        }

        static FileRead failed(String why) {
            return new FileRead(null, false, why);
        }
    }

    private FileRead readText(String path, int cap) {
        try {
            return FileRead.ok(host.read(path, cap));
        } catch (IOException e) {
            return classify(e);
        } catch (HostPathException e) {
            return FileRead.failed(e.getMessage());
        }
    }

    /** cmdline is read as bytes so that {@link Cmdline} decides how non-UTF-8 arguments are decoded. */
    private FileRead readBytesAsArgv(String path) {
        try (InputStream in = host.open(path)) {
            return FileRead.ok(Cmdline.join(Cmdline.parse(in.readNBytes(CMDLINE_CAP))));
        } catch (IOException e) {
            return classify(e);
        } catch (HostPathException e) {
            return FileRead.failed(e.getMessage());
        }
    }

    private static FileRead classify(IOException e) {
        String msg = String.valueOf(e.getMessage());
        if (e instanceof NoSuchFileException || msg.contains("No such process")) {
            return FileRead.gone();
        }
        if (e instanceof AccessDeniedException) {
            return FileRead.failed("permission denied");
        }
        return FileRead.failed(e.getClass().getSimpleName() + ": " + msg);
    }

    /** Records why a file could not be read; a vanished file is not a problem. */
    private void note(FileRead r, String path) {
        if (r.problem() != null) {
            problem(path + ": " + r.problem());
        }
    }

    private void problem(String message) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(message);
        } else {
            droppedProblems++;
        }
    }

    private static List<Integer> numericNames(List<String> names) {
        List<Integer> out = new ArrayList<>();
        for (String n : names) {
            Long v = n.isEmpty() || n.charAt(0) == '-' ? null : Numbers.parse(n);
            if (v != null && v <= Integer.MAX_VALUE) {
                out.add(v.intValue());
            }
        }
        out.sort(null);
        return out;
    }
}
