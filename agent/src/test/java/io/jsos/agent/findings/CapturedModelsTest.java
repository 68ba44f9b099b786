package io.jsos.agent.findings;

import io.jsos.api.Host;
import io.jsos.api.findings.CollectorState;
import io.jsos.api.findings.Finding;
import io.jsos.api.findings.Models;
import io.jsos.api.findings.Thresholds;
import io.jsos.engine.CollectionPlan;
import io.jsos.engine.CollectionRunner;
import io.jsos.engine.CollectorCatalog;
import io.jsos.engine.host.LocalHost;
import io.jsos.findings.BundleModels;
import io.jsos.findings.CapturedModels;
import io.jsos.findings.FindingsEngine;
import io.jsos.findings.FolderSource;
import io.jsos.json.PlainValues;
import io.jsos.report.BundleFormat;
import io.jsos.report.BundleSession;
import io.jsos.report.CollectorSink;
import io.jsos.report.ModelCapture;
import io.jsos.report.manifest.CollectorEntry;
import io.jsos.report.manifest.Manifest;
import io.jsos.report.redact.Redactor;
import io.jsos.testkit.FixtureHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exporter's findings run keeps models in memory ({@link ModelCapture}, {@link PlainValues})
 * instead of writing a bundle and reading its JSON back. Over fixture nodes (a Kubernetes node, a
 * node whose secrets and kernel log trigger rules, an LVM node, a Ceph client, a Rook CSI node), the
 * same collectors run both ways must give the rules the same models, the same command outputs and
 * the same findings; and no real model may need the round trip through Jackson.
 */
class CapturedModelsTest {

    @TempDir
    Path tmp;

    private final FindingsEngine engine = FindingsEngine.builtIn();
    private final CollectorCatalog catalog = CollectorCatalog.discover(List.of());

    static Path home() {
        return Path.of(System.getProperty("jsos.home", "..")).toAbsolutePath().normalize();
    }

    private List<CollectorEntry> run(Host host, CollectorSink sink) {
        FindingsGauges g = new FindingsGauges(host, catalog, engine, Thresholds.defaults());
        Set<String> names = Set.copyOf(FindingsGauges.MODEL_COLLECTORS);
        CollectionPlan plan = CollectionPlan.of(catalog, names, Set.of(), g.runOptions());
        g.close();
        return new CollectionRunner(new CollectionRunner.Settings(Duration.ofSeconds(60), null, 2, false))
                .run(plan, host, sink, new CollectionRunner.Listener() { });
    }

    private static List<CollectorState> states(List<CollectorEntry> entries) {
        return entries.stream().map(e -> new CollectorState(e.name(), e.status().wireName(), e.reason())).toList();
    }

    /** Both ways over one host: returns the in-memory models after checking them against the bundle's. */
    private CapturedModels sameBothWays(Host host, String name) throws IOException {
        long fallbacks = PlainValues.fallbacks();
        ModelCapture capture = new ModelCapture();
        CapturedModels captured = new CapturedModels(capture, states(run(host, capture)));

        Path out = tmp.resolve(name);
        Path folder;
        List<CollectorEntry> entries;
        try (BundleSession session = new BundleSession(out, name, BundleFormat.DIR, Redactor.none(), BundleSession.DEFAULT_FILE_CAP)) {
            entries = run(host, session);
            folder = session.finish(new Manifest(Manifest.SCHEMA_VERSION, new Manifest.Tool("jsos", "test", ""),
                    "2026-12-06T00:00:00Z", 0, Map.of(), Map.of(), false, Map.of(), entries)).path();
        }
        BundleModels written = BundleModels.of(new FolderSource(folder), states(entries), Map.of());

        assertThat(captured.collectors()).isEqualTo(written.collectors());
        for (String c : FindingsGauges.MODEL_COLLECTORS) {
            assertThat(captured.model(c).map(CapturedModelsTest::steady)).as("model of %s on %s", c, name)
                    .isEqualTo(written.model(c).map(CapturedModelsTest::steady));
        }
        assertThat(written.problems()).isEmpty();
        assertThat(capture.problems()).isEmpty();
        assertThat(capture.paths()).as("command outputs and texts kept").isNotEmpty();
        for (String path : capture.paths()) {
            assertThat(captured.text(path)).as(path).isEqualTo(written.text(path));
        }
        assertThat(ids(engine.evaluate(captured, Thresholds.defaults())))
                .isEqualTo(ids(engine.evaluate(written, Thresholds.defaults())));
        assertThat(PlainValues.fallbacks()).as("a real model needed Jackson's round trip").isEqualTo(fallbacks);
        return captured;
    }

