package io.jsos.storage.lvm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsos.engine.host.LocalHost;
import io.jsos.report.manifest.CollectorStatus;
import io.jsos.testkit.CollectorHarness;
import io.jsos.testkit.CollectorHarness.BundleOutcome;
import io.jsos.testkit.Real;
import io.jsos.testkit.ScrapeHarness;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lvm collector against real lvm2 on real loop devices (see {@link LvmLab}): what jsos reports
 * must be exactly what lvm2 itself says about the test VG, read independently by the test.
 */
@Tag("real")
class LvmRealTest {

    @TempDir
    Path tmp;

    @Test
    void reportsTheRealVolumeGroupWithThinPoolAndSnapshots() throws Exception {
        Real.requireRoot();
        Real.requireProgram("lvs", "lvm2");
        Real.requireProgram("losetup", "mount");
        // built inside the try: a failing step still removes what the earlier steps made
        try (LvmLab lab = new LvmLab(tmp)) {
            lab.build();
            BundleOutcome out = CollectorHarness.collect(new LvmCollector(), new LocalHost(Path.of("/")), tmp.resolve("work"));
            assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
            JsonNode doc = out.json();

            // every LV of the test VG, with lvm2's own names, sizes, attributes and roles
            JsonNode theirs = new ObjectMapper().readTree(lab.lvs("lv_name,lv_size,lv_attr,lv_role,segtype,pool_lv,origin"))
                    .at("/report/0/lv");
            Map<String, JsonNode> ours = new HashMap<>();
            doc.get("lvs").forEach(l -> {
                if (l.get("vg").asText().equals(lab.vg)) {
                    ours.put(l.get("name").asText(), l);
                }
            });
            assertThat(ours.keySet()).containsExactlyInAnyOrder("lin0", "lin1", "tpool", "tpool_tdata", "tpool_tmeta",
                    "thin0", "thinsnap0", "snap0");
            assertThat(theirs).hasSize(ours.size());
            for (JsonNode t : theirs) {
                String printed = t.get("lv_name").asText();
                JsonNode o = ours.get(printed.replaceAll("^\\[|]$", ""));
                assertThat(o).as(printed).isNotNull();
                assertThat(o.get("hidden").asBoolean()).as(printed).isEqualTo(printed.startsWith("["));
                assertThat(o.get("size_bytes").asLong()).as(printed).isEqualTo(t.get("lv_size").asLong());
                assertThat(o.get("attr").asText()).as(printed).isEqualTo(t.get("lv_attr").asText());
                assertThat(o.get("roles").toString()).as(printed).isEqualTo(rolesJson(t.get("lv_role").asText()));
                assertThat(o.get("segtype").asText()).as(printed).isEqualTo(t.get("segtype").asText());
            }
            // what we built, in jsos's words
            assertThat(ours.get("lin0").get("size_bytes").asLong()).isEqualTo(200L << 20);
            assertThat(ours.get("lin0").get("devices").toString()).contains("(0)");
            assertThat(ours.get("lin1").get("tags").toString()).isEqualTo("[\"jsos-role-db\"]");
            assertThat(ours.get("tpool").get("segtype").asText()).isEqualTo("thin-pool");
            assertThat(ours.get("tpool").get("size_bytes").asLong()).isEqualTo(500L << 20);
            assertThat(ours.get("tpool").at("/attr_decoded/volume_type").asText()).isEqualTo("thin pool");
            assertThat(ours.get("thin0").get("pool").asText()).isEqualTo("tpool");
            assertThat(ours.get("thin0").get("size_bytes").asLong()).isEqualTo(1L << 30);
            assertThat(ours.get("thin0").at("/attr_decoded/volume_type").asText()).isEqualTo("thin volume");
            assertThat(ours.get("thinsnap0").get("origin").asText()).isEqualTo("thin0");
            assertThat(ours.get("thinsnap0").get("roles").toString()).contains("\"thinsnapshot\"");
            assertThat(ours.get("snap0").get("origin").asText()).isEqualTo("lin0");
            assertThat(ours.get("snap0").get("roles").toString()).contains("\"thicksnapshot\"");
            assertThat(ours.get("snap0").at("/attr_decoded/volume_type").asText()).isEqualTo("snapshot");
            assertThat(ours.get("tpool_tdata").get("hidden").asBoolean()).isTrue();
            // no device-mapper on this kernel: fullness and activity are unknown, not 0 and not false
            assertThat(ours.get("tpool").get("data_percent").isNull()).as(ours.get("tpool").toString()).isTrue();
            assertThat(ours.get("tpool").get("metadata_percent").isNull()).isTrue();
            // state X (lvm2 cannot ask the kernel) is "unknown", not inactive; lvm2 prints '-' for the pool itself
            assertThat(ours.get("thin0").get("attr").asText().charAt(4)).isEqualTo('X');
            assertThat(ours.get("thin0").get("active").isNull()).isTrue();
            assertThat(ours.get("tpool").get("active").asBoolean()).isEqualTo(ours.get("tpool").get("attr").asText().charAt(4) == 'a');

            JsonNode vgTheirs = new ObjectMapper().readTree(lab.vgs("vg_name,vg_size,vg_free,pv_count,lv_count,vg_attr,vg_uuid"))
                    .at("/report/0/vg/0");
            JsonNode vgOurs = null;
            for (JsonNode v : doc.get("vgs")) {
                if (v.get("name").asText().equals(lab.vg)) {
                    vgOurs = v;
                }
            }
            assertThat(vgOurs).isNotNull();
            assertThat(vgOurs.get("size_bytes").asLong()).isEqualTo(vgTheirs.get("vg_size").asLong());
            assertThat(vgOurs.get("free_bytes").asLong()).isEqualTo(vgTheirs.get("vg_free").asLong());
            assertThat(vgOurs.get("pv_count").asLong()).isEqualTo(2);
            assertThat(vgOurs.get("lv_count").asLong()).isEqualTo(vgTheirs.get("lv_count").asLong());
            assertThat(vgOurs.get("attr").asText()).isEqualTo(vgTheirs.get("vg_attr").asText());
            assertThat(vgOurs.get("uuid").asText()).isEqualTo(vgTheirs.get("vg_uuid").asText());
            long pvsOfVg = 0;
            for (JsonNode p : doc.get("pvs")) {
                if (lab.vg.equals(p.path("vg").asText())) {
                    pvsOfVg++;
                    assertThat(lab.loops).contains(p.get("name").asText());
                }
            }
            assertThat(pvsOfVg).isEqualTo(2);
            assertThat(out.text("sos_commands/lvm/lvs.json")).contains(lab.vg);

            var scrape = ScrapeHarness.scrape(new LvmCollector(), new LocalHost(Path.of("/")));
            assertThat(scrape.value("jsos_lvm_vg_size_bytes", "vg", lab.vg)).contains(vgTheirs.get("vg_size").asDouble());
            assertThat(scrape.value("jsos_lvm_lv_size_bytes", "vg", lab.vg, "lv", "tpool", "segtype", "thin-pool"))
                    .contains((double) (500L << 20));
        }
    }

    private static String rolesJson(String lvRole) {
        StringBuilder sb = new StringBuilder("[");
        String[] parts = lvRole.isEmpty() ? new String[0] : lvRole.split(",");
        for (int i = 0; i < parts.length; i++) {
            sb.append(i > 0 ? "," : "").append('"').append(parts[i]).append('"');
        }
        return sb.append(']').toString();
    }
}
