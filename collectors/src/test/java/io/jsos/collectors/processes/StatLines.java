package io.jsos.collectors.processes;

/** Builds well-formed stat lines for tests, with the fields jsos reads in their proc(5) places. */
final class StatLines {

    private StatLines() {
    }

    static String line(int pid, String comm, String state, int ppid, long utime, long stime, long nice,
                       long threads, long starttime, long rssPages) {
        return pid + " (" + comm + ") " + state + " " + ppid + " " + pid + " " + pid
                + " 0 -1 4194560 1000 0 2 0 " + utime + " " + stime + " 0 0 " + (20 + nice) + " " + nice + " "
                + threads + " 0 " + starttime + " 43085824 " + rssPages
                + " 18446744073709551615 1 1 0 0 0 0 0 4096 1256 0 0 0 17 3 0 0 0 0 0 0 0 0 0 0 0 0 0";
    }

    static String sleeping(int pid, String comm, int ppid) {
        return line(pid, comm, "S", ppid, 10, 5, 0, 1, 1000, 100);
    }
}
