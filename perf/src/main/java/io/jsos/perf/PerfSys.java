package io.jsos.perf;

/**
 * The five system calls jsos's perf support needs, as a seam: {@link LibcPerfSys} makes them through
 * JNA; tests put a fake in front to simulate EMFILE, EACCES and friends without a special kernel.
 *
 * <p>Every method returns the call's result, or {@code -errno} when it failed (never throws for a
 * failed call), so callers map errnos to {@link EventStatus} in one place.
 */
public interface PerfSys {

    /**
     * {@code perf_event_open(attr, pid, cpu, group_fd, flags)}.
     *
     * @return the new fd, or -errno
     */
    int perfEventOpen(byte[] attr, int pid, int cpu, int groupFd, long flags);

    /** {@code read(fd, buf, buf.length)} into {@code buf}: bytes read, or -errno. */
    int read(int fd, byte[] buf);

    /** {@code ioctl(fd, request, arg)}: the result, or -errno. */
    int ioctl(int fd, long request, long arg);

    /** {@code close(fd)}: 0, or -errno. */
    int close(int fd);

    /** {@code open(path, O_RDONLY|O_CLOEXEC)} (a cgroup directory for PERF_FLAG_PID_CGROUP): the fd, or -errno. */
    int openReadOnly(String path);

    /** Whether perf_event_open can be called at all here (Linux, a known architecture, libc through JNA), or why not. */
    String unavailableReason();
}
