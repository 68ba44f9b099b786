package io.jsos.collectors.processes;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The node's process and thread listing at one moment: the model both the bundle files and the
 * metrics are views of. Serialised as {@code jsos/processes.json}.
 *
 * @param threads           every thread read, D state first, then R, then by pid and tid
 * @param processesByState  processes per state letter (the main thread's state)
 * @param threadsByState    threads per state letter
 * @param processCount      processes with at least one thread listed
 * @param threadCount       threads listed
 * @param vanished          processes or threads that exited while being read, skipped (normal on a busy node)
 * @param problems          files that could not be read or parsed, and why a listing stopped early
 * @param collectorPid      jsos's own pid as the host's /proc shows it ({@code /proc/self}), or null when it
 *                          does not (a fixture, or a container without the host's pid namespace): the threads
 *                          of jsos and of the commands it runs are its own doing, not the node's state
 */
public record ProcessTable(List<ThreadInfo> threads, Map<String, Integer> processesByState,
                           Map<String, Integer> threadsByState, int processCount, int threadCount,
                           int vanished, List<String> problems, Integer collectorPid) {

    public ProcessTable {
        threads = List.copyOf(threads);
        // sorted by state letter, so the JSON and the summary read the same on every run
        processesByState = Collections.unmodifiableMap(new TreeMap<>(processesByState));
        threadsByState = Collections.unmodifiableMap(new TreeMap<>(threadsByState));
        problems = List.copyOf(problems);
    }
}
