package io.jsos.collectors.processes;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.OptionalLong;

/**
 * Clock arithmetic for process times: boot time from {@code /proc/stat}, and the conversion of
 * clock ticks (stat's utime, stime, starttime) into seconds and wall-clock instants.
 *
 * <p>Ticks are in USER_HZ, which the kernel fixes at 100 on every mainstream architecture
 * whatever its internal CONFIG_HZ (that is why {@code getconf CLK_TCK} says 100), so 100 is
 * assumed; callers that know better pass their own value.
 */
public final class ProcTimes {

    /** USER_HZ on x86, arm64, ppc64le and s390x. */
    public static final int DEFAULT_CLOCK_TICKS = 100;

    private ProcTimes() {
    }

    /** The {@code btime} line of {@code /proc/stat}: boot time in seconds since the epoch. */
    public static OptionalLong bootTime(String procStat) {
        if (procStat == null) {
            return OptionalLong.empty();
        }
        for (String line : procStat.split("\n")) {
            if (line.startsWith("btime ") || line.startsWith("btime\t")) {
                Long v = Numbers.parse(line.substring(6).trim());
                if (v != null && v > 0) {
                    return OptionalLong.of(v);
                }
            }
        }
        return OptionalLong.empty();
    }

    /** When a task started: boot time plus its starttime ticks. */
    public static Instant startTime(long bootTimeSeconds, long startTicks, int clockTicks) {
        long wholeSeconds = startTicks / clockTicks;
        long millis = (startTicks % clockTicks) * 1000L / clockTicks;
        return Instant.ofEpochSecond(bootTimeSeconds).plusSeconds(wholeSeconds).plusMillis(millis);
    }

    /** {@link #startTime} as ISO-8601 UTC to the second ({@code 2026-11-21T10:15:02Z}), or null when boot time is unknown. */
    public static String startTimeIso(OptionalLong bootTime, long startTicks, int clockTicks) {
        if (bootTime.isEmpty() || startTicks < 0 || clockTicks <= 0) {
            return null;
        }
        try {
            return startTime(bootTime.getAsLong(), startTicks, clockTicks).truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (ArithmeticException | java.time.DateTimeException absurd) {
            // a garbage starttime must not take the listing down
            return null;
        }
    }

    /** CPU seconds from user and system ticks. */
    public static double cpuSeconds(long utimeTicks, long stimeTicks, int clockTicks) {
        return ((double) Math.max(0, utimeTicks) + Math.max(0, stimeTicks)) / clockTicks;
    }

    /** CPU time as {@code ps} prints TIME: {@code [DD-]HH:MM:SS}. */
    public static String psTime(double cpuSeconds) {
        long s = (long) cpuSeconds;
        long days = s / 86_400;
        long h = (s % 86_400) / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        String hms = String.format("%02d:%02d:%02d", h, m, sec);
        return days > 0 ? days + "-" + hms : hms;
    }
}
