package io.jsos.cgroups;

/**
 * A cgroup's cpuset, in the kernel's list syntax ({@code 0-3,8}); null when not known.
 *
 * @param cpus          {@code cpuset.cpus} (requested; empty on v2 means "inherit")
 * @param mems          {@code cpuset.mems}
 * @param effectiveCpus v1 {@code cpuset.effective_cpus}, v2 {@code cpuset.cpus.effective}
 * @param effectiveMems v1 {@code cpuset.effective_mems}, v2 {@code cpuset.mems.effective}
 */
public record CpusetInfo(String cpus, String mems, String effectiveCpus, String effectiveMems) {
}
