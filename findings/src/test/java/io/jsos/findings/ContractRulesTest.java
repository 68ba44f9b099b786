package io.jsos.findings;

import io.jsos.api.findings.CollectorState;
import io.jsos.api.findings.Finding;
import io.jsos.api.findings.Severity;
import io.jsos.api.findings.Thresholds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The storage, network and clock rules over model documents in the shape the storage and network
 * collectors promise (docs/findings.md, "model contract"): each fires on its problem and stays
 * silent on the healthy documents.
 */
class ContractRulesTest {

    static final String LVM = """
            {"pvs":[{"name":"/dev/vdb","vg":"vg0","size_bytes":10737418240,"free_bytes":0,"attr":"a--"}],
             "vgs":[{"name":"vg0","uuid":"u","size_bytes":10737418240,"free_bytes":0,"pv_count":1,"lv_count":3,"attr":"wz--n-"}],
             "lvs":[{"name":"pool0","vg":"vg0","attr":"twi-aotz--","size_bytes":8589934592,"segtype":"thin-pool","roles":["private"],
                     "pool":null,"origin":null,"data_percent":DATA,"metadata_percent":META,"snap_percent":null,"active":true,"health":""},
                    {"name":"thin1","vg":"vg0","attr":"Vwi-aotz--","size_bytes":4294967296,"segtype":"thin","roles":["public"],
                     "pool":"pool0","origin":null,"data_percent":20.0,"metadata_percent":null,"snap_percent":null,"active":true,"health":""},
                    {"name":"snap1","vg":"vg0","attr":"swi-a-s---","size_bytes":1073741824,"segtype":"linear","roles":["snapshot"],
                     "pool":null,"origin":"data","data_percent":null,"metadata_percent":null,"snap_percent":SNAP,"active":true,"health":""}]}
            """;
    static final String CEPH = """
            {"reachable":REACHABLE,"error":ERROR,"fsid":"f",
             "health":{"status":"STATUS","checks":CHECKS},
             "osds":[{"id":0,"name":"osd.0","up":true,"in":true,"host":"n1"},{"id":1,"name":"osd.1","up":OSDUP,"in":OSDIN,"host":"n2"}],
             "pgs_by_state":[{"state":"active+clean","count":CLEAN},{"state":"active+undersized+degraded","count":DEGRADED}],
             "num_pgs":128,
             "capacity":{"total_bytes":1000000000000,"used_bytes":USED,"avail_bytes":500000000000,"used_ratio":RATIO},
             "pools":[{"id":1,"name":"rbd","stored_bytes":1,"used_bytes":1,"used_ratio":POOLRATIO,"max_avail_bytes":100}]}
            """;
    static final String ROOK = """
            {"rbd_devices":[{"id":0,"pool":"rbd","image":"csi-vol-1","device":"/dev/rbd0","mountpoints":["/var/lib/kubelet/x"],"pod_uid":PODUID}],
             "csi_plugins":[],
             "volumes":[{"pod_uid":"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","kind":"rbd","name":"pvc-1","mountpoint":"/var/lib/kubelet/x"}]}
            """;
    static final String BRIDGE = """
            {"bridges":[{"name":"br0","namespace":"","stp_enabled":true,"vlan_filtering":false,
              "ports":[{"name":"eth1","state":"forwarding","path_cost":100,"vlans":[]},{"name":"eth2","state":"PORTSTATE","path_cost":100,"vlans":[]}],
              "fdb_entries":3,"fdb_truncated":false}]}
            """;
    static final String OVS = """
            {"reachable":REACHABLE,"error":ERROR,
             "bridges":[{"name":"br-int","datapath_type":"system","stp_enable":false,
               "ports":[{"name":"vm1","tag":10,"trunks":[],"bond_mode":null,
                 "interfaces":[{"name":"vm1","type":"internal","ofport":1,"admin_state":"up","link_state":"LINK","error":IFERROR,
                   "statistics":{"rx_packets":10,"tx_packets":10,"rx_errors":RXERR,"tx_errors":0,"rx_dropped":0,"tx_dropped":0}}]}],
               "flow_counts":{"0":12}}],
             "datapaths":[{"name":"system@ovs-system","hit":1,"missed":1,"lost":0}]}
            """;
    static final String IFACES = """
            {"namespaces":[{"name":"host","id":null,"interfaces":[
                {"name":"lo","ifindex":1,"type":"loopback","operstate":"unknown","mtu":65536,"mac":"00:00:00:00:00:00","master":null,
                 "peer_ifindex":null,"peer_netns_id":null,"statistics":{"rx_bytes":1,"tx_bytes":1,"rx_errors":0,"tx_errors":0}},
                {"name":"veth1","ifindex":7,"type":"veth","operstate":"up","mtu":1500,"mac":"02:00:00:00:00:01","master":"cni0",
                 "peer_ifindex":PEER,"peer_netns_id":1,"statistics":{"rx_bytes":1,"tx_bytes":1,"rx_errors":0,"tx_errors":0}}]},
              {"name":"cni-1234","id":1,"interfaces":[
                {"name":"eth0","ifindex":3,"type":"veth","operstate":"up","mtu":1500,"mac":"02:00:00:00:00:02","master":null,
                 "peer_ifindex":7,"peer_netns_id":0,"statistics":{"rx_bytes":1,"tx_bytes":1,"rx_errors":0,"tx_errors":0}}]}]}
            """;
    static final String HEALTH_CHECKS = """
            [{"name":"OSD_DOWN","severity":"HEALTH_WARN","message":"1 osds down","detail":["osd.1 (root=default,host=n2) is down"]},
             {"name":"PG_DEGRADED","severity":"HEALTH_WARN","message":"Degraded data redundancy","detail":[]}]
            """;

