package io.jsos.findings;

import io.jsos.api.Collector;
import io.jsos.api.Host;
import io.jsos.collectors.processes.ProcessesCollector;
import io.jsos.collectors.system.SystemCollector;
import io.jsos.cgroups.CgroupsCollector;
import io.jsos.engine.CollectionPlan;
import io.jsos.engine.CollectionRunner;
import io.jsos.engine.CollectorCatalog;
import io.jsos.report.BundleFormat;
import io.jsos.report.BundleSession;
import io.jsos.report.manifest.CollectorEntry;
import io.jsos.report.manifest.Manifest;
import io.jsos.report.redact.Redactor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes a whole bundle (several collectors, one manifest) the way {@code jsos collect} does: the
 * real engine and bundle writer, unpacked, so rules, inspect and diff read what a node would give.
 */
final class BundleMaker {

    private BundleMaker() {
    }

    static List<Collector> modelCollectors() {
        return List.of(new SystemCollector(), new ProcessesCollector(), new CgroupsCollector());
    }

    /** Runs the model collectors over the host into an unpacked bundle; returns its folder. */
    static Path collect(Host host, Path out, String name) {
        return collect(host, out, name, modelCollectors(), null, Map.of());
    }

    static Path collect(Host host, Path out, String name, List<Collector> collectors, Duration perCollector,
                        Map<String, Map<String, String>> options) {
        return collect(host, out, name, collectors, perCollector, options, BundleFormat.DIR);
    }

    static Path collect(Host host, Path out, String name, List<Collector> collectors, Duration perCollector,
                        Map<String, Map<String, String>> options, BundleFormat format) {
        try {
            Files.createDirectories(out);
            CollectorCatalog catalog = CollectorCatalog.of(collectors);
            CollectionPlan plan = CollectionPlan.of(catalog, Set.of(), Set.of(), options);
            CollectionRunner runner = new CollectionRunner(new CollectionRunner.Settings(Duration.ofSeconds(60), perCollector, 2, false));
            try (BundleSession session = new BundleSession(out, name, format, Redactor.none(), BundleSession.DEFAULT_FILE_CAP)) {
                List<CollectorEntry> entries = runner.run(plan, host, session, new CollectionRunner.Listener() { });
                Manifest m = new Manifest(Manifest.SCHEMA_VERSION, new Manifest.Tool("jsos", "test", ""), "2026-11-22T00:00:00Z", 0,
                        Map.of("hostname", "node-a"), Map.of(), false, Map.of(), entries);
                return session.finish(m).path();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
