package io.jsos.perf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The kernel ABI of {@code perf_event_open(2)}: numbers from {@code <linux/perf_event.h>} and the
 * byte layout of {@code struct perf_event_attr}. Pure data and pure functions, no I/O.
 *
 * <h2>The attr layout</h2>
 * {@link #encodeAttr} lays the struct out by hand in a {@value #ATTR_SIZE}-byte buffer
 * ({@code PERF_ATTR_SIZE_VER5}, kernels 4.1+; newer kernels accept a smaller, older size and
 * treat the missing tail as zero, older ones reject a larger size with E2BIG). Offsets:
 * <pre>
 *   0 u32 type            4 u32 size            8 u64 config
 *  16 u64 sample_period  24 u64 sample_type    32 u64 read_format
 *  40 u64 flag bits (disabled:0 inherit:1 pinned:2 exclusive:3 exclude_user:4
 *         exclude_kernel:5 exclude_hv:6 exclude_idle:7 ...)
 *  48 u32 wakeup_events  52 u32 bp_type        56 u64 config1 (bp_addr)
 *  64 u64 config2        72 u64 branch_sample_type
 *  80 u64 sample_regs_user 88 u32 sample_stack_user 92 s32 clockid
 *  96 u64 sample_regs_intr 104 u32 aux_watermark 108 u16 sample_max_stack 110 u16 reserved
 * </pre>
 * Both supported architectures (x86-64, aarch64) are little-endian with 8-byte aligned u64, so the
 * buffer is written in native order.
 *
 * <h2>What jsos asks for</h2>
 * Counting only (no sampling: sample_period 0, no mmap ring), with
 * {@code read_format = TOTAL_TIME_ENABLED | TOTAL_TIME_RUNNING | GROUP}: one {@code read(2)} on
 * the group leader returns every member's value with the group's enabled/running times, so values
 * read together were counted over the same time, and multiplexing is scaled as
 * {@code value * enabled / running} (see {@link #scale}).
 */
public final class PerfAbi {

    private PerfAbi() {
    }

    /** {@code PERF_ATTR_SIZE_VER5}. */
    public static final int ATTR_SIZE = 112;
    /** {@code PERF_ATTR_SIZE_VER6} (adds aux_sample_size), accepted by 5.5+ kernels. */
    public static final int ATTR_SIZE_VER6 = 120;

    // perf_type_id
    public static final int TYPE_HARDWARE = 0;
    public static final int TYPE_SOFTWARE = 1;
    public static final int TYPE_TRACEPOINT = 2;
    public static final int TYPE_HW_CACHE = 3;
    public static final int TYPE_RAW = 4;
    public static final int TYPE_BREAKPOINT = 5;

    // perf_hw_id
    public static final long HW_CPU_CYCLES = 0;
    public static final long HW_INSTRUCTIONS = 1;
    public static final long HW_CACHE_REFERENCES = 2;
    public static final long HW_CACHE_MISSES = 3;
    public static final long HW_BRANCH_INSTRUCTIONS = 4;
    public static final long HW_BRANCH_MISSES = 5;
    public static final long HW_BUS_CYCLES = 6;
    public static final long HW_STALLED_CYCLES_FRONTEND = 7;
    public static final long HW_STALLED_CYCLES_BACKEND = 8;
    public static final long HW_REF_CPU_CYCLES = 9;

    // perf_sw_ids
    public static final long SW_CPU_CLOCK = 0;
    public static final long SW_TASK_CLOCK = 1;
    public static final long SW_PAGE_FAULTS = 2;
    public static final long SW_CONTEXT_SWITCHES = 3;
    public static final long SW_CPU_MIGRATIONS = 4;
    public static final long SW_PAGE_FAULTS_MIN = 5;
    public static final long SW_PAGE_FAULTS_MAJ = 6;
    public static final long SW_ALIGNMENT_FAULTS = 7;
    public static final long SW_EMULATION_FAULTS = 8;

    // perf_hw_cache_id / _op_id / _op_result_id: config = id | op << 8 | result << 16
    public static final int CACHE_L1D = 0;
    public static final int CACHE_L1I = 1;
    public static final int CACHE_LL = 2;
    public static final int CACHE_DTLB = 3;
    public static final int CACHE_ITLB = 4;
    public static final int CACHE_BPU = 5;
    public static final int CACHE_NODE = 6;
    public static final int CACHE_OP_READ = 0;
    public static final int CACHE_OP_WRITE = 1;
    public static final int CACHE_OP_PREFETCH = 2;
    public static final int CACHE_RESULT_ACCESS = 0;
    public static final int CACHE_RESULT_MISS = 1;

    public static long cacheConfig(int cache, int op, int result) {
        return (cache & 0xff) | ((long) (op & 0xff) << 8) | ((long) (result & 0xff) << 16);
    }

    // read_format
    public static final long FORMAT_TOTAL_TIME_ENABLED = 1;
    public static final long FORMAT_TOTAL_TIME_RUNNING = 1 << 1;
    public static final long FORMAT_ID = 1 << 2;
    public static final long FORMAT_GROUP = 1 << 3;
    /**
     * What jsos always asks for. Without FORMAT_ID the members' values come in the order they joined
     * the group (the kernel's sibling list), which is the order {@link CounterGroup} opened them.
     */
    public static final long READ_FORMAT = FORMAT_TOTAL_TIME_ENABLED | FORMAT_TOTAL_TIME_RUNNING | FORMAT_GROUP;

    // attr flag bits (the u64 at offset 40)
    public static final long ATTR_DISABLED = 1L;
    public static final long ATTR_INHERIT = 1L << 1;
    public static final long ATTR_EXCLUDE_KERNEL = 1L << 5;
    public static final long ATTR_EXCLUDE_HV = 1L << 6;

    // perf_event_open flags
    public static final long FLAG_FD_NO_GROUP = 1;
    public static final long FLAG_FD_OUTPUT = 1 << 1;
    /** pid is an fd of a cgroup directory (v1 perf_event hierarchy or the v2 tree); cpu must be >= 0. */
    public static final long FLAG_PID_CGROUP = 1 << 2;
    public static final long FLAG_FD_CLOEXEC = 1 << 3;

    // ioctls: _IO('$', n) = ('$' << 8) | n; arg PERF_IOC_FLAG_GROUP applies to the whole group
    public static final long IOC_ENABLE = 0x2400;
    public static final long IOC_DISABLE = 0x2401;
    public static final long IOC_RESET = 0x2403;
    public static final long IOC_FLAG_GROUP = 1;

    /** open(2) flags: O_RDONLY | O_CLOEXEC (the same on x86-64 and aarch64; O_DIRECTORY is not, so it is not used). */
    public static final int O_RDONLY_CLOEXEC = 02000000;

    /** perf_event_open's syscall number on this JVM's architecture, or -1 when jsos does not know it. */
    public static long syscallNumber(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> 298;
            case "aarch64", "arm64" -> 241;
            default -> -1;
        };
    }

    /**
     * The attr bytes for a counting event.
     *
     * @param flagBits {@link #ATTR_DISABLED}, {@link #ATTR_INHERIT}, {@link #ATTR_EXCLUDE_KERNEL}, ...
     */
    public static byte[] encodeAttr(int type, long config, long config1, long config2, long flagBits) {
        ByteBuffer b = ByteBuffer.allocate(ATTR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, type);
        b.putInt(4, ATTR_SIZE);
        b.putLong(8, config);
        b.putLong(16, 0);              // sample_period: 0 = counting, not sampling
        b.putLong(24, 0);              // sample_type
        b.putLong(32, READ_FORMAT);
        b.putLong(40, flagBits);
        b.putLong(56, config1);
        b.putLong(64, config2);
        return b.array();
    }

    /** Bytes a group read returns for {@code n} members: u64 nr, time_enabled, time_running, then value[nr]. */
    public static int groupReadSize(int n) {
        return 8 * (3 + n);
    }

    /** Multiplex scaling, as perf stat does: {@code value * enabled / running}; 0 when it never ran. */
    public static long scale(long value, long enabled, long running) {
        if (running <= 0) {
            return 0;
        }
        if (running >= enabled) {
            return value;
        }
        return (long) ((double) value * enabled / running);
    }
}
