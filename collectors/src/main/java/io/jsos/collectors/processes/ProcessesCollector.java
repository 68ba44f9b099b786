package io.jsos.collectors.processes;

import io.jsos.api.Applicability;
import io.jsos.api.Bundle;
import io.jsos.api.CollectContext;
import io.jsos.api.Collector;
import io.jsos.api.Host;
import io.jsos.api.MetricsWriter;
import io.jsos.api.OptionSpec;
import io.jsos.api.ScrapeContext;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The node's {@code ps -eLf}, read from /proc through the {@link Host} so it works on a node, in
 * a container with {@code --host-root} and on fixture hosts alike.
 *
 * <p>Bundle ({@code sos_commands/processes/}):
 * <ul>
 *   <li>{@code ps-eLf} — every thread, D state first, with STAT, WCHAN, RSS and CGROUP;</li>
 *   <li>{@code d-state-threads} — each D-state thread with its wait channel and kernel stack, or "none";</li>
 *   <li>{@code summary} — processes and threads per state, vanished tasks, problems;</li>
 *   <li>{@code jsos/processes.json} — the {@link ProcessTable}.</li>
 * </ul>
 * No raw /proc files are copied (loadavg, stat and meminfo are the system collector's), and
 * {@code /proc/<pid>/environ} is never read (see {@link ProcessTableReader}).
 *
 * <p>Metrics: {@code jsos_processes{state}} and {@code jsos_threads{state}}, gauges, read from
 * each thread's stat alone.
 */
public final class ProcessesCollector implements Collector {

    static final OptionSpec<Integer> MAX_THREADS = OptionSpec.integer("max-threads", 100_000,
            "stop listing after this many threads (bounds the bundle and the memory used on huge nodes)");
    static final OptionSpec<Boolean> KERNEL_STACKS = OptionSpec.bool("kernel-stacks", true,
            "read /proc/<pid>/task/<tid>/stack for threads in D state (needs root)");

    /**
     * States always exported, 0 when none: an alert on {@code jsos_threads{state="D"} > 0} must see
     * a 0, not a missing series. Any other letter the kernel reports is exported when present.
     */
    private static final List<String> COMMON_STATES = List.of("D", "I", "R", "S", "T", "Z");

    @Override
    public String name() {
        return "processes";
    }

    @Override
    public String description() {
        return "process and thread listing (ps -eLf from /proc), D-state threads with kernel stacks";
    }

    @Override
    public Applicability applies(Host host) {
        if (host.exists("/proc/1/stat")) {
            return Applicability.yes("/proc/1/stat exists");
        }
        // In a container without hostPID, or a fixture, pid 1 may be absent while other processes are there.
        for (String name : host.list("/proc")) {
            if (!name.isEmpty() && name.chars().allMatch(Character::isDigit) && host.isDirectory("/proc/" + name)) {
                return Applicability.yes("/proc/" + name + " exists");
            }
        }
        return Applicability.no("no /proc on this host");
    }

    @Override
    public List<OptionSpec<?>> options() {
        return List.of(MAX_THREADS, KERNEL_STACKS);
    }

    @Override
    public void collect(CollectContext context) {
        int maxThreads = Math.max(1, context.options().get(MAX_THREADS));
        boolean stacks = context.options().get(KERNEL_STACKS);
        ProcessTable table = new ProcessTableReader(context.host(),
                ProcessTableReader.Settings.full(maxThreads, stacks), context::shouldStop).read();

        Bundle bundle = context.bundle();
        bundle.text("ps-eLf", ProcessTableText.psEf(table));
        bundle.text("d-state-threads", ProcessTableText.dStateThreads(table, stacks));
        bundle.text("summary", ProcessTableText.summary(table));
        bundle.json(table);
        reportProblems(bundle, table.problems());
    }

    /** The first problems go to the manifest too, so `jsos inspect` shows them without opening the JSON. */
    private static void reportProblems(Bundle bundle, List<String> problems) {
        int shown = Math.min(problems.size(), 20);
        for (int i = 0; i < shown; i++) {
            bundle.error(problems.get(i));
        }
        if (problems.size() > shown) {
            bundle.error((problems.size() - shown) + " more problems: see jsos/processes.json");
        }
    }

    @Override
    public boolean exportsMetrics() {
        return true;
    }

    @Override
    public void scrape(ScrapeContext context) {
        int maxThreads = Math.max(1, context.options().get(MAX_THREADS));
        ProcessTable table = new ProcessTableReader(context.host(),
                ProcessTableReader.Settings.statesOnly(maxThreads), () -> Thread.currentThread().isInterrupted()).read();
        MetricsWriter m = context.metrics();
        for (Map.Entry<String, Integer> e : withCommonStates(table.processesByState()).entrySet()) {
            m.gauge("jsos_processes", "Processes by state (the main thread's state letter from /proc/<pid>/stat).",
                    e.getValue(), "state", e.getKey());
        }
        for (Map.Entry<String, Integer> e : withCommonStates(table.threadsByState()).entrySet()) {
            m.gauge("jsos_threads", "Threads by state letter from /proc/<pid>/task/<tid>/stat.",
                    e.getValue(), "state", e.getKey());
        }
    }

    private static Map<String, Integer> withCommonStates(Map<String, Integer> counts) {
        Map<String, Integer> all = new TreeMap<>(counts);
        COMMON_STATES.forEach(s -> all.putIfAbsent(s, 0));
        return all;
    }
}
