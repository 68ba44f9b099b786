package io.jsos.cgroups;

/**
 * v2 {@code cpu.max}: {@code "$MAX $PERIOD"}, e.g. {@code 50000 100000} (half a CPU) or
 * {@code max 100000} (no quota), both in microseconds.
 *
 * @param quotaUs  the quota per period, or unlimited
 * @param periodUs the period; 100000 when the file gives only the quota
 */
public record CpuMax(Limit quotaUs, long periodUs) {

    static final long DEFAULT_PERIOD_US = 100_000;

    /** The parsed file, or null when it is not one or two fields of the right kind. */
    public static CpuMax parse(String text) {
        if (text == null) {
            return null;
        }
        String[] f = TextLines.fields(text, 0, text.length());
        if (f.length < 1 || f.length > 2) {
            return null;
        }
        Limit quota = Limit.parse(f[0]);
        Long period = f.length == 2 ? Num.parse(f[1]) : Long.valueOf(DEFAULT_PERIOD_US);
        if (quota == null || period == null || period <= 0) {
            return null;
        }
        return new CpuMax(quota, period);
    }
}
