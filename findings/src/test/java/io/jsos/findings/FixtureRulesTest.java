package io.jsos.findings;

import io.jsos.api.findings.Finding;
import io.jsos.api.findings.Severity;
import io.jsos.api.findings.Thresholds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each host-facing built-in rule fires on a fixture node made to trigger it, through the real
 * system, processes and cgroups collectors, and nothing fires on the healthy node.
 */
class FixtureRulesTest {

    @TempDir
    Path tmp;

    private final FindingsEngine engine = FindingsEngine.builtIn();

    private List<Finding> findings(FixtureNode node, Thresholds t) throws IOException {
        Path bundle = BundleMaker.collect(node.build(tmp.resolve("root")).build(), tmp.resolve("out"), "b");
        return Inspection.open(bundle, engine, t).findings();
    }

    @Test
    void healthyNodeHasNoFindings() throws IOException {
        assertThat(findings(new FixtureNode(), Thresholds.defaults())).isEmpty();
    }

    static Stream<Arguments> problems() {
        return Stream.of(
                Arguments.of("cgroups.oom-kills", (Consumer<FixtureNode>) n -> n.oomKill = true),
                Arguments.of("cgroups.cpu-throttled", (Consumer<FixtureNode>) n -> n.throttled = true),
                Arguments.of("cgroups.memory-near-limit", (Consumer<FixtureNode>) n -> n.memoryNearLimit = true),
                Arguments.of("cgroups.pids-near-max", (Consumer<FixtureNode>) n -> n.pidsNearMax = true),
                Arguments.of("cgroups.pressure", (Consumer<FixtureNode>) n -> n.pressure = true),
                Arguments.of("processes.d-state", (Consumer<FixtureNode>) n -> n.dState = true),
                Arguments.of("processes.zombies", (Consumer<FixtureNode>) n -> n.zombies = true),
                Arguments.of("processes.runaway-threads", (Consumer<FixtureNode>) n -> n.runawayThreads = true),
                Arguments.of("system.memory-pressure", (Consumer<FixtureNode>) n -> n.lowMemory = true),
                Arguments.of("system.hung-task", (Consumer<FixtureNode>) n -> n.hungTask = true),
                Arguments.of("system.soft-lockup", (Consumer<FixtureNode>) n -> n.softLockup = true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void ruleFiresOnItsProblemOnly(String id, Consumer<FixtureNode> problem) throws IOException {
        FixtureNode node = new FixtureNode();
        problem.accept(node);
        List<Finding> found = findings(node, Thresholds.defaults());
        assertThat(found).extracting(Finding::id).containsOnly(id);
        assertThat(found).allSatisfy(f -> {
            assertThat(f.title()).isNotBlank();
            assertThat(f.next()).isNotBlank();
            assertThat(f.evidence()).isNotEmpty().allSatisfy(e -> assertThat(e.path()).isNotBlank());
        });
    }

    @Test
    void oomKillIsReportedWhereItHappenedNotAtEveryAncestor() throws IOException {
        FixtureNode node = new FixtureNode();
        node.oomKill = true;
        List<Finding> found = findings(node, Thresholds.defaults());
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.evidence()).anySatisfy(e -> assertThat(e.value()).isEqualTo(FixtureNode.APP));
        });
    }

    @Test
    void dStateOnNfsIsNamedAsSuch() throws IOException {
        FixtureNode node = new FixtureNode();
        node.dState = true;
        assertThat(findings(node, Thresholds.defaults())).singleElement()
                .satisfies(f -> assertThat(f.title()).contains("NFS").contains("1 thread"));
    }

    @Test
    void fileSystemRuleFiresWhenItsThresholdIsBelowTheRealUsage() throws IOException {
        // The system collector statfs()es the fixture root's real file system: only a threshold can make it "full".
        Thresholds low = engine.thresholds(Map.of("system.fs-near-full.warning", 0.0001, "system.fs-near-full.critical", 100));
        List<Finding> found = findings(new FixtureNode(), low);
        assertThat(found).extracting(Finding::id).containsOnly("system.fs-near-full");
        assertThat(found).extracting(Finding::subject).contains("/");
    }

    @Test
    void thresholdsFromConfigSilenceOrTriggerARule() throws IOException {
        FixtureNode node = new FixtureNode();
        node.throttled = true; // 60 % of periods throttled
        assertThat(findings(node, engine.thresholds(Map.of("cgroups", Map.of("cpu-throttled", Map.of("warning", 70, "critical", 90))))))
                .isEmpty();
    }

    @Test
    void timedOutCollectorIsAFinding() throws IOException {
        FixtureNode node = new FixtureNode();
        node.hangingDmesg = true;
        Path bundle = BundleMaker.collect(node.build(tmp.resolve("root")).build(), tmp.resolve("out"), "b",
                BundleMaker.modelCollectors(), Duration.ofSeconds(2), Map.of());
        List<Finding> found = Inspection.open(bundle, engine, Thresholds.defaults()).findings();
        assertThat(found).extracting(Finding::id).containsOnly("jsos.collector-failed");
        assertThat(found).singleElement().satisfies(f -> assertThat(f.subject()).isEqualTo("system"));
    }
}
