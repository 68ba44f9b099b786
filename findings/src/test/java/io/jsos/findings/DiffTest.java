package io.jsos.findings;

import io.jsos.api.findings.Thresholds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jsos diff} on two bundles of one fixture node, before and after a change, reports exactly
 * that change. The node's system/processes/cgroups sections come from the real collectors; its
 * LVM and Open vSwitch sections are model documents in the contract's shape, written into the
 * bundles (those collectors live in other modules).
 */
class DiffTest {

    @TempDir
    Path tmp;

    private final FindingsEngine engine = FindingsEngine.builtIn();

    private Path bundle(FixtureNode node, String name, String lvm, String ovs) throws IOException {
        Path b = BundleMaker.collect(node.build(tmp.resolve(name + "-root")).build(), tmp.resolve(name), name);
        Files.writeString(b.resolve("jsos/lvm.json"), lvm);
        Files.writeString(b.resolve("jsos/openvswitch.json"), ovs);
        return b;
    }

    private static String ovs(boolean withVm1Port) {
        String ports = withVm1Port
                ? "[{\"name\":\"vm1\",\"tag\":10,\"trunks\":[],\"interfaces\":[{\"name\":\"vm1\",\"link_state\":\"up\",\"error\":null}]},"
                + "{\"name\":\"patch-tun\",\"interfaces\":[{\"name\":\"patch-tun\",\"link_state\":\"up\",\"error\":null}]}]"
                : "[{\"name\":\"patch-tun\",\"interfaces\":[{\"name\":\"patch-tun\",\"link_state\":\"up\",\"error\":null}]}]";
        return "{\"reachable\":true,\"error\":null,\"bridges\":[{\"name\":\"br-int\",\"ports\":" + ports + "}],\"datapaths\":[]}";
    }

    private static String lvm(String dataPercent) {
        return ContractRulesTest.LVM.replace("DATA", dataPercent).replace("META", "10.0").replace("SNAP", "12.0");
    }

    private Map<String, Object> diff(Path a, Path b) throws IOException {
        return BundleDiff.compare(Inspection.open(a, engine, Thresholds.defaults()), Inspection.open(b, engine, Thresholds.defaults()));
    }

    @Test
    void twoBundlesOfAnUnchangedNodeHaveNoDifference() throws IOException {
        Path a = bundle(new FixtureNode(), "a", lvm("40.5"), ovs(true));
        Path b = bundle(new FixtureNode(), "b", lvm("40.5"), ovs(true));
        Map<String, Object> d = diff(a, b);
        assertThat(BundleDiff.isEmpty(d)).as("%s", d).isTrue();
        assertThat(BundleDiff.toText(d, false)).contains("no differences");
    }

    @Test
    void oomKillThinPoolFillAndRemovedOvsPortAreExactlyWhatIsReported() throws IOException {
        Path before = bundle(new FixtureNode(), "before", lvm("40.5"), ovs(true));
        FixtureNode changed = new FixtureNode();
        changed.oomKill = true;
        Path after = bundle(changed, "after", lvm("96.0"), ovs(false));

        Map<String, Object> d = diff(before, after);

        assertThat(J.objs(d, "findings", "appeared")).extracting(f -> J.str(f, "id") + " " + J.str(f, "subject"))
                .containsExactlyInAnyOrder("cgroups.oom-kills pod 0a1b2c3d/aaaaaaaaaaaa", "storage.thin-pool-full vg0/pool0");
        assertThat(J.list(d, "findings", "resolved")).isEmpty();
        assertThat(J.list(d, "findings", "changed")).isEmpty();
        assertThat(J.list(d, "collectors")).isEmpty();
        // The kernel counts an OOM kill in the container and in its pod: both numbers move, nothing else.
        assertThat(J.objs(d, "numbers")).extracting(n -> J.str(n, "key") + ": " + J.str(n, "old") + " -> " + J.str(n, "new"))
                .containsExactlyInAnyOrder(
                        "cgroup pod 0a1b2c3d/aaaaaaaaaaaa oom_kills: 0 -> 1",
                        "cgroup pod 0a1b2c3d oom_kills: 0 -> 1",
                        "lv vg0/pool0 data_percent: 40.5 -> 96");
        assertThat(J.obj(d, "topology")).containsOnlyKeys("ovs ports");
        assertThat(J.list(d, "topology", "ovs ports", "removed")).containsExactly("br-int/vm1");
        assertThat(J.list(d, "topology", "ovs ports", "added")).isEmpty();
        assertThat(J.list(d, "configFiles")).isEmpty();

        String text = BundleDiff.toText(d, false);
        assertThat(text).contains("+ finding  critical:", "- ovs ports: br-int/vm1", "data_percent: 40.5 → 96")
                .doesNotContain("\u001b[");
    }

    @Test
    void resolvedFindingsAndConfigFilesAsUnifiedDiff() throws IOException {
        FixtureNode broken = new FixtureNode();
        broken.zombies = true;
        Path before = bundle(broken, "before", lvm("40.5"), ovs(true));
        FixtureNode fixed = new FixtureNode();
        fixed.resolvConf = "nameserver 10.0.0.3\nsearch cluster.local\noptions ndots:5\n";
        Path after = bundle(fixed, "after", lvm("40.5"), ovs(true));

        Map<String, Object> d = diff(before, after);
        assertThat(J.objs(d, "findings", "resolved")).extracting(f -> J.str(f, "id")).containsExactly("processes.zombies");
        assertThat(J.list(d, "findings", "appeared")).isEmpty();
        List<Map<String, Object>> files = J.objs(d, "configFiles");
        assertThat(files).extracting(f -> J.str(f, "path")).containsExactly("etc/resolv.conf");
        assertThat(J.str(files.get(0), "diff")).isEqualTo("""
                --- old/etc/resolv.conf
                +++ new/etc/resolv.conf
                @@ -1,3 +1,3 @@
                -nameserver 10.0.0.2
                +nameserver 10.0.0.3
                 search cluster.local
                 options ndots:5
                """);
    }

    @Test
    void unifiedDiffHunksHaveGnuDiffLineNumbers() {
        String a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n";
        String b = "1\n2\nthree\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n";
        assertThat(UnifiedDiff.of("a", "b", a, b)).isEqualTo("""
                --- a
                +++ b
                @@ -1,6 +1,6 @@
                 1
                 2
                -3
                +three
                 4
                 5
                 6
                @@ -10,3 +10,4 @@
                 10
                 11
                 12
                +13
                """);
        assertThat(UnifiedDiff.of("a", "b", a, a)).isEmpty();
    }
}