    /** The healthy documents, with placeholders replaced. */
    static Map<String, String> healthy() {
        return new java.util.HashMap<>(Map.of(
                "lvm", LVM.replace("DATA", "40.5").replace("META", "10.0").replace("SNAP", "12.0"),
                "ceph", CEPH.replace("REACHABLE", "true").replace("ERROR", "null").replace("STATUS", "HEALTH_OK")
                        .replace("CHECKS", "[]").replace("OSDUP", "true").replace("OSDIN", "true").replace("CLEAN", "128")
                        .replace("DEGRADED", "0").replace("USED", "400000000000").replace("POOLRATIO", "0.3").replace("RATIO", "0.4"),
                "rook", ROOK.replace("PODUID", "\"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\""),
                "bridge", BRIDGE.replace("PORTSTATE", "forwarding"),
                "openvswitch", OVS.replace("IFERROR", "null").replace("REACHABLE", "true").replace("ERROR", "null")
                        .replace("LINK", "up").replace("RXERR", "0"),
                "interfaces", IFACES.replace("PEER", "3")));
    }

    static List<Finding> evaluate(Map<String, String> docs, String extraPath, String extraText) {
        MemorySource src = new MemorySource();
        docs.forEach((k, v) -> src.put("jsos/" + k + ".json", v));
        if (extraPath != null) {
            src.put(extraPath, extraText);
        }
        List<CollectorState> states = docs.keySet().stream().map(k -> new CollectorState(k, "ok", null)).toList();
        return FindingsEngine.builtIn().evaluate(BundleModels.of(src, states, Map.of()), Thresholds.defaults());
    }

    @Test
    void healthyDocumentsGiveNoFinding() {
        assertThat(evaluate(healthy(), "sos_commands/system/timedatectl_show", "NTPSynchronized=yes\n")).isEmpty();
    }

