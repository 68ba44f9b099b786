package io.jsos.collectors.system;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Whether the kernel's clock is synchronised, from {@code adjtimex(2)} with no changes requested:
 * what {@code timedatectl}'s NTPSynchronized and chrony/ntpd report underneath, without needing
 * systemd or either daemon's socket. The kernel keeps one clock for every container, so the answer
 * holds for the node whichever mount namespace jsos runs in.
 */
final class KernelClock {

    /** adjtimex's return value when the clock is not synchronised. */
    static final int TIME_ERROR = 5;
    /** The status bit an NTP daemon clears once it disciplines the clock. */
    static final int STA_UNSYNC = 0x0040;

    /** struct timex on LP64: int modes (+4 padding), long offset, freq, maxerror, esterror, int status. */
    private static final int TIMEX_SIZE = 208;
    private static final int MAXERROR_OFFSET = 24;
    private static final int ESTERROR_OFFSET = 32;
    private static final int STATUS_OFFSET = 40;

    private KernelClock() {
    }

    /**
     * The clock as the kernel sees it.
     *
     * @param synchronised   false when adjtimex says TIME_ERROR or STA_UNSYNC is set
     * @param state          adjtimex's return value (0 TIME_OK ... 5 TIME_ERROR)
     * @param status         the timex status bits
     * @param maxErrorMicros the kernel's maximum error estimate, µs (grows by 500 ppm without sync)
     * @param estErrorMicros the estimated error, µs
     * @param source         where this came from
     */
    record State(boolean synchronised, int state, int status, long maxErrorMicros, long estErrorMicros, String source) {

        /** The model's {@code clock} object ({@code synchronized} is a Java keyword, so not a record). */
        java.util.Map<String, Object> json() {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("synchronized", synchronised);
            m.put("state", state);
            m.put("status", status);
            m.put("maxErrorMicros", maxErrorMicros);
            m.put("estErrorMicros", estErrorMicros);
            m.put("source", source);
            return m;
        }
    }

    interface LibC extends Library {
        int adjtimex(Pointer timex);
    }

    /** Interprets adjtimex's answer (kept apart so the rule is tested without the syscall). */
    static State interpret(int state, int status, long maxError, long estError) {
        boolean synced = state != TIME_ERROR && (status & STA_UNSYNC) == 0;
        return new State(synced, state, status, maxError, estError, "adjtimex");
    }

    /** Reads the live kernel's clock state; null where adjtimex is unavailable (not Linux, no libc). */
    static State read() {
        try {
            LibC libc = Native.load("c", LibC.class);
            Memory timex = new Memory(TIMEX_SIZE);
            timex.clear();
            int state = libc.adjtimex(timex);
            if (state < 0) {
                return null;
            }
            return interpret(state, timex.getInt(STATUS_OFFSET), timex.getLong(MAXERROR_OFFSET),
                    timex.getLong(ESTERROR_OFFSET));
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }
}
