package io.jsos.engine;

import io.jsos.api.CollectorOptions;
import io.jsos.report.manifest.CollectorStatus;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which collectors a run will start, decided before anything runs: {@code --only} and
 * {@code --skip} are checked against the catalog (an unknown name is a usage error naming the
 * valid ones), options are parsed (a bad one is a usage error), and collectors that are not
 * enabled by default are skipped unless named with {@code --only}. Whether a collector applies
 * to the host is decided when it runs, under its timeout.
 */
public final class CollectionPlan {

    /** One collector's place in the run: its options, or why it is skipped. */
    public record Step(CollectorCatalog.Entry entry, CollectorOptions options, String skipReason) {
        public boolean runs() {
            return skipReason == null;
        }

        public CollectorStatus skippedStatus() {
            return CollectorStatus.SKIPPED;
        }
    }

    private final List<Step> steps;

    private CollectionPlan(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /**
     * @param only    names to run (empty: every collector enabled by default)
     * @param skip    names not to run
     * @param options raw options per collector name ({@code -o lvm.timeout=5s} → {"lvm": {"timeout": "5s"}})
     * @throws IllegalArgumentException for an unknown collector or option, or a bad option value
     */
    public static CollectionPlan of(CollectorCatalog catalog, Set<String> only, Set<String> skip,
                                    Map<String, Map<String, String>> options) {
        checkKnown("--only", only, new LinkedHashSet<>(catalog.names()));
        return build(catalog, only.isEmpty() ? null : only, "not in --only", skip, options);
    }

    /**
     * A plan that runs the collectors of one or more profiles: {@code members} (the present ones;
     * possibly none) run, also when not enabled by default; the rest are skipped "not in profile …".
     *
     * @param label the profiles' names for the skip reason ({@code storage,network})
     */
    public static CollectionPlan forProfiles(CollectorCatalog catalog, String label, Set<String> members, Set<String> skip,
                                             Map<String, Map<String, String>> options) {
        checkKnown("--profile", members, new LinkedHashSet<>(catalog.names()));
        return build(catalog, members, "not in profile " + label, skip, options);
    }

    private static CollectionPlan build(CollectorCatalog catalog, Set<String> only, String notChosen, Set<String> skip,
                                        Map<String, Map<String, String>> options) {
        Set<String> known = new LinkedHashSet<>(catalog.names());
        checkKnown("--skip", skip, known);
        checkKnown("-o", options.keySet(), known);
        List<Step> steps = new ArrayList<>();
        for (CollectorCatalog.Entry e : catalog.entries()) {
            CollectorOptions opts;
            try {
                opts = CollectorOptions.of(e.collector().options(), options.getOrDefault(e.name(), Map.of()));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("collector " + e.name() + ": " + ex.getMessage(), ex);
            }
            String reason = null;
            if (skip.contains(e.name())) {
                reason = "skipped by --skip";
            } else if (only != null && !only.contains(e.name())) {
                reason = notChosen;
            } else if (only == null && !e.collector().enabledByDefault()) {
                reason = "not enabled by default (name it with --only)";
            }
            steps.add(new Step(e, opts, reason));
        }
        return new CollectionPlan(steps);
    }

    private static void checkKnown(String flag, Set<String> names, Set<String> known) {
        for (String n : names) {
            if (!known.contains(n)) {
                throw new IllegalArgumentException(flag + ": unknown collector '" + n + "'; known: " + String.join(", ", known));
            }
        }
    }

    public List<Step> steps() {
        return steps;
    }
}
