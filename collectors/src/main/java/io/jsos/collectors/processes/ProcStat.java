package io.jsos.collectors.processes;

import java.util.Optional;

/**
 * One line of {@code /proc/<pid>/task/<tid>/stat} (or {@code /proc/<pid>/stat}), see proc(5).
 *
 * <p>The line is {@code pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt
 * cmajflt utime stime cutime cstime priority nice num_threads itrealvalue starttime vsize rss ...
 * processor ...}. {@code comm} is chosen by the program (prctl, writing /proc/self/comm), may hold
 * spaces and ')' and is cut at 15 bytes, so the only safe split is at the <em>last</em> ')'.
 *
 * @param pid        the task id the line is about (the tid for a thread's stat)
 * @param comm       the command name, without the parentheses
 * @param state      one letter: R, S, D, Z, T, t, I, X, ...
 * @param utime      user CPU time in clock ticks
 * @param stime      system CPU time in clock ticks
 * @param starttime  start time in clock ticks after boot
 * @param vsize      virtual memory size in bytes
 * @param rss        resident set size in pages
 * @param processor  the CPU last run on, or -1 when the kernel does not report it
 */
public record ProcStat(int pid, String comm, String state, int ppid, int pgrp, int session, int ttyNr,
                       long minflt, long majflt, long utime, long stime, long priority, long nice,
                       long numThreads, long starttime, long vsize, long rss, int processor) {

    /** Fields after the comm up to and including rss; anything shorter is a truncated line. */
    private static final int MIN_FIELDS_AFTER_COMM = 22;
    /** Index of processor among the fields after the comm (field 39 of proc(5)). */
    private static final int PROCESSOR = 36;

    /** The outcome of parsing a line: a stat, or why there is none. */
    record Result(ProcStat stat, String problem) {
    }

    /** Parses a stat line; empty for a truncated, empty or garbage line. */
    public static Optional<ProcStat> parse(String line) {
        return Optional.ofNullable(parseWithReason(line).stat());
    }

    /** Parses a stat line; never throws, and says what was wrong when there is no stat. */
    static Result parseWithReason(String line) {
        if (line == null || line.isBlank()) {
            return new Result(null, "empty");
        }
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            return new Result(null, "no '(comm)'");
        }
        Long pid = Numbers.parse(line.substring(0, open).trim());
        if (pid == null || pid < 0 || pid > Integer.MAX_VALUE) {
            return new Result(null, "bad pid");
        }
        String comm = line.substring(open + 1, close);
        String[] f = line.substring(close + 1).trim().split("\\s+");
        if (f.length < MIN_FIELDS_AFTER_COMM || f[0].isEmpty()) {
            return new Result(null, "truncated (" + f.length + " fields after comm)");
        }
        if (f[0].length() != 1 || !Character.isLetter(f[0].charAt(0))) {
            return new Result(null, "bad state '" + f[0] + "'");
        }
        long[] n = new long[MIN_FIELDS_AFTER_COMM];
        for (int i = 1; i < MIN_FIELDS_AFTER_COMM; i++) {
            Long v = Numbers.parse(f[i]);
            if (v == null) {
                return new Result(null, "field " + (i + 3) + " is not a number: '" + f[i] + "'");
            }
            n[i] = v;
        }
        int processor = -1;
        if (f.length > PROCESSOR) {
            Long p = Numbers.parse(f[PROCESSOR]);
            processor = p == null ? -1 : Numbers.toInt(p);
        }
        return new Result(new ProcStat(pid.intValue(), comm, f[0],
                Numbers.toInt(n[1]), Numbers.toInt(n[2]), Numbers.toInt(n[3]), Numbers.toInt(n[4]),
                n[7], n[9], n[11], n[12], n[15], n[16], n[17], n[19], n[20], n[21], processor), null);
    }
}
