package io.jsos.agent.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Named sets of collectors, like sos presets: {@code --profile storage}. Built-in ones, and the
 * config file's own ({@code profiles:}), which may also replace a built-in one of the same name.
 * A profile may name collectors this node does not have (a storage collector not yet installed, a
 * vendor plugin that is not dropped in): they are left out with a warning, never an error.
 */
public final class Profiles {

    /**
     * @param name        what {@code --profile} takes
     * @param description one line for {@code jsos list --profiles}
     * @param collectors  the collectors it runs (also ones not enabled by default)
     * @param origin      {@code built-in}, or {@code FILE:LINE} where the config file defines it
     */
    public record Profile(String name, String description, List<String> collectors, String origin) {
        public Profile {
            collectors = List.copyOf(collectors);
        }
    }

    /**
     * What a run's profiles select.
     *
     * @param collectors the collectors to run: those of the profiles that are present
     * @param warnings   one line per collector a profile names that is not present
     */
    public record Selection(Set<String> collectors, List<String> warnings) {
    }

    static final List<Profile> BUILT_IN = List.of(
            builtIn("minimal", "the host itself: OS, kernel, memory, file systems, processes", "system", "processes"),
            builtIn("containers", "containers and their resources: cgroups with pod/container identity, processes",
                    "system", "processes", "cgroups"),
            builtIn("performance", "where the CPU goes: processes, cgroups, perf counters",
                    "system", "processes", "cgroups", "perf"),
            builtIn("storage", "block devices, LVM, Ceph and Rook/CSI node state", "system", "block", "lvm", "ceph", "rook"),
            builtIn("network", "interfaces and namespaces, Linux bridges, Open vSwitch",
                    "system", "interfaces", "bridge", "openvswitch"),
            builtIn("k8s-node", "a Kubernetes node: kubelet and runtime, containers, their storage and network",
                    "system", "processes", "cgroups", "kubernetes", "block", "ceph", "rook", "interfaces", "bridge",
                    "openvswitch"));

    private final Map<String, Profile> byName;

    Profiles(Collection<Profile> userDefined) {
        Map<String, Profile> m = new LinkedHashMap<>();
        BUILT_IN.forEach(p -> m.put(p.name(), p));
        userDefined.forEach(p -> m.put(p.name(), p));
        this.byName = m;
    }

    /** The built-in profiles only. */
    public static Profiles builtIn() {
        return new Profiles(List.of());
    }

    private static Profile builtIn(String name, String description, String... collectors) {
        return new Profile(name, description, List.of(collectors), "built-in");
    }

    /** Every profile, built-in ones first, by name. */
    public List<Profile> all() {
        return List.copyOf(byName.values());
    }

    public Optional<Profile> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Set<String> names() {
        return byName.keySet();
    }

    /**
     * The collectors of the named profiles that are present.
     *
     * @param names   profile names ({@code --profile storage,network})
     * @param present the collectors this jsos has (built-in and loaded plugins)
     * @throws IllegalArgumentException for an unknown profile, naming the valid ones
     */
    public Selection select(Collection<String> names, Collection<String> present) {
        Set<String> chosen = new LinkedHashSet<>();
        List<String> warnings = new ArrayList<>();
        for (String n : names) {
            Profile p = byName.get(n);
            if (p == null) {
                throw new IllegalArgumentException("--profile: unknown profile '" + n + "'; valid: " + String.join(", ", byName.keySet()));
            }
            for (String c : p.collectors()) {
                if (present.contains(c)) {
                    chosen.add(c);
                } else {
                    warnings.add("profile " + n + " names collector '" + c
                            + "', which this jsos does not have (not built in, and in no plugin jar loaded); left out");
                }
            }
        }
        return new Selection(chosen, warnings);
    }
}