    static Stream<Arguments> problems() {
        return Stream.of(
                Arguments.of("storage.thin-pool-full", "lvm", LVM.replace("DATA", "96.0").replace("META", "10.0").replace("SNAP", "12.0"), Severity.CRITICAL),
                Arguments.of("storage.thin-pool-full", "lvm", LVM.replace("DATA", "40.0").replace("META", "85.0").replace("SNAP", "12.0"), Severity.WARNING),
                Arguments.of("storage.snapshot-full", "lvm", LVM.replace("DATA", "40.0").replace("META", "10.0").replace("SNAP", "90.0"), Severity.WARNING),
                Arguments.of("storage.ceph-unreachable", "ceph", "{\"reachable\":false,\"error\":\"timed out after 10 s\"}", Severity.WARNING),
                Arguments.of("storage.ceph-health", "ceph", healthy().get("ceph").replace("HEALTH_OK", "HEALTH_WARN")
                        .replace("\"checks\":[]", "\"checks\":" + HEALTH_CHECKS), Severity.WARNING),
                Arguments.of("storage.ceph-osd-down", "ceph", healthy().get("ceph")
                        .replace("\"up\":true,\"in\":true,\"host\":\"n2\"", "\"up\":false,\"in\":true,\"host\":\"n2\""), Severity.CRITICAL),
                Arguments.of("storage.ceph-pgs-not-clean", "ceph", healthy().get("ceph").replace("\"count\":0", "\"count\":12"), Severity.WARNING),
                Arguments.of("storage.ceph-near-full", "ceph", healthy().get("ceph").replace("\"used_ratio\":0.4", "\"used_ratio\":0.9"), Severity.CRITICAL),
                Arguments.of("storage.rbd-orphan", "rook", ROOK.replace("PODUID", "null"), Severity.WARNING),
                Arguments.of("network.bridge-port-blocking", "bridge", BRIDGE.replace("PORTSTATE", "blocking"), Severity.WARNING),
                Arguments.of("network.ovs-interface", "openvswitch", healthy().get("openvswitch").replace("\"link_state\":\"up\"", "\"link_state\":\"down\""), Severity.CRITICAL),
                Arguments.of("network.ovs-interface", "openvswitch", healthy().get("openvswitch").replace("\"rx_errors\":0", "\"rx_errors\":5"), Severity.WARNING),
                Arguments.of("network.ovsdb-unreachable", "openvswitch", "{\"reachable\":false,\"error\":\"database connection failed\",\"bridges\":[],\"datapaths\":[]}", Severity.WARNING),
                Arguments.of("network.veth-orphan", "interfaces", IFACES.replace("PEER", "99").replace("\"peer_ifindex\":7", "\"peer_ifindex\":8"), Severity.WARNING));
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("problems")
    void ruleFiresOnItsProblem(String id, String collector, String doc, Severity severity) {
        Map<String, String> docs = healthy();
        docs.put(collector, doc);
        List<Finding> found = evaluate(docs, null, null);
        assertThat(found).extracting(Finding::id).containsOnly(id);
        assertThat(found).extracting(Finding::severity).contains(severity);
        assertThat(found).allSatisfy(f -> assertThat(f.evidence()).isNotEmpty()
                .allSatisfy(e -> assertThat(e.path()).isEqualTo("jsos/" + collector + ".json")));
    }

    @Test
    void everyCephHealthCheckIsItsOwnFinding() {
        Map<String, String> docs = healthy();
        docs.put("ceph", healthy().get("ceph").replace("HEALTH_OK", "HEALTH_WARN").replace("\"checks\":[]", "\"checks\":" + HEALTH_CHECKS));
        assertThat(evaluate(docs, null, null)).extracting(Finding::subject).containsExactlyInAnyOrder("OSD_DOWN", "PG_DEGRADED");
    }

    @Test
    void clockUnsynchronisedFromTimedatectlOrChrony() {
        assertThat(evaluate(healthy(), "sos_commands/system/timedatectl_show", "Timezone=UTC\nNTPSynchronized=no\n"))
                .extracting(Finding::id).containsOnly("system.clock-unsynchronised");
        assertThat(evaluate(healthy(), "sos_commands/chrony/chronyc_tracking", "Reference ID    : 00000000 ()\nLeap status     : Not synchronised\n"))
                .extracting(Finding::id).containsOnly("system.clock-unsynchronised");
        assertThat(evaluate(healthy(), "sos_commands/chrony/chronyc_tracking", "Leap status     : Normal\n")).isEmpty();
    }

    @Test
    void jsosOwnCommandsInDStateAreNotTheNodes() {
        // jsos (pid 500) ran lvs (501), which ran a helper (502): all three are jsos's doing; 900 is the node's.
        String processes = """
                {"collectorPid":500,"threads":[
                 {"pid":1,"tid":1,"ppid":0,"state":"S","comm":"init"},
                 {"pid":500,"tid":500,"ppid":1,"state":"S","comm":"java"},
                 {"pid":500,"tid":511,"ppid":1,"state":"D","comm":"java"},
                 {"pid":501,"tid":501,"ppid":500,"state":"D","comm":"lvs","wchan":"__x64_sys_io_destroy"},
                 {"pid":502,"tid":502,"ppid":501,"state":"D","comm":"helper"},
                 {"pid":900,"tid":900,"ppid":1,"state":"D","comm":"app","wchan":"io_schedule"}]}
                """;
        Map<String, String> docs = healthy();
        docs.put("processes", processes);
        List<Finding> found = evaluate(docs, "sos_commands/system/timedatectl_show", "NTPSynchronized=yes\n");
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("processes.d-state");
            assertThat(f.title()).startsWith("1 thread(s)");
            assertThat(f.evidence()).singleElement().satisfies(e -> assertThat(e.label()).contains("app"));
        });
        // Without collectorPid (an old bundle, a fixture) every thread counts.
        docs.put("processes", processes.replace("\"collectorPid\":500,", ""));
        assertThat(evaluate(docs, "sos_commands/system/timedatectl_show", "NTPSynchronized=yes\n"))
                .filteredOn(f -> f.id().equals("processes.d-state")).extracting(Finding::title)
                .anySatisfy(t -> assertThat(t).startsWith("3 thread(s)"));
    }

    @Test
    void garbageModelsAreMissingFactsNotCrashes() {
        Map<String, String> docs = Map.of("lvm", "{\"lvs\": \"oops\"}", "ceph", "[1,2]", "cgroups", "not json",
                "processes", "{\"threads\":[{\"state\":null},{\"numThreads\":\"x\",\"isMainThread\":true}]}",
                "openvswitch", "{\"bridges\":[{\"ports\":[{\"interfaces\":[{}]}]}]}");
        assertThat(evaluate(docs, "sos_commands/system/dmesg", "\0\0binary")).isEmpty();
    }

    @Test
    void unknownOrNonNumericThresholdIsAClearError() {
        FindingsEngine engine = FindingsEngine.builtIn();
        assertThatThrownBy(() -> engine.thresholds(Map.of("storage.thin-pool-ful.warning", 70)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("storage.thin-pool-ful.warning");
        assertThatThrownBy(() -> engine.thresholds(Map.of("storage.thin-pool-full.warning", "lots")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a number");
        assertThat(engine.thresholds(Map.of("storage.thin-pool-full.warning", "70%")).get("storage.thin-pool-full.warning", 80))
                .isEqualTo(70.0);
    }

    @Test
    void everyBuiltInRuleHasAnIdDescriptionAndIsLoadedOnce() {
        FindingsEngine engine = FindingsEngine.builtIn();
        assertThat(engine.problems()).isEmpty();
        assertThat(engine.rules()).hasSize(26).allSatisfy(r -> {
            assertThat(r.id()).matches("[a-z]+\\.[a-z0-9-]+");
            assertThat(r.description()).isNotBlank();
        });
    }

    @Test
    void aThrowingRuleBecomesAFindingAndTheOthersStillRun() {
        io.jsos.api.findings.Rule bad = new io.jsos.api.findings.Rule() {
            public String id() {
                return "vendor.bad";
            }

            public String description() {
                return "throws";
            }

            public List<Finding> evaluate(io.jsos.api.findings.Models m, Thresholds t) {
                throw new IllegalStateException("boom");
            }
        };
        List<io.jsos.api.findings.Rule> rules = new java.util.ArrayList<>(FindingsEngine.builtIn().rules());
        rules.add(0, bad);
        Map<String, String> docs = healthy();
        docs.put("bridge", BRIDGE.replace("PORTSTATE", "disabled"));
        MemorySource src = new MemorySource();
        docs.forEach((k, v) -> src.put("jsos/" + k + ".json", v));
        List<Finding> found = FindingsEngine.of(rules).evaluate(BundleModels.of(src, List.of(), Map.of()), Thresholds.defaults());
        assertThat(found).extracting(Finding::id).containsExactlyInAnyOrder("jsos.rule-failed", "network.bridge-port-blocking");
    }
}
