package io.jsos.cgroups;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which cgroups' raw files go into the bundle when there are more than the cap: the root first
 * (the node's totals), then alternately the next biggest CPU user and the next biggest memory user
 * not yet taken, so both a CPU hog and a memory hog make it in, whatever the cap.
 */
final class BusiestFirst {

    private BusiestFirst() {
    }

    static List<Cgroup> select(List<Cgroup> cgroups, int cap) {
        if (cap <= 0) {
            return List.of();
        }
        if (cgroups.size() <= cap) {
            return cgroups;
        }
        List<Cgroup> byCpu = new ArrayList<>(cgroups);
        byCpu.sort(Comparator.comparingDouble(Cgroup::cpuSeconds).reversed());
        List<Cgroup> byMem = new ArrayList<>(cgroups);
        byMem.sort(Comparator.comparingLong(Cgroup::memoryBytes).reversed());
        // keyed by path: paths are unique, and hashing whole records would be needlessly slow
        Map<String, Cgroup> chosen = new LinkedHashMap<>();
        cgroups.stream().filter(c -> c.path().equals("/")).findFirst().ifPresent(c -> chosen.put(c.path(), c));
        int i = 0;
        int j = 0;
        while (chosen.size() < cap && (i < byCpu.size() || j < byMem.size())) {
            if (i < byCpu.size()) {
                chosen.putIfAbsent(byCpu.get(i).path(), byCpu.get(i));
                i++;
            }
            if (chosen.size() < cap && j < byMem.size()) {
                chosen.putIfAbsent(byMem.get(j).path(), byMem.get(j));
                j++;
            }
        }
        return List.copyOf(chosen.values());
    }
}
