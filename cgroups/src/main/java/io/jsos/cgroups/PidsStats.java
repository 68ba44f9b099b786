package io.jsos.cgroups;

/**
 * A cgroup's pids controller.
 *
 * @param current   {@code pids.current}
 * @param max       {@code pids.max}
 * @param peak      {@code pids.peak} (newer kernels)
 * @param maxEvents {@code pids.events max}: forks refused at the limit
 */
public record PidsStats(Long current, Limit max, Long peak, Long maxEvents) {
}
