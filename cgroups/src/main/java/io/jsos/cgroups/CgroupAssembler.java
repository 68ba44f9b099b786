package io.jsos.cgroups;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns one cgroup's raw file texts into its {@link Cgroup} record (pure: text in, record out).
 *
 * <p>Where v1 and v2 both have something to say (a hybrid host's unified tree has {@code cpu.stat}
 * with usage even though the cpu controller is on v1), the controller's own hierarchy wins: v1
 * files first, v2 as the fallback. Unparseable files are reported to {@code problem} and left
 * out; nothing here throws for the node's content.
 */
final class CgroupAssembler {

    /** USER_HZ for v1 cpuacct.stat: 100 on every architecture Linux builds with cgroups today. */
    static final long USER_HZ = 100;

    private CgroupAssembler() {
    }

    static Cgroup assemble(String path, List<String> hierarchies, RawCgroup raw, KubeNames names, Consumer<String> problem) {
        Parse p = new Parse(path, problem);
        CgroupIdentity identity = names.name(CgroupIdentity.fromPath(path));
        Integer processes = lines(raw.has(V2File.PROCS) ? raw.get(V2File.PROCS) : raw.get(V1File.PROCS));
        Integer threads = lines(raw.has(V2File.THREADS) ? raw.get(V2File.THREADS) : raw.get(V1File.TASKS));
        IoStats io = io(raw, p);
        return new Cgroup(path, hierarchies, identity, processes, threads, cpu(raw, p), memory(raw, p), pids(raw, p),
                io.isEmpty() ? null : io, cpuset(raw), pressure(raw, p), state(raw, p));
    }

    /** Reports what did not parse, naming the cgroup and the file. */
    private record Parse(String path, Consumer<String> problem) {
        Long number(String file, String text) {
            if (text == null) {
                return null;
            }
            Long v = Num.parse(text);
            if (v == null) {
                bad(file, text);
            }
            return v;
        }

        Limit limit(String file, String text, java.util.function.Function<String, Limit> parser) {
            if (text == null) {
                return null;
            }
            Limit l = parser.apply(text);
            if (l == null) {
                bad(file, text);
            }
            return l;
        }

        Stats flat(String file, String text) {
            if (text == null) {
                return null;
            }
            Stats s = FlatKeyed.parse(text);
            if (s.malformed() > 0) {
                problem.accept(path + " " + file + ": " + s.malformed() + " malformed line(s) skipped");
            }
            return s;
        }

        void bad(String file, String text) {
            String shown = text.strip();
            problem.accept(path + " " + file + ": unexpected content '"
                    + (shown.length() > 40 ? shown.substring(0, 40) + "..." : shown) + "'");
        }
    }