    /**
     * What may differ between two runs over one fixture: how long a command took, and the space
     * used on the real file system the fixture lives on (the bundle run writes to it).
     */
    private static Object steady(Object v) {
        if (v instanceof String s) {
            return s.replaceAll(" in \\d+ ms", " in N ms");
        }
        if (v instanceof List<?> l) {
            return l.stream().map(CapturedModelsTest::steady).toList();
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, x) -> {
                if (!Set.of("usedBytes", "availableBytes", "usedPercent").contains(k)) {
                    out.put(k, steady(x));
                }
            });
            return out;
        }
        return v;
    }

    private static List<String> ids(List<Finding> findings) {
        return findings.stream().map(f -> f.id() + " " + f.severity() + " " + f.subject() + " " + f.title() + " " + f.evidence())
                .toList();
    }

    @Test
    void aKubernetesNodeGivesTheSameModelsInMemory() throws IOException {
        Host host = FixtureHost.in(tmp.resolve("k8s"))
                .load(home().resolve("cgroups/src/test/resources/fixtures/k8s-v2-systemd.fixture"))
                .load(home().resolve("agent/src/test/resources/fixtures/sd-node.fixture"))
                .build();
        Models m = sameBothWays(host, "k8s");
        assertThat(m.object("cgroups")).isPresent();
        assertThat(m.object("kubernetes")).isPresent();
    }

    @Test
    void aNodeWithProblemsGivesTheSameFindingsInMemory() throws IOException {
        Host host = FixtureHost.in(tmp.resolve("leak")).loadResource("/fixtures/leak-node.fixture")
                .command("dmesg", "[1.0] INFO: task app:101 blocked for more than 120 seconds.\n", 0).build();
        CapturedModels m = sameBothWays(host, "leak");
        assertThat(m.text("sos_commands/system/dmesg")).hasValueSatisfying(t -> assertThat(t).contains("blocked for more"));
        assertThat(engine.evaluate(m, Thresholds.defaults())).extracting(Finding::id).contains("system.hung-task");
    }

    @Test
    void storageNodesGiveTheSameModelsInMemory() throws IOException {
        for (String fixture : List.of("lvm-thin-near-full", "ceph-jewel-cli", "rook-csi-node")) {
            Host host = FixtureHost.in(tmp.resolve("root-" + fixture))
                    .load(home().resolve("storage/src/test/resources/fixtures/" + fixture + ".fixture"))
                    .file("/etc/ceph/ceph.conf", "[global]\nmon host = 10.0.0.1\n").build();
            sameBothWays(host, fixture);
        }
    }

    @Test
    void thisMachinesModelsNeedNoJackson() {
        long fallbacks = PlainValues.fallbacks();
        ModelCapture capture = new ModelCapture();
        List<CollectorEntry> entries = run(LocalHost.local(), capture);
        assertThat(entries).filteredOn(e -> e.status().wireName().equals("ok")).extracting(CollectorEntry::name)
                .contains("system", "processes", "cgroups")
                .allSatisfy(c -> assertThat(capture.model(c)).as(c).isPresent());
        assertThat(capture.problems()).isEmpty();
        assertThat(PlainValues.fallbacks()).as("a real model needed Jackson's round trip").isEqualTo(fallbacks);
        assertThat(new String(capture.text("sos_commands/processes/summary").orElseThrow(), StandardCharsets.UTF_8)).isNotBlank();
    }
}
