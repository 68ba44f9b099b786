package io.jsos.perf;

/**
 * One countable event, resolved to what perf_event_open needs.
 *
 * @param name    the name users write, perf's spelling: {@code cycles}, {@code task-clock},
 *                {@code L1-dcache-load-misses}, {@code sched:sched_switch}
 * @param kind    {@code hardware}, {@code software}, {@code hw-cache} or {@code tracepoint}
 * @param type    perf_event_attr.type ({@link PerfAbi#TYPE_HARDWARE}, ...)
 * @param config  perf_event_attr.config
 * @param unit    {@code ns} for the clocks, else empty (a count)
 */
public record PerfEvent(String name, String kind, int type, long config, String unit) {

    public static final String HARDWARE = "hardware";
    public static final String SOFTWARE = "software";
    public static final String HW_CACHE = "hw-cache";
    public static final String TRACEPOINT = "tracepoint";

    /** Whether this event lives on the CPU's PMU (hardware and hw-cache) rather than in the kernel. */
    public boolean onCpuPmu() {
        return HARDWARE.equals(kind) || HW_CACHE.equals(kind);
    }

    /** The value is nanoseconds (task-clock, cpu-clock). */
    public boolean isTime() {
        return "ns".equals(unit);
    }
}
