package io.jsos.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Makes the calling thread, and every program it starts, yield to the node's real work: nice 10
 * and the idle I/O class. On Linux both are per-thread attributes inherited by forked children, so
 * the engine calls this at the start of each worker thread.
 *
 * <p>Best effort: a failure (no libc through JNA, a seccomp filter) leaves normal priority and is
 * reported once through {@link #lastError()}.
 */
public final class LowPriority {

    private static final int PRIO_PROCESS = 0;
    private static final int IOPRIO_WHO_PROCESS = 1;
    private static final int IOPRIO_CLASS_IDLE = 3;
    private static final int IOPRIO_CLASS_SHIFT = 13;
    private static volatile String lastError;

    private LowPriority() {
    }

    interface LibC extends Library {
        int setpriority(int which, int who, int prio);

        long syscall(long number, Object... args);
    }

    private static final class Holder {
        // The full soname: a bare "c" makes JNA run "ldconfig -p" to find it, a program started behind the
        // command runner's back on every run.
        static final LibC LIBC = Native.load("libc.so.6", LibC.class);
    }

    /** Lowers the CPU and I/O priority of the calling thread. */
    public static void applyToCurrentThread() {
        try {
            if (!Platform.isLinux()) {
                return;
            }
            // who = 0 is the calling thread on Linux (nice is per thread there).
            if (Holder.LIBC.setpriority(PRIO_PROCESS, 0, 10) != 0) {
                lastError = "setpriority failed, errno " + Native.getLastError();
            }
            long nr = ioprioSetSyscall();
            if (nr > 0 && Holder.LIBC.syscall(nr, IOPRIO_WHO_PROCESS, 0, IOPRIO_CLASS_IDLE << IOPRIO_CLASS_SHIFT) != 0) {
                lastError = "ioprio_set failed, errno " + Native.getLastError();
            }
        } catch (LinkageError | RuntimeException e) {
            lastError = "cannot lower priority: " + e.getMessage();
        }
    }

    private static long ioprioSetSyscall() {
        if (Platform.isIntel() && Platform.is64Bit()) {
            return 251;
        } else if (Platform.isARM() && Platform.is64Bit()) {
            return 30;
        }
        return -1;
    }

    /** Why lowering the priority failed, or null. */
    public static String lastError() {
        return lastError;
    }
}
