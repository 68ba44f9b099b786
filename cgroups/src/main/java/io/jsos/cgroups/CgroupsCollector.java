package io.jsos.cgroups;

import io.jsos.api.Applicability;
import io.jsos.api.Bundle;
import io.jsos.api.CollectContext;
import io.jsos.api.Collector;
import io.jsos.api.Host;
import io.jsos.api.OptionSpec;
import io.jsos.api.ScrapeContext;

import java.util.List;

/**
 * Control groups on v1, v2 and hybrid hosts, with the container and pod each one belongs to.
 *
 * <p>Bundle:
 * <ul>
 *   <li>{@code jsos/cgroups.json} — the {@link CgroupTree}: the layout, and per cgroup path its
 *       hierarchies, identity, process and thread counts, and per controller limits and stats;</li>
 *   <li>{@code sos_commands/cgroups/tree} — the same as a readable tree with limits and usage;</li>
 *   <li>raw files of the cgroups that matter, at their host paths ({@code sys/fs/cgroup/...}):
 *       all of them up to {@code bundle-cgroups}, the root and then the busiest by CPU and memory first;</li>
 *   <li>{@code proc/cgroups}, the mountinfo the layout came from, pid 1's cgroup, and the node's
 *       {@code proc/pressure/*}.</li>
 * </ul>
 *
 * <p>Metrics (at scrape time, reading only the files they need): cAdvisor's {@code container_*}
 * families, see {@link CgroupMetrics}.
 */
public final class CgroupsCollector implements Collector {

    static final OptionSpec<Integer> MAX_CGROUPS = OptionSpec.integer("max-cgroups", 20_000,
            "stop reading after this many cgroup paths (bounds time and memory on huge nodes)");
    static final OptionSpec<Integer> BUNDLE_CGROUPS = OptionSpec.integer("bundle-cgroups", 100,
            "copy the raw files of at most this many cgroups into the bundle, the busiest first (0: none)");

    @Override
    public String name() {
        return "cgroups";
    }

    @Override
    public String description() {
        return "cgroup v1/v2/hybrid hierarchies: limits, usage and PSI per cgroup, with pod and container identity";
    }

    @Override
    public Applicability applies(Host host) {
        return Applicability.ifAnyExists(host, "/sys/fs/cgroup", "/proc/cgroups");
    }

    @Override
    public List<OptionSpec<?>> options() {
        return List.of(MAX_CGROUPS, BUNDLE_CGROUPS);
    }

    @Override
    public void collect(CollectContext context) {
        Host host = context.host();
        int max = Math.max(1, context.options().get(MAX_CGROUPS));
        CgroupTree tree = new CgroupTreeReader(host, new CgroupTreeReader.Settings(CgroupTreeReader.Profile.FULL, max),
                context::shouldStop).read();

        Bundle bundle = context.bundle();
        bundle.json(CgroupsJson.of(tree));
        bundle.text("tree", CgroupTreeText.render(tree));
        bundle.copy("/proc/cgroups", "/proc/1/cgroup", "/proc/pressure/cpu", "/proc/pressure/memory", "/proc/pressure/io");
        if (tree.layout().source().startsWith("/")) {
            bundle.copy(tree.layout().source());
        }
        copyRawFiles(context, tree, context.options().get(BUNDLE_CGROUPS));
        reportProblems(bundle, tree.problems());
    }

    /** Copies each chosen cgroup's directory (files only, write-only ones skipped) from every hierarchy holding it. */
    private static void copyRawFiles(CollectContext context, CgroupTree tree, int cap) {
        List<Cgroup> chosen = BusiestFirst.select(tree.cgroups(), cap);
        for (int i = 0; i < chosen.size(); i++) {
            if (context.shouldStop()) {
                context.bundle().error("raw cgroup files: stopped at the deadline after " + i + " of " + chosen.size() + " cgroups");
                return;
            }
            Cgroup c = chosen.get(i);
            for (Hierarchy h : tree.layout().hierarchies()) {
                String dir = c.hierarchies().contains(h.label()) ? h.dirOf(c.path()) : null;
                if (dir != null) {
                    context.bundle().copyTree(dir, "*", 0);
                }
            }
        }
    }

    /** The first problems go to the manifest too, so `jsos inspect` shows them without opening the JSON. */
    private static void reportProblems(Bundle bundle, List<String> problems) {
        int shown = Math.min(problems.size(), 20);
        for (int i = 0; i < shown; i++) {
            bundle.error(problems.get(i));
        }
        if (problems.size() > shown) {
            bundle.error((problems.size() - shown) + " more problems: see jsos/cgroups.json");
        }
    }

    @Override
    public boolean exportsMetrics() {
        return true;
    }

    @Override
    public void scrape(ScrapeContext context) {
        int max = Math.max(1, context.options().get(MAX_CGROUPS));
        CgroupTree tree = new CgroupTreeReader(context.host(),
                new CgroupTreeReader.Settings(CgroupTreeReader.Profile.METRICS, max),
                () -> Thread.currentThread().isInterrupted()).read();
        CgroupMetrics.emit(tree, new BlockDevices(context.host()), context.metrics());
    }
}
