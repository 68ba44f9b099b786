package io.jsos.cgroups;

/**
 * A cgroup limit: either a number of units or no limit at all. The kernel spells "no limit"
 * differently per file and version, and every spelling becomes {@link #UNLIMITED} here:
 * <ul>
 *   <li>v2 (and v1 {@code pids.max}): the word {@code max};</li>
 *   <li>v1 {@code cpu.cfs_quota_us}: {@code -1};</li>
 *   <li>v1 memory limits: {@code PAGE_COUNTER_MAX} pages in bytes, 9223372036854771712 on 4 KiB
 *       pages (other page sizes round differently, so anything from 2^62 up counts, as cAdvisor does).</li>
 * </ul>
 *
 * @param unlimited whether there is no limit
 * @param value     the limit when {@code unlimited} is false; 0 otherwise
 */
public record Limit(boolean unlimited, long value) {

    public static final Limit UNLIMITED = new Limit(true, 0);

    /** Values from here up are "unlimited" in v1 memory files. */
    static final long V1_UNLIMITED_FROM = 1L << 62;

    public static Limit of(long value) {
        return new Limit(false, value);
    }

    /** {@code max} or a number (v2 files, v1 {@code pids.max}); null for anything else. */
    public static Limit parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        if (t.equals("max")) {
            return UNLIMITED;
        }
        Long v = Num.parse(t);
        return v == null ? null : of(v);
    }

    /** A v1 memory limit in bytes: huge values (and {@code -1}, which some tools write) mean unlimited. */
    public static Limit parseV1Bytes(String text) {
        Long v = Num.parse(text);
        if (v == null) {
            return null;
        }
        return v >= V1_UNLIMITED_FROM || v == -1 ? UNLIMITED : of(v);
    }

    /** v1 {@code cpu.cfs_quota_us}: {@code -1} (any negative value) means no quota. */
    public static Limit parseV1Quota(String text) {
        Long v = Num.parse(text);
        if (v == null) {
            return null;
        }
        return v < 0 ? UNLIMITED : of(v);
    }

    /** How the JSON document shows it: the number, or the string {@code "max"}. */
    public Object json() {
        return unlimited ? "max" : (Object) value;
    }

    @Override
    public String toString() {
        return unlimited ? "max" : Long.toString(value);
    }
}
