package io.jsos.storage.lvm;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.api.Host;
import io.jsos.report.manifest.CollectorStatus;
import io.jsos.report.redact.Redactor;
import io.jsos.testkit.CollectorHarness;
import io.jsos.testkit.CollectorHarness.BundleOutcome;
import io.jsos.testkit.FixtureHost;
import io.jsos.testkit.ScrapeHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node with an active thin pool that is nearly full (values in the shape lvm2 and the kernel
 * print them on a real device-mapper node), and bad input: unknown fields, garbage, a hung lvs.
 */
class LvmFixtureTest {

    @TempDir
    Path tmp;

    @Test
    void thinPoolNearFullWithItsNumbersAndHealth() {
        Host host = FixtureHost.in(tmp.resolve("root")).loadResource("/fixtures/lvm-thin-near-full.fixture").build();
        LvmCollector c = new LvmCollector();
        assertThat(c.applies(host).applies()).isTrue();
        BundleOutcome out = CollectorHarness.collect(c, host, tmp.resolve("work"));
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        JsonNode doc = out.json();

        JsonNode pool = lv(doc, "tpool");
        assertThat(pool.get("vg").asText()).isEqualTo("datavg");
        assertThat(pool.get("segtype").asText()).isEqualTo("thin-pool");
        assertThat(pool.get("size_bytes").asLong()).isEqualTo(107374182400L);
        assertThat(pool.get("data_percent").asDouble()).isEqualTo(96.41);
        assertThat(pool.get("metadata_percent").asDouble()).isEqualTo(71.23);
        assertThat(pool.get("active").asBoolean()).isTrue();
        assertThat(pool.get("health").asText()).isEqualTo("ok");
        assertThat(pool.get("when_full").asText()).isEqualTo("queue");
        assertThat(pool.get("metadata_size_bytes").asLong()).isEqualTo(1073741824L);
        assertThat(pool.at("/attr_decoded/open").asBoolean()).isTrue();
        assertThat(pool.get("roles").toString()).isEqualTo("[\"private\",\"thin\",\"pool\"]");

        JsonNode vol = lv(doc, "pvc-5f1c");
        assertThat(vol.get("pool").asText()).isEqualTo("tpool");
        assertThat(vol.get("data_percent").asDouble()).isEqualTo(88.0);
        assertThat(vol.get("tags").toString()).isEqualTo("[\"k8s-pv\",\"ns-shop\"]");
        // lin0 has two segments: lvm2 prints two rows, jsos one LV with both devices
        assertThat(lv(doc, "lin0").get("devices").toString()).isEqualTo("[\"/dev/sdb(0)\",\"/dev/sdc(0)\"]");
        assertThat(doc.get("lvs")).hasSize(8);
        JsonNode snap = lv(doc, "snap0");
        assertThat(snap.get("snap_percent").asDouble()).isEqualTo(25.12);
        assertThat(snap.get("origin").asText()).isEqualTo("lin0");
        JsonNode failed = lv(doc, "r1");
        assertThat(failed.get("health").asText()).isEqualTo("partial");
        assertThat(failed.get("copy_percent").asDouble()).isEqualTo(42.5);
        assertThat(failed.get("devices").toString()).isEqualTo("[\"r1_rimage_0(0)\",\"r1_rimage_1(0)\"]");
        assertThat(lv(doc, "r1_rimage_0").get("hidden").asBoolean()).isTrue();

        JsonNode vg = doc.at("/vgs/0");
        assertThat(vg.get("name").asText()).isEqualTo("datavg");
        assertThat(vg.get("size_bytes").asLong()).isEqualTo(214748364800L);
        assertThat(vg.get("free_bytes").asLong()).isEqualTo(4194304L);
        assertThat(vg.get("pv_count").asInt()).isEqualTo(2);
        assertThat(vg.get("missing_pv_count").asInt()).isEqualTo(1);
        assertThat(vg.at("/attr_decoded/partial").asBoolean()).isTrue();
        assertThat(doc.at("/pvs/1/attr_decoded/missing").asBoolean()).isTrue();

        // the kernel's own view of the same pool, decoded from dmsetup status
        JsonNode dmPool = null;
        for (JsonNode d : doc.get("dm_devices")) {
            if (d.get("name").asText().equals("datavg-tpool-tpool")) {
                dmPool = d.at("/segments/0");
            }
        }
        assertThat(dmPool).isNotNull();
        assertThat(dmPool.get("target").asText()).isEqualTo("thin-pool");
        assertThat(dmPool.get("data_percent").asDouble()).isEqualTo(96.41);
        assertThat(dmPool.get("metadata_percent").asDouble()).isEqualTo(71.23);
        assertThat(dmPool.get("pool_mode").asText()).isEqualTo("rw");
        assertThat(dmPool.get("needs_check").asBoolean()).isFalse();
        assertThat(out.text("etc/lvm/lvm.conf")).contains("thin_pool_autoextend_threshold = 80");
        assertThat(out.text("etc/lvm/backup/datavg")).contains("datavg {");
        assertThat(out.text("sos_commands/lvm/dmsetup_status")).contains("thin-pool");

        var scrape = ScrapeHarness.scrape(c, host);
        assertThat(scrape.value("jsos_lvm_lv_data_ratio", "vg", "datavg", "lv", "tpool")).contains(0.9641);
        assertThat(scrape.value("jsos_lvm_lv_metadata_ratio", "vg", "datavg", "lv", "tpool")).contains(0.7123);
        assertThat(scrape.value("jsos_lvm_lv_healthy", "vg", "datavg", "lv", "r1")).contains(0.0);
        assertThat(scrape.value("jsos_lvm_lv_healthy", "vg", "datavg", "lv", "tpool")).contains(1.0);
        assertThat(scrape.value("jsos_lvm_vg_free_bytes", "vg", "datavg")).contains(4194304.0);
        assertThat(scrape.value("jsos_lvm_vg_missing_pvs", "vg", "datavg")).contains(1.0);
        assertThat(scrape.value("jsos_lvm_lv_info", "vg", "datavg", "lv", "pvc-5f1c", "pool", "tpool")).contains(1.0);
    }

