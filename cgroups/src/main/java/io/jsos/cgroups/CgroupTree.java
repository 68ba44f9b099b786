package io.jsos.cgroups;

import java.util.List;
import java.util.Optional;

/**
 * Every cgroup of a host at one moment, in tree order (a parent before its children, siblings by
 * name): the model the bundle's {@code jsos/cgroups.json}, its tree text and the metrics are all
 * views of.
 *
 * @param layout    how the hierarchies are mounted
 * @param cgroups   one record per cgroup path, hierarchies merged
 * @param vanished  cgroups removed while being read (normal on a busy node), left out
 * @param truncated whether the walk stopped at the max-cgroups cap or the deadline
 * @param problems  files that could not be read or parsed, and why a walk stopped early
 */
public record CgroupTree(CgroupLayout layout, List<Cgroup> cgroups, int vanished, boolean truncated, List<String> problems) {

    public CgroupTree {
        cgroups = List.copyOf(cgroups);
        problems = List.copyOf(problems);
    }

    public Optional<Cgroup> find(String path) {
        return cgroups.stream().filter(c -> c.path().equals(path)).findFirst();
    }
}
