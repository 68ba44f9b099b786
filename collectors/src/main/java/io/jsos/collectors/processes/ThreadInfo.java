package io.jsos.collectors.processes;

import java.util.List;

/**
 * One row of the listing: a thread (a task in kernel words) of a process, as {@code ps -eLf}
 * shows it plus what support engineers ask for next (state, wait channel, cgroup, kernel stack).
 * Values that could not be read are null (text) or 0 (counters); the problems list of the
 * {@link ProcessTable} says why.
 *
 * @param pid          the process (thread group) id
 * @param tid          the thread id; equals {@code pid} for the main thread
 * @param user         the effective user's name from the host's /etc/passwd, or null when unknown
 * @param uid          the effective uid, or null when status could not be read
 * @param state        one letter as in proc(5) (R, S, D, Z, T, t, I, X), or "?" when unknown
 * @param wchan        the kernel function the thread sleeps in, or null when running or unknown
 * @param cpuSeconds   {@code (utime + stime) / USER_HZ}, this thread's own CPU time
 * @param startTime    when the thread started, ISO-8601 UTC, or null when boot time is unknown
 * @param rssBytes     the process's resident memory (shared by its threads, as ps shows it)
 * @param numThreads   how many threads the process has
 * @param comm         the thread's own name (threads may rename themselves)
 * @param cmdline      the process's argv joined with spaces; empty for kernel threads and zombies
 * @param cgroup       the process's cgroup path (v2, else the v1 memory one), or null
 * @param kernelStack  the kernel stack frames, only for D-state threads (empty when unreadable), else null
 */
public record ThreadInfo(int pid, int tid, int ppid, String user, Integer uid, String state, String wchan,
                         long nice, long priority, long utimeTicks, long stimeTicks, double cpuSeconds,
                         String startTime, long rssBytes, long numThreads, String comm, String cmdline,
                         String cgroup, boolean isMainThread, List<String> kernelStack) {

    public ThreadInfo {
        kernelStack = kernelStack == null ? null : List.copyOf(kernelStack);
    }
}
