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
        // The fields after comm, split on whitespace by hand: a scrape parses one line per thread,
        // and a regex split was the largest share of the exporter's own CPU time.
        int[] starts = new int[PROCESSOR + 1];
        int[] ends = new int[PROCESSOR + 1];
        int count = 0;
        int i = close + 1;
        int len = line.length();
        while (count <= PROCESSOR) {
            while (i < len && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= len) {
                break;
            }
            starts[count] = i;
            while (i < len && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            ends[count++] = i;
        }
        if (count < MIN_FIELDS_AFTER_COMM) {
            return new Result(null, "truncated (" + count + " fields after comm)");
        }
        String state = line.substring(starts[0], ends[0]);
        if (state.length() != 1 || !Character.isLetter(state.charAt(0))) {
            return new Result(null, "bad state '" + state + "'");
        }
        long[] n = new long[MIN_FIELDS_AFTER_COMM];
        for (int f = 1; f < MIN_FIELDS_AFTER_COMM; f++) {
            Long v = parseLong(line, starts[f], ends[f]);
            if (v == null) {
                return new Result(null, "field " + (f + 3) + " is not a number: '"
                        + line.substring(starts[f], ends[f]) + "'");
            }
            n[f] = v;
        }
        int processor = -1;
        if (count > PROCESSOR) {
            Long p = parseLong(line, starts[PROCESSOR], ends[PROCESSOR]);
            processor = p == null ? -1 : Numbers.toInt(p);
        }
        return new Result(new ProcStat(pid.intValue(), comm, state,
                Numbers.toInt(n[1]), Numbers.toInt(n[2]), Numbers.toInt(n[3]), Numbers.toInt(n[4]),
                n[7], n[9], n[11], n[12], n[15], n[16], n[17], n[19], n[20], n[21], processor), null);
    }

    /**
     * Only the state letter of a stat line (the field after the last {@code ')'}), or null when
     * there is none. A scrape counts threads by state and needs nothing else: this skips the other
     * fifty fields, which {@link #parseWithReason} splits and converts.
     */
    static String stateOnly(String line) {
        int close = line == null ? -1 : line.lastIndexOf(')');
        int at = close + 2;
        if (close < 0 || line.indexOf('(') < 0 || at >= line.length() || line.charAt(close + 1) != ' ') {
            return null;
        }
        char c = line.charAt(at);
        boolean alone = at + 1 == line.length() || Character.isWhitespace(line.charAt(at + 1));
        if (!alone || !Character.isLetter(c)) {
            return null;
        }
        return c < STATES.length && STATES[c] != null ? STATES[c] : String.valueOf(c);
    }

    /** One String per ASCII letter, so a scrape does not make one per thread. */
    private static final String[] STATES = new String[128];

    static {
        for (char c = 'A'; c <= 'z'; c++) {
            if (Character.isLetter(c)) {
                STATES[c] = String.valueOf(c);
            }
        }
    }

    /** A decimal integer (optionally negative) spanning [start, end) of s; null when it is not one or overflows. */
    private static Long parseLong(String s, int start, int end) {
        int digits = s.charAt(start) == '-' ? start + 1 : start;
        if (digits == end || end - digits > 18) {
            return end - digits > 18 ? Numbers.parse(s.substring(start, end)) : null;
        }
        long v = 0;
        for (int i = digits; i < end; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            v = v * 10 + (c - '0');
        }
        return digits > start ? -v : v;
    }
}
