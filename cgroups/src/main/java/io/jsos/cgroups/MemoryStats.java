package io.jsos.cgroups;

/**
 * A cgroup's memory limits and usage, v1 and v2 alike, in bytes; null when not known.
 *
 * @param usage       v1 {@code memory.usage_in_bytes}, v2 {@code memory.current}
 * @param limit       v1 {@code memory.limit_in_bytes}, v2 {@code memory.max}
 * @param high        v2 {@code memory.high}
 * @param low         v2 {@code memory.low}
 * @param min         v2 {@code memory.min}
 * @param softLimit   v1 {@code memory.soft_limit_in_bytes}
 * @param maxUsage    v1 {@code memory.max_usage_in_bytes}, v2 {@code memory.peak}
 * @param swap        swap in use: v1 {@code (total_)swap} from memory.stat, v2 {@code memory.swap.current}
 * @param swapLimit   v2 {@code memory.swap.max}
 * @param memswUsage  v1 {@code memory.memsw.usage_in_bytes} (memory + swap)
 * @param memswLimit  v1 {@code memory.memsw.limit_in_bytes} (memory + swap)
 * @param failcnt     v1 {@code memory.failcnt}; v2 {@code memory.events max} (times the limit was hit), as runc reports it
 * @param workingSet  usage minus inactive file pages, floored at 0: what cAdvisor and the kubelet call the working set
 * @param rss         anonymous memory: v1 {@code total_rss}, v2 {@code anon}
 * @param cache       page cache: v1 {@code total_cache}, v2 {@code file}
 * @param mappedFile  v1 {@code total_mapped_file}, v2 {@code file_mapped}
 * @param oomKills    processes killed by the OOM killer: v1 {@code memory.oom_control oom_kill}, v2 {@code memory.events oom_kill}
 * @param underOom    v1 {@code memory.oom_control under_oom}
 * @param stat        {@code memory.stat} as the kernel wrote it
 * @param events      v2 {@code memory.events} (low, high, max, oom, oom_kill, ...); v1 {@code memory.oom_control}
 */
public record MemoryStats(Long usage, Limit limit, Limit high, Limit low, Limit min, Limit softLimit, Long maxUsage,
                          Long swap, Limit swapLimit, Long memswUsage, Limit memswLimit, Long failcnt, Long workingSet,
                          Long rss, Long cache, Long mappedFile, Long oomKills, Boolean underOom, Stats stat, Stats events) {
}
