package io.jsos.collectors.processes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The human-readable views of a {@link ProcessTable} that go into the bundle: a {@code ps -eLf}
 * style table, the D-state report, and a per-state summary. Pure functions of the model.
 */
public final class ProcessTableText {

    private static final String[] HEADER =
            {"UID", "PID", "PPID", "LWP", "NLWP", "STAT", "NI", "WCHAN", "RSS", "STIME", "TIME", "CGROUP", "CMD"};
    /** Which columns are numbers (right-aligned, as ps prints them). */
    private static final boolean[] RIGHT =
            {false, true, true, true, true, false, true, false, true, false, true, false, false};

    private static final Map<String, String> STATE_MEANING = Map.of(
            "R", "running or runnable",
            "S", "interruptible sleep",
            "D", "uninterruptible sleep (usually I/O)",
            "Z", "zombie (exited, not reaped by its parent)",
            "T", "stopped by a signal",
            "t", "stopped by a debugger",
            "I", "idle kernel thread",
            "X", "dead",
            "?", "unknown (stat unreadable)");

    private ProcessTableText() {
    }

    /**
     * Like {@code ps -eLf}, with the columns a support case needs added: STAT, NI, WCHAN, RSS (KiB)
     * and CGROUP; STIME is the full UTC start time, because ps's "HH:MM or MonDD" cannot be matched
     * against logs. Column widths fit the content; CMD comes last as it has no fixed width.
     */
    public static String psEf(ProcessTable table) {
        List<String[]> rows = new ArrayList<>(table.threads().size() + 1);
        rows.add(HEADER);
        for (ThreadInfo t : table.threads()) {
            rows.add(new String[] {
                    t.user() != null ? printable(t.user()) : t.uid() != null ? t.uid().toString() : "?",
                    Integer.toString(t.pid()),
                    Integer.toString(t.ppid()),
                    Integer.toString(t.tid()),
                    Long.toString(t.numThreads()),
                    t.state(),
                    Long.toString(t.nice()),
                    t.wchan() != null ? printable(t.wchan()) : "-",
                    Long.toString(t.rssBytes() / 1024),
                    t.startTime() != null ? t.startTime() : "?",
                    ProcTimes.psTime(t.cpuSeconds()),
                    t.cgroup() != null ? printable(t.cgroup()) : "-",
                    command(t)});
        }
        int[] width = new int[HEADER.length];
        for (String[] r : rows) {
            for (int c = 0; c < r.length - 1; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int c = 0; c < r.length - 1; c++) {
                pad(sb, r[c], width[c], RIGHT[c]);
                sb.append(' ');
            }
            sb.append(r[r.length - 1]).append('\n');
        }
        return sb.toString();
    }

    /** Every D-state thread with its wait channel and kernel stack, or "none". */
    public static String dStateThreads(ProcessTable table, boolean kernelStacksRead) {
        List<ThreadInfo> d = table.threads().stream().filter(t -> "D".equals(t.state())).toList();
        if (d.isEmpty()) {
            return "none\n";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(d.size()).append(d.size() == 1 ? " thread" : " threads")
                .append(" in D state (uninterruptible sleep, usually waiting for I/O or a lock in the kernel)\n");
        for (ThreadInfo t : d) {
            sb.append('\n')
                    .append("PID ").append(t.pid()).append(" TID ").append(t.tid())
                    .append(" comm=").append(t.comm() != null ? printable(t.comm()) : "?")
                    .append(" user=").append(t.user() != null ? printable(t.user()) : t.uid() != null ? t.uid() : "?")
                    .append(" wchan=").append(t.wchan() != null ? printable(t.wchan()) : "-")
                    .append(" started=").append(t.startTime() != null ? t.startTime() : "?")
                    .append('\n');
            sb.append("  cmd: ").append(command(t)).append('\n');
            sb.append("  cgroup: ").append(t.cgroup() != null ? printable(t.cgroup()) : "-").append('\n');
            if (!kernelStacksRead) {
                sb.append("  kernel stack: not read (option kernel-stacks=false)\n");
            } else if (t.kernelStack() == null || t.kernelStack().isEmpty()) {
                sb.append("  kernel stack: not available (needs root; see the problems in summary)\n");
            } else {
                sb.append("  kernel stack:\n");
                for (String frame : t.kernelStack()) {
                    sb.append("    ").append(printable(frame)).append('\n');
                }
            }
        }
        return sb.toString();
    }

    /** Counts per state, totals, vanished tasks and the problems met while reading. */
    public static String summary(ProcessTable table) {
        StringBuilder sb = new StringBuilder();
        sb.append("processes: ").append(table.processCount()).append('\n');
        sb.append("threads: ").append(table.threadCount()).append('\n');
        sb.append("vanished while reading: ").append(table.vanished())
                .append(" (processes or threads that exited during the walk; normal on a busy node)\n\n");
        TreeSet<String> states = new TreeSet<>(table.threadsByState().keySet());
        states.addAll(table.processesByState().keySet());
        sb.append(String.format("%-5s %9s %9s  %s%n", "STATE", "PROCESSES", "THREADS", "MEANING"));
        for (String s : states) {
            sb.append(String.format("%-5s %9d %9d  %s%n", s,
                    table.processesByState().getOrDefault(s, 0), table.threadsByState().getOrDefault(s, 0),
                    STATE_MEANING.getOrDefault(s, "")));
        }
        sb.append('\n');
        if (table.problems().isEmpty()) {
            sb.append("problems: none\n");
        } else {
            sb.append("problems: ").append(table.problems().size()).append('\n');
            for (String p : table.problems()) {
                sb.append("  ").append(printable(p)).append('\n');
            }
        }
        return sb.toString();
    }

    /** What ps shows as CMD: the argv, or {@code [comm]} for kernel threads, with {@code <defunct>} for zombies. */
    static String command(ThreadInfo t) {
        String cmd = t.cmdline() != null && !t.cmdline().isBlank() ? printable(t.cmdline())
                : "[" + (t.comm() != null ? printable(t.comm()) : "?") + "]";
        return "Z".equals(t.state()) ? cmd + " <defunct>" : cmd;
    }

    /** Control characters (a newline in an argv, an escape sequence in a comm) become '?', as ps does, so a row stays a row. */
    static String printable(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                if (sb == null) {
                    sb = new StringBuilder(s.substring(0, i));
                }
                sb.append('?');
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static void pad(StringBuilder sb, String s, int width, boolean right) {
        if (right) {
            sb.append(" ".repeat(Math.max(0, width - s.length()))).append(s);
        } else {
            sb.append(s).append(" ".repeat(Math.max(0, width - s.length())));
        }
    }
}