    private static Integer lines(String text) {
        if (text == null) {
            return null;
        }
        int n = 0;
        boolean inLine = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                inLine = false;
            } else if (!inLine && !Character.isWhitespace(c)) {
                inLine = true;
                n++;
            }
        }
        return n;
    }

    private static CpuStats cpu(RawCgroup raw, Parse p) {
        Long shares = p.number("cpu.shares", raw.get(V1File.CPU_SHARES));
        Long weight = p.number("cpu.weight", raw.get(V2File.CPU_WEIGHT));
        Limit quota = p.limit("cpu.cfs_quota_us", raw.get(V1File.CPU_CFS_QUOTA), Limit::parseV1Quota);
        Long period = p.number("cpu.cfs_period_us", raw.get(V1File.CPU_CFS_PERIOD));
        if (quota == null && raw.has(V2File.CPU_MAX)) {
            CpuMax max = CpuMax.parse(raw.get(V2File.CPU_MAX));
            if (max == null) {
                p.bad("cpu.max", raw.get(V2File.CPU_MAX));
            } else {
                quota = max.quotaUs();
                period = max.periodUs();
            }
        }
        Stats v1Stat = p.flat("cpu.stat", raw.get(V1File.CPU_STAT));
        Stats v2Stat = p.flat("cpu.stat", raw.get(V2File.CPU_STAT));
        Long usage = p.number("cpuacct.usage", raw.get(V1File.CPUACCT_USAGE));
        Long user = p.number("cpuacct.usage_user", raw.get(V1File.CPUACCT_USAGE_USER));
        Long system = p.number("cpuacct.usage_sys", raw.get(V1File.CPUACCT_USAGE_SYS));
        if (user == null && system == null && raw.has(V1File.CPUACCT_STAT)) {
            // cpuacct.stat counts USER_HZ ticks: coarser than usage_user/usage_sys, which older kernels lack
            Stats ticks = p.flat("cpuacct.stat", raw.get(V1File.CPUACCT_STAT));
            user = times(ticks.get("user"), 1_000_000_000L / USER_HZ);
            system = times(ticks.get("system"), 1_000_000_000L / USER_HZ);
        }
        if (v2Stat != null) {
            usage = usage != null ? usage : times(v2Stat.get("usage_usec"), 1000);
            user = user != null ? user : times(v2Stat.get("user_usec"), 1000);
            system = system != null ? system : times(v2Stat.get("system_usec"), 1000);
        }
        Long periods = null;
        Long throttled = null;
        Long throttledNs = null;
        if (v1Stat != null && v1Stat.get("nr_periods") != null) {
            periods = v1Stat.get("nr_periods");
            throttled = v1Stat.get("nr_throttled");
            throttledNs = v1Stat.get("throttled_time");
        } else if (v2Stat != null && v2Stat.get("nr_periods") != null) {
            periods = v2Stat.get("nr_periods");
            throttled = v2Stat.get("nr_throttled");
            throttledNs = times(v2Stat.get("throttled_usec"), 1000);
        }
        long[] perCpu = perCpu(raw.get(V1File.CPUACCT_USAGE_PERCPU), p);
        Stats stat = v1Stat != null ? v1Stat : v2Stat;
        if (shares == null && weight == null && quota == null && period == null && usage == null && user == null
                && system == null && periods == null && perCpu == null && stat == null) {
            return null;
        }
        return new CpuStats(shares, weight, quota, period, usage, user, system, perCpu, periods, throttled, throttledNs, stat);
    }

    private static long[] perCpu(String text, Parse p) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        if (t.isEmpty()) {
            return new long[0];
        }
        String[] f = t.split("\\s+");
        long[] out = new long[f.length];
        for (int i = 0; i < f.length; i++) {
            Long v = Num.parse(f[i]);
            if (v == null) {
                p.bad("cpuacct.usage_percpu", text);
                return null;
            }
            out[i] = v;
        }
        return out;
    }

    private static MemoryStats memory(RawCgroup raw, Parse p) {
        boolean v1 = raw.has(V1File.MEMORY_USAGE) || raw.has(V1File.MEMORY_STAT) || raw.has(V1File.MEMORY_LIMIT);
        return v1 ? memoryV1(raw, p) : memoryV2(raw, p);
    }

    private static MemoryStats memoryV1(RawCgroup raw, Parse p) {
        Long usage = p.number("memory.usage_in_bytes", raw.get(V1File.MEMORY_USAGE));
        Limit limit = p.limit("memory.limit_in_bytes", raw.get(V1File.MEMORY_LIMIT), Limit::parseV1Bytes);
        Limit soft = p.limit("memory.soft_limit_in_bytes", raw.get(V1File.MEMORY_SOFT_LIMIT), Limit::parseV1Bytes);
        Long maxUsage = p.number("memory.max_usage_in_bytes", raw.get(V1File.MEMORY_MAX_USAGE));
        Long failcnt = p.number("memory.failcnt", raw.get(V1File.MEMORY_FAILCNT));
        Long memsw = p.number("memory.memsw.usage_in_bytes", raw.get(V1File.MEMORY_MEMSW_USAGE));
        Limit memswLimit = p.limit("memory.memsw.limit_in_bytes", raw.get(V1File.MEMORY_MEMSW_LIMIT), Limit::parseV1Bytes);
        Stats stat = p.flat("memory.stat", raw.get(V1File.MEMORY_STAT));
        Stats oom = p.flat("memory.oom_control", raw.get(V1File.MEMORY_OOM_CONTROL));
        // total_* include descendants (use_hierarchy=1, the only mode of modern kernels), like usage_in_bytes does
        Long rss = stat == null ? null : stat.first("total_rss", "rss");
        Long cache = stat == null ? null : stat.first("total_cache", "cache");
        Long swap = stat == null ? null : stat.first("total_swap", "swap");
        Long mapped = stat == null ? null : stat.first("total_mapped_file", "mapped_file");
        Long inactiveFile = stat == null ? null : stat.first("total_inactive_file", "inactive_file");
        Long oomKills = oom == null ? null : oom.get("oom_kill");
        Boolean underOom = oom == null || oom.get("under_oom") == null ? null : oom.get("under_oom") != 0;
        return new MemoryStats(usage, limit, null, null, null, soft, maxUsage, swap, null, memsw, memswLimit, failcnt,
                workingSet(usage, inactiveFile), rss, cache, mapped, oomKills, underOom, stat, oom);
    }

    private static MemoryStats memoryV2(RawCgroup raw, Parse p) {
        Long usage = p.number("memory.current", raw.get(V2File.MEMORY_CURRENT));
        Limit max = p.limit("memory.max", raw.get(V2File.MEMORY_MAX), Limit::parse);
        Limit high = p.limit("memory.high", raw.get(V2File.MEMORY_HIGH), Limit::parse);
        Limit low = p.limit("memory.low", raw.get(V2File.MEMORY_LOW), Limit::parse);
        Limit min = p.limit("memory.min", raw.get(V2File.MEMORY_MIN), Limit::parse);
        Long peak = p.number("memory.peak", raw.get(V2File.MEMORY_PEAK));
        Long swap = p.number("memory.swap.current", raw.get(V2File.MEMORY_SWAP_CURRENT));
        Limit swapMax = p.limit("memory.swap.max", raw.get(V2File.MEMORY_SWAP_MAX), Limit::parse);
        Stats stat = p.flat("memory.stat", raw.get(V2File.MEMORY_STAT));
        Stats events = p.flat("memory.events", raw.get(V2File.MEMORY_EVENTS));
        if (usage == null && max == null && stat == null && events == null && swap == null && peak == null
                && high == null && low == null && min == null) {
            return null;
        }
        Long inactiveFile = stat == null ? null : stat.get("inactive_file");
        return new MemoryStats(usage, max, high, low, min, null, peak, swap, swapMax, null, null,
                events == null ? null : events.get("max"), workingSet(usage, inactiveFile),
                stat == null ? null : stat.get("anon"), stat == null ? null : stat.get("file"),
                stat == null ? null : stat.get("file_mapped"), events == null ? null : events.get("oom_kill"),
                null, stat, events);
    }

    /** cAdvisor's working set: usage minus inactive file pages (reclaimable first), never below 0. */
    static Long workingSet(Long usage, Long inactiveFile) {
        if (usage == null) {
            return null;
        }
        if (inactiveFile == null) {
            return usage;
        }
        return Math.max(0, usage - inactiveFile);
    }

    private static PidsStats pids(RawCgroup raw, Parse p) {
        boolean v1 = raw.has(V1File.PIDS_MAX) || raw.has(V1File.PIDS_CURRENT);
        String current = v1 ? raw.get(V1File.PIDS_CURRENT) : raw.get(V2File.PIDS_CURRENT);
        String max = v1 ? raw.get(V1File.PIDS_MAX) : raw.get(V2File.PIDS_MAX);
        String peak = v1 ? raw.get(V1File.PIDS_PEAK) : raw.get(V2File.PIDS_PEAK);
        String events = v1 ? raw.get(V1File.PIDS_EVENTS) : raw.get(V2File.PIDS_EVENTS);
        if (current == null && max == null && peak == null && events == null) {
            return null;
        }
        Stats ev = p.flat("pids.events", events);
        return new PidsStats(p.number("pids.current", current), p.limit("pids.max", max, Limit::parse),
                p.number("pids.peak", peak), ev == null ? null : ev.get("max"));
    }

    private static IoStats io(RawCgroup raw, Parse p) {
        Map<String, Map<String, Long>> throttle = new LinkedHashMap<>();
        for (V1File f : new V1File[]{V1File.BLKIO_READ_BPS, V1File.BLKIO_WRITE_BPS, V1File.BLKIO_READ_IOPS, V1File.BLKIO_WRITE_IOPS}) {
            if (raw.has(f)) {
                throttle.put(f.file.substring("blkio.throttle.".length()), Blkio.parseDeviceLimits(raw.get(f)));
            }
        }
        return new IoStats(
                NestedKeyed.numbers(NestedKeyed.parse(raw.get(V2File.IO_STAT))),
                NestedKeyed.limits(NestedKeyed.parse(raw.get(V2File.IO_MAX))),
                Blkio.parseOps(raw.get(V1File.BLKIO_SERVICE_BYTES)),
                Blkio.parseOps(raw.get(V1File.BLKIO_SERVICED)),
                Blkio.parseOps(raw.get(V1File.BLKIO_SERVICE_BYTES_RECURSIVE)),
                Blkio.parseOps(raw.get(V1File.BLKIO_SERVICED_RECURSIVE)),
                throttle);
    }

    private static CpusetInfo cpuset(RawCgroup raw) {
        String cpus = strip(raw.has(V1File.CPUSET_CPUS) ? raw.get(V1File.CPUSET_CPUS) : raw.get(V2File.CPUSET_CPUS));
        String mems = strip(raw.has(V1File.CPUSET_MEMS) ? raw.get(V1File.CPUSET_MEMS) : raw.get(V2File.CPUSET_MEMS));
        String eCpus = strip(raw.has(V1File.CPUSET_EFFECTIVE_CPUS) ? raw.get(V1File.CPUSET_EFFECTIVE_CPUS)
                : raw.get(V2File.CPUSET_CPUS_EFFECTIVE));
        String eMems = strip(raw.has(V1File.CPUSET_EFFECTIVE_MEMS) ? raw.get(V1File.CPUSET_EFFECTIVE_MEMS)
                : raw.get(V2File.CPUSET_MEMS_EFFECTIVE));
        if (cpus == null && mems == null && eCpus == null && eMems == null) {
            return null;
        }
        return new CpusetInfo(cpus, mems, eCpus, eMems);
    }

    private static Pressure pressure(RawCgroup raw, Parse p) {
        Psi cpu = psi("cpu.pressure", raw.get(V2File.CPU_PRESSURE), p);
        Psi mem = psi("memory.pressure", raw.get(V2File.MEMORY_PRESSURE), p);
        Psi io = psi("io.pressure", raw.get(V2File.IO_PRESSURE), p);
        return cpu == null && mem == null && io == null ? null : new Pressure(cpu, mem, io);
    }

    private static Psi psi(String file, String text, Parse p) {
        if (text == null) {
            return null;
        }
        Psi psi = Psi.parse(text);
        if (psi == null) {
            p.bad(file, text);
        }
        return psi;
    }

    private static CgroupState state(RawCgroup raw, Parse p) {
        Stats events = p.flat("cgroup.events", raw.get(V2File.EVENTS));
        Long freeze = p.number("cgroup.freeze", raw.get(V2File.FREEZE));
        String freezer = strip(raw.get(V1File.FREEZER_STATE));
        Boolean populated = events == null || events.get("populated") == null ? null : events.get("populated") != 0;
        Boolean frozen = events == null || events.get("frozen") == null ? null : events.get("frozen") != 0;
        if (populated == null && frozen == null && freeze == null && freezer == null) {
            return null;
        }
        return new CgroupState(populated, frozen, freeze == null ? null : freeze != 0, freezer);
    }

    private static Long times(Long v, long factor) {
        if (v == null) {
            return null;
        }
        return v > Long.MAX_VALUE / factor ? Long.MAX_VALUE : v * factor;
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }
}
