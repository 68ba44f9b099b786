package io.jsos.storage.lvm;

import io.jsos.storage.StorageJson;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Parsers on the outputs a real device-mapper node prints (recorded in a guest with an active thin pool). */
class LvmReportTest {

    @Test
    void activeThinPoolFromARealKernel() throws Exception {
        // lvm2 2.03.16 with "-o +..." on top of the defaults: duplicate keys, the last one wins
        String json = "{\"report\":[{\"lv\":[{\"lv_name\":\"tpool\", \"vg_name\":\"vmvg\", \"lv_attr\":\"twi-aotz--\", \"lv_size\":\"268435456\","
                + " \"pool_lv\":\"\", \"origin\":\"\", \"data_percent\":\"15.62\", \"metadata_percent\":\"11.23\", \"data_percent\":\"15.62\","
                + " \"lv_active\":\"active\", \"lv_dm_path\":\"/dev/mapper/vmvg-tpool\", \"lv_kernel_major\":\"253\", \"lv_kernel_minor\":\"3\","
                + " \"segtype\":\"thin-pool\", \"lv_role\":\"private,thin,pool\"},"
                + "{\"lv_name\":\"thinsnap0\", \"vg_name\":\"vmvg\", \"lv_attr\":\"Vwi---tz-k\", \"lv_size\":\"134217728\", \"pool_lv\":\"tpool\","
                + " \"origin\":\"thin0\", \"data_percent\":\"\", \"lv_active\":\"\", \"segtype\":\"thin\"}]}]}";
        List<LvmModel.Lv> lvs = LvmReport.lvs(StorageJson.parse(json));
        LvmModel.Lv pool = lvs.get(0);
        assertThat(pool.data_percent()).isEqualTo(15.62);
        assertThat(pool.metadata_percent()).isEqualTo(11.23);
        assertThat(pool.active()).isTrue();
        assertThat(pool.health()).isEqualTo("ok");
        assertThat(pool.dm_path()).isEqualTo("/dev/mapper/vmvg-tpool");
        assertThat(pool.attr_decoded()).containsEntry("volume_type", "thin pool").containsEntry("open", true)
                .containsEntry("target_type", "thin").containsEntry("zeroed", true);
        LvmModel.Lv snap = lvs.get(1);
        assertThat(snap.active()).isFalse();                  // state '-': really inactive (skip-activation flag)
        assertThat(snap.attr_decoded()).containsEntry("skip_activation", true);
        assertThat(snap.data_percent()).isNull();
    }

    @Test
    void dmsetupStatusOfARealKernel() {
        List<LvmModel.DmDevice> dm = DmTables.parse(
                "vmvg-tpool-tpool: 0 524288 thin-pool 253:1 253:2 128 0 0\nvmvg-snap0: 0 131072 snapshot 253:4 253:5 P 8\n",
                "vmvg-tpool-tpool: 0 524288 thin-pool 2 115/1024 640/4096 - rw discard_passdown queue_if_no_space - 256\n"
                        + "vmvg-snap0: 0 131072 snapshot 16464/65536 80\nvmvg-thin0: 0 262144 thin 20480 262143\n"
                        + "vmvg-bad: 0 8 thin-pool Fail\n");
        assertThat(dm).extracting(LvmModel.DmDevice::name).containsExactly("vmvg-tpool-tpool", "vmvg-snap0", "vmvg-thin0", "vmvg-bad");
        LvmModel.DmSegment pool = dm.get(0).segments().get(0);
        assertThat(pool.data_percent()).isEqualTo(15.62);      // 640/4096, what lvs shows as Data%
        assertThat(pool.metadata_percent()).isEqualTo(11.23);  // 115/1024
        assertThat(pool.pool_mode()).isEqualTo("rw");
        assertThat(pool.needs_check()).isFalse();
        assertThat(pool.table()).contains("253:1 253:2");
        assertThat(dm.get(1).segments().get(0).data_percent()).isEqualTo(25.12);
        assertThat(dm.get(2).segments().get(0).data_percent()).isEqualTo(7.81);
        assertThat(dm.get(3).segments().get(0).pool_mode()).isEqualTo("Fail");
        assertThat(dm.get(3).segments().get(0).data_percent()).isNull();
        assertThat(DmTables.parse("No devices found\n", "garbage: x y\n")).isEmpty();
    }

    @Test
    void attributeStringsOfOddShapes() {
        assertThat(LvmReport.decodeLvAttr(null)).isEmpty();
        assertThat(LvmReport.decodeLvAttr("-wi")).isEmpty();
        assertThat(LvmReport.decodeLvAttr("?wi-a-")).containsEntry("volume_type", "unknown (?)").doesNotContainKey("health");
        assertThat(LvmReport.health(null, "twi-aotzD-")).isEqualTo("out of data space");
        assertThat(LvmReport.health(null, "twi-aotzM-")).isEqualTo("metadata read only");
        assertThat(LvmReport.health("failed", "rwi-a-r---")).isEqualTo("failed");
        assertThat(LvmReport.decodeVgAttr("wz--nc")).containsEntry("clustered", true);
        assertThat(LvmReport.decodePvAttr("a-m")).containsEntry("missing", true);
    }
}
