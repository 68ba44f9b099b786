package io.jsos.findings;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsos.api.Collector;
import io.jsos.api.Host;
import io.jsos.api.findings.Finding;
import io.jsos.api.findings.Severity;
import io.jsos.api.findings.Thresholds;
import io.jsos.storage.block.BlockCollector;
import io.jsos.storage.ceph.CephCollector;
import io.jsos.storage.lvm.LvmCollector;
import io.jsos.storage.rook.RookCollector;
import io.jsos.testkit.FixtureHost;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage rules on the storage module's own fixture nodes (its src/test/resources/fixtures), through the real storage
 * collectors and bundle writer: what a support engineer would get from those nodes' bundles. The
 * rules' edge cases are in ContractRulesTest; here the point is that the collectors' models and
 * the rules agree on the contract.
 */
class StorageFixtureRulesTest {

    @TempDir
    Path tmp;

    private final FindingsEngine engine = FindingsEngine.builtIn();

    /**
     * The storage module's fixture files, read where they live: a test jar would tie the launcher's
     * build (which skips tests entirely) to the storage module's tests.
     */
    static Path storageFixture(String name) {
        return Path.of(System.getProperty("basedir", "."), "..", "storage", "src", "test", "resources", "fixtures", name)
                .normalize();
    }

    private List<Finding> findings(String fixture, List<Collector> collectors) throws IOException {
        Host host = FixtureHost.in(tmp.resolve("root")).load(storageFixture(fixture))
                .file("/etc/ceph/ceph.conf", "[global]\nmon host = 10.0.0.1\n").build();
        Path bundle = BundleMaker.collect(host, tmp.resolve("out"), "b", collectors, null, Map.of());
        return Inspection.open(bundle, engine, Thresholds.defaults()).findings();
    }

    @Test
    void aThinPoolNearlyFullIsCriticalOnItsDataAndSilentOnItsMetadata() throws IOException {
        // 96.41 % data (above 95: critical), 71.23 % metadata (below 80: nothing).
        List<Finding> found = findings("lvm-thin-near-full.fixture", List.of(new LvmCollector(), new BlockCollector()));
        assertThat(found).filteredOn(f -> f.id().equals("storage.thin-pool-full")).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.subject()).contains("tpool");
            assertThat(f.title()).contains("96.4");
            assertThat(f.evidence()).allSatisfy(e -> assertThat(e.path()).isEqualTo("jsos/lvm.json"));
        });
        assertThat(found).extracting(Finding::id).doesNotContain("storage.ceph-health", "storage.rbd-orphan");
    }

    @Test
    void aJewelEraClusterWithADegradedPgAndAnOsdOutIsReportedAsSuch() throws IOException {
        List<Finding> found = findings("ceph-jewel-cli.fixture", List.of(new CephCollector()));
        assertThat(found).extracting(Finding::id)
                .contains("storage.ceph-health", "storage.ceph-pgs-not-clean", "storage.ceph-osd-down")
                .doesNotContain("storage.ceph-unreachable");
        assertThat(found).filteredOn(f -> f.id().equals("storage.ceph-osd-down"))
                .singleElement().satisfies(f -> assertThat(f.subject()).isEqualTo("osd.1"));
    }

    @Test
    void aNodeWithOnlyTheCephCliInstalledHasNoCephFinding() throws IOException {
        Host host = FixtureHost.in(tmp.resolve("bare")).command("ceph", "{}", 0).build();
        Path bundle = BundleMaker.collect(host, tmp.resolve("out"), "b", List.of(new CephCollector()), null, Map.of());
        assertThat(Inspection.open(bundle, engine, Thresholds.defaults()).findings()).extracting(Finding::id)
                .noneMatch(id -> id.startsWith("storage.ceph"));
    }

    @Test
    void aRookNodeWhoseOnlyRbdDeviceBelongsToAPodHasNoOrphan() throws IOException {
        List<Finding> found = findings("rook-csi-node.fixture", List.of(new RookCollector(), new BlockCollector()));
        assertThat(found).extracting(Finding::id).doesNotContain("storage.rbd-orphan");
    }
}