    @Test
    void unexpectedFieldsAreIgnoredAndGarbageIsRecorded() {
        Host host = FixtureHost.in(tmp.resolve("root"))
                // a future lvm2 with fields jsos does not know, values of the wrong shape, no vg_free
                .command("vgs", "{\"report\":[{\"vg\":[{\"vg_name\":\"v\",\"vg_size\":\"12B\",\"vg_free\":\"lots\","
                        + "\"vg_new_thing\":{\"x\":1},\"pv_count\":7}]}],\"log\":[{\"log_seq_num\":\"1\"}]}", 0)
                .command("pvs", "Segmentation fault\n<<<", 139)
                .command("lvs", "{\"report\": {\"lv\": []}}", 0)
                .command("dmsetup", "No devices found\n", 0)
                .build();
        BundleOutcome out = CollectorHarness.collect(new LvmCollector(), host, tmp.resolve("work"));
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        JsonNode doc = out.json();
        assertThat(doc.at("/vgs/0/name").asText()).isEqualTo("v");
        assertThat(doc.at("/vgs/0/size_bytes").asLong()).isEqualTo(12);
        assertThat(doc.at("/vgs/0/free_bytes").isNull()).isTrue();
        assertThat(doc.at("/vgs/0/pv_count").asInt()).isEqualTo(7);
        assertThat(doc.get("pvs")).isEmpty();
        assertThat(doc.get("lvs")).isEmpty();
        assertThat(doc.get("dm_devices")).isEmpty();
        assertThat(doc.get("errors").toString()).contains("pvs", "exit 139", "not JSON", "Segmentation fault",
                "lvs: unexpected report: no \\\"report\\\" array");
        assertThat(out.text("sos_commands/lvm/pvs.json")).contains("Segmentation fault");
        assertThat(out.entry().errors().toString()).contains("exit 139");
    }

    @Test
    void aHungLvsIsKilledAtItsTimeoutAndRecorded() {
        Host host = FixtureHost.in(tmp.resolve("root"))
                .commandScript("lvs", "#!/bin/sh\nexec sleep 1000\n")
                .command("vgs", "{\"report\":[{\"vg\":[]}]}", 0)
                .command("pvs", "{\"report\":[{\"pv\":[]}]}", 0)
                .build();
        BundleOutcome out = CollectorHarness.collect(new LvmCollector(), host, tmp.resolve("work"), Redactor.none(),
                Map.of("timeout", "1s"), Duration.ofSeconds(20));
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        assertThat(out.json().get("errors").toString()).contains("lvs", "timed out");
        assertThat(out.entry().commands().toString()).contains("lvs");
    }

    private static JsonNode lv(JsonNode doc, String name) {
        for (JsonNode l : doc.get("lvs")) {
            if (l.get("name").asText().equals(name)) {
                return l;
            }
        }
        throw new AssertionError("no LV " + name + " in " + doc.get("lvs"));
    }

    @Test
    void aScrapeOnANodeWithLvm2ButNoVolumeGroupRunsNoCommand() {
        // lvm2 is installed nearly everywhere; three process starts per scrape for nothing add up.
        Path called = tmp.resolve("called");
        String record = "#!/bin/sh\necho \"$0\" >> " + called + "\nexit 1\n";
        Host host = FixtureHost.in(tmp.resolve("bare"))
                .commandScript("lvs", record).commandScript("pvs", record).commandScript("vgs", record)
                .file("/etc/lvm/lvm.conf", "global {}\n").build();
        assertThat(new LvmCollector().applies(host).applies()).isTrue();
        assertThat(LvmCollector.mayHaveVolumeGroups(host)).isFalse();
        assertThat(ScrapeHarness.scrape(new LvmCollector(), host).samples()).isEmpty();
        assertThat(called).as("lvm2 commands run by the scrape").doesNotExist();
        // The bundle still asks: a missing backup folder is no proof there is no VG.
        CollectorHarness.collect(new LvmCollector(), host, tmp.resolve("work"));
        assertThat(called).exists();
    }
}
