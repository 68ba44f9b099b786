package io.jsos.storage.rook;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.api.Host;
import io.jsos.report.manifest.CollectorStatus;
import io.jsos.report.redact.Redactor;
import io.jsos.storage.ceph.CephCollector;
import io.jsos.testkit.CollectorHarness;
import io.jsos.testkit.CollectorHarness.BundleOutcome;
import io.jsos.testkit.FixtureHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rook collector on a fixture Rook/Ceph CSI node (fixtures/rook-csi-node.fixture). */
class RookFixtureTest {

    static final String POD = "7c0f6b5e-2d5b-4a8e-9f1e-0a1b2c3d4e5f";
    static final String CEPHFS_POD = "a1b2c3d4-0000-4000-8000-111122223333";

    @TempDir
    Path tmp;

    private Host node() {
        return FixtureHost.in(tmp.resolve("root")).loadResource("/fixtures/rook-csi-node.fixture").build();
    }

    @Test
    void rbdDeviceIsTiedToItsPodAndTheCsiPluginsAreSeen() {
        Host host = node();
        RookCollector c = new RookCollector();
        assertThat(c.applies(host).applies()).isTrue();
        BundleOutcome out = CollectorHarness.collect(c, host, tmp.resolve("work"), Redactor.none(), Map.of(), null);
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        JsonNode doc = out.json();

        JsonNode rbd = doc.at("/rbd_devices/0");
        assertThat(doc.get("rbd_devices")).hasSize(1);
        assertThat(rbd.get("id").asText()).isEqualTo("0");
        assertThat(rbd.get("device").asText()).isEqualTo("/dev/rbd0");
        assertThat(rbd.get("pool").asText()).isEqualTo("replicapool");
        assertThat(rbd.get("image").asText()).isEqualTo("csi-vol-5f1c7e2a-8b1d-11ee-9c2f-0242ac110002");
        assertThat(rbd.get("major_minor").asText()).isEqualTo("251:0");
        assertThat(rbd.get("pod_uid").asText()).isEqualTo(POD);
        assertThat(rbd.get("mountpoints")).hasSize(2);
        assertThat(rbd.get("mountpoints").toString()).contains("/globalmount/", "/pods/" + POD + "/volumes/kubernetes.io~csi/pvc-1234/mount");

        assertThat(doc.get("csi_plugins").toString()).contains(
                "{\"name\":\"rook-ceph.cephfs.csi.ceph.com\",\"dir\":\"/var/lib/kubelet/plugins/rook-ceph.cephfs.csi.ceph.com\",\"socket\":true,\"registered\":true}",
                "{\"name\":\"rook-ceph.rbd.csi.ceph.com\",\"dir\":\"/var/lib/kubelet/plugins/rook-ceph.rbd.csi.ceph.com\",\"socket\":true,\"registered\":true}");
        assertThat(doc.get("csi_plugins")).hasSize(2);        // kubelet's own kubernetes.io folder is not a driver
        assertThat(doc.at("/flexvolume_plugins/0/name").asText()).isEqualTo("ceph.rook.io~rook-ceph");

        assertThat(doc.get("volumes")).hasSize(3);              // the projected token volume is not storage
        JsonNode v = volume(doc, "pvc-1234");
        assertThat(v.get("pod_uid").asText()).isEqualTo(POD);
        assertThat(v.get("kind").asText()).isEqualTo("rbd");
        assertThat(v.get("driver").asText()).isEqualTo("rook-ceph.rbd.csi.ceph.com");
        assertThat(v.get("volume_handle").asText()).startsWith("0001-0009-rook-ceph-");
        assertThat(v.get("mounted").asBoolean()).isTrue();
        assertThat(v.get("device").asText()).isEqualTo("/dev/rbd0");
        JsonNode fs = volume(doc, "pvc-cfs");
        assertThat(fs.get("kind").asText()).isEqualTo("cephfs");
        assertThat(fs.get("pod_uid").asText()).isEqualTo(CEPHFS_POD);
        assertThat(fs.get("mounted").asBoolean()).isTrue();
        JsonNode flex = volume(doc, "pvc-old");
        assertThat(flex.get("kind").asText()).isEqualTo("flexvolume");
        assertThat(flex.get("driver").asText()).isEqualTo("ceph.rook.io/rook-ceph");
        assertThat(flex.get("mounted").asBoolean()).isFalse();
        assertThat(doc.get("ceph_mounts").toString()).contains("\"fstype\":\"ceph\"", "\"pod_uid\":\"" + CEPHFS_POD + "\"");

        // Rook's config is there, keyrings are listed but never copied, logs are left out
        assertThat(out.text("sos_commands/rook/var/lib/rook/rook-ceph/rook-ceph.config")).contains("mon host = [v2:10.0.0.11:3300");
        assertThat(doc.get("rook_files").toString()).contains("/var/lib/rook/rook-ceph/client.admin.keyring");
        assertThat(out.everything()).doesNotContain("AQBROOKPLANTED", "big log not copied");
        assertThat(out.text("sos_commands/rook/volumes")).contains("/dev/rbd0", POD);
    }

    @Test
    void theCephCollectorFindsRooksConfigWhenEtcCephIsEmpty() {
        CephCollector ceph = new CephCollector();
        assertThat(ceph.applies(node()).reason()).contains("/var/lib/rook/rook-ceph/rook-ceph.config");
    }

    private static JsonNode volume(JsonNode doc, String name) {
        for (JsonNode v : doc.get("volumes")) {
            if (v.get("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name + " in " + doc.get("volumes"));
    }
}
