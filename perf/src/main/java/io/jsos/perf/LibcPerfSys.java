package io.jsos.perf;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * {@link PerfSys} through JNA (the JNA OSHI brings), with direct-mapped libc functions (static
 * natives registered once: the cheapest JNA call, which matters for reads at scrape time).
 *
 * <p>perf_event_open has no libc wrapper; it is {@code syscall(2)} with the number for this
 * architecture (x86-64 298, aarch64 241, see {@link PerfAbi#syscallNumber}). The variadic libc
 * functions ({@code syscall}, {@code ioctl}, {@code open}) are declared with fixed argument lists,
 * which is how the x86-64 and aarch64 Linux ABIs pass variadic integer arguments too.
 *
 * <p>errno is taken with {@link Native#getLastError()} right after a call returned -1 (JNA saves it
 * per thread after every native call).
 *
 * <p>perf_event_open is a system call on the machine jsos runs on: {@code --host-root} does not
 * change which kernel is asked. In a container with hostPID that kernel is the node's, so
 * CPU-wide and cgroup counting see the whole node.
 */
public final class LibcPerfSys implements PerfSys {

    private static final LibcPerfSys INSTANCE = new LibcPerfSys();

    private final long syscallNr;
    private final String unavailable;

    private LibcPerfSys() {
        long nr = PerfAbi.syscallNumber(System.getProperty("os.arch", ""));
        String why = null;
        if (!Platform.isLinux()) {
            why = "perf_event_open exists on Linux only";
        } else if (nr < 0) {
            why = "perf_event_open's syscall number on " + System.getProperty("os.arch") + " is not known to jsos (x86-64 and aarch64 are)";
        } else {
            try {
                Direct.init();
            } catch (LinkageError | RuntimeException e) {
                why = "cannot call libc through JNA: " + e;
            }
        }
        this.syscallNr = nr;
        this.unavailable = why;
    }

    /** The process-wide instance. */
    public static LibcPerfSys get() {
        return INSTANCE;
    }

    @Override
    public String unavailableReason() {
        return unavailable;
    }

    private void check() {
        if (unavailable != null) {
            throw new IllegalStateException(unavailable);
        }
    }

    @Override
    public int perfEventOpen(byte[] attr, int pid, int cpu, int groupFd, long flags) {
        check();
        try (Memory m = new Memory(attr.length)) {
            m.write(0, attr, 0, attr.length);
            long r = Direct.syscall(syscallNr, m, pid, cpu, groupFd, flags | PerfAbi.FLAG_FD_CLOEXEC);
            return r < 0 ? -errno() : (int) r;
        }
    }

    @Override
    public int read(int fd, byte[] buf) {
        check();
        // A small per-thread native buffer: no allocation per read at scrape time.
        Memory m = BUF.get();
        if (m.size() < buf.length) {
            m = new Memory(buf.length);
            BUF.set(m);
        }
        long r = Direct.read(fd, m, buf.length);
        if (r < 0) {
            return -errno();
        }
        m.read(0, buf, 0, (int) r);
        return (int) r;
    }

    private static final ThreadLocal<Memory> BUF = ThreadLocal.withInitial(() -> new Memory(PerfAbi.groupReadSize(32)));

    @Override
    public int ioctl(int fd, long request, long arg) {
        check();
        int r = Direct.ioctl(fd, request, arg);
        return r < 0 ? -errno() : r;
    }

    @Override
    public int close(int fd) {
        check();
        int r = Direct.close(fd);
        return r < 0 ? -errno() : r;
    }

    @Override
    public int openReadOnly(String path) {
        check();
        int r = Direct.open(path, PerfAbi.O_RDONLY_CLOEXEC);
        return r < 0 ? -errno() : r;
    }

    private static int errno() {
        int e = Native.getLastError();
        return e == 0 ? EventStatus.EINVAL : e;
    }

    /** Direct-mapped libc: {@link Native#register} binds these static natives once. */
    static final class Direct {
        static {
            // The full soname on Linux: a bare "c" makes JNA run "ldconfig -p" to find it.
            Native.register(Direct.class, NativeLibrary.getInstance(Platform.isLinux() ? "libc.so.6" : Platform.C_LIBRARY_NAME));
        }

        private Direct() {
        }

        static void init() {
            // Loading the class registers the natives.
        }

        static native long syscall(long number, Pointer attr, int pid, int cpu, int groupFd, long flags);

        static native long read(int fd, Pointer buf, long count);

        static native int ioctl(int fd, long request, long arg);

        static native int close(int fd);

        static native int open(String path, int flags);
    }
}
