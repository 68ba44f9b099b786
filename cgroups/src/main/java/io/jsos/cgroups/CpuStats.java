package io.jsos.cgroups;

/**
 * A cgroup's CPU limits and usage, v1 and v2 alike; times in nanoseconds. A field is null when
 * the cgroup has no file that says it (controller not enabled, older kernel).
 *
 * @param shares           v1 {@code cpu.shares}
 * @param weight           v2 {@code cpu.weight} (1–10000)
 * @param quotaUs          CFS quota per period: v1 {@code cpu.cfs_quota_us}, v2 {@code cpu.max}
 * @param periodUs         CFS period
 * @param usageNs          v1 {@code cpuacct.usage}, v2 {@code cpu.stat usage_usec}
 * @param userNs           v1 {@code cpuacct.usage_user} (or {@code cpuacct.stat}), v2 {@code user_usec}
 * @param systemNs         v1 {@code cpuacct.usage_sys} (or {@code cpuacct.stat}), v2 {@code system_usec}
 * @param perCpuNs         v1 {@code cpuacct.usage_percpu}
 * @param periods          {@code cpu.stat nr_periods}
 * @param throttledPeriods {@code cpu.stat nr_throttled}
 * @param throttledNs      v1 {@code throttled_time}, v2 {@code throttled_usec}
 * @param stat             {@code cpu.stat} as the kernel wrote it
 */
public record CpuStats(Long shares, Long weight, Limit quotaUs, Long periodUs, Long usageNs, Long userNs, Long systemNs,
                       long[] perCpuNs, Long periods, Long throttledPeriods, Long throttledNs, Stats stat) {

    /** CPU shares as cAdvisor reports them: v1 shares, or v2 weight mapped back (KEP-2254's conversion). */
    public Long sharesEquivalent() {
        if (shares != null) {
            return shares;
        }
        if (weight != null && weight >= 1 && weight <= 10_000) {
            return 2 + ((weight - 1) * 262_142) / 9_999;
        }
        return null;
    }
}
