package io.jsos.report.redact;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Tests on 8 bytes at once ("SIMD within a register"): the redactor's loops over every byte
 * (finding line ends, stepping over the inside of words) read a {@code long} and answer for all
 * eight bytes with a few arithmetic operations instead of eight loads and branches.
 *
 * <p>Each test returns a mask with bit 7 of each byte lane set where that byte passes (lane 0 is
 * the byte at the lowest index: the long is read little-endian), so
 * {@code Long.numberOfTrailingZeros(mask) >>> 3} is the index of the first byte that passes. The
 * range tests work on the low 7 bits of each byte, where adding a constant below 0x80 cannot carry
 * into the next lane, and leave out bytes with the high bit set.
 */
final class Swar {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static final long LOW7 = 0x7f7f7f7f7f7f7f7fL;
    static final long HIGH = 0x8080808080808080L;
    private static final long ONES = 0x0101010101010101L;
    private static final long NEWLINES = '\n' * ONES;

    private Swar() {
    }

    /** The 8 bytes {@code b[i..i+8)}, byte {@code b[i]} in the lowest lane. */
    static long load(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    /** Bit 7 of each lane whose byte is an ASCII letter or digit ([A-Za-z0-9]). */
    static long alnum(long w) {
        long x = w & LOW7;
        // x >= '0' sets bit 7 of x + (0x80 - '0'); x <= '9' leaves bit 7 of x + (0x7f - '9') clear
        long digit = (x + 0x50 * ONES) & ~(x + 0x46 * ONES);
        long y = x | 0x20 * ONES; // 'A'-'Z' to 'a'-'z'; nothing else lands in 'a'-'z'
        long letter = (y + 0x1f * ONES) & ~(y + 0x05 * ONES);
        return (digit | letter) & ~w & HIGH;
    }

    /**
     * Bit 7 of the first lane holding a '\n' (lanes above it may be set too, wrongly: a borrow
     * runs on from a zero byte; only the lowest set bit is exact), 0 when there is none.
     */
    static long newline(long w) {
        long t = w ^ NEWLINES;
        return (t - ONES) & ~t & HIGH;
    }

    /** The index of the first '\n' in {@code b[from..to)}, or -1. */
    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long m = newline(load(b, i));
            if (m != 0) {
                return i + (Long.numberOfTrailingZeros(m) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
