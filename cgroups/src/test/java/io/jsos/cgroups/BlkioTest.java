package io.jsos.cgroups;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BlkioTest {

    @Test
    void serviceBytesPerDeviceWithoutTheGrandTotal() {
        Map<String, Stats> m = Blkio.parseOps("8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 8192\n8:0 Async 4096\n8:0 Discard 0\n"
                + "8:0 Total 12288\n8:16 Read 1\n8:16 Total 1\nTotal 12289\n");
        assertThat(m).containsOnlyKeys("8:0", "8:16");
        assertThat(m.get("8:0").get("Read")).isEqualTo(4096);
        assertThat(m.get("8:0").get("Total")).isEqualTo(12288);
    }

    @Test
    void malformedOpsLinesSkipped() {
        Map<String, Stats> m = Blkio.parseOps("8:0 Read x\nnot a line\n8:0 Write 3\nx:y Read 1\n");
        assertThat(m.get("8:0").get("Write")).isEqualTo(3);
        assertThat(m.get("8:0").malformed()).isEqualTo(1);
        assertThat(m).containsOnlyKeys("8:0");
    }

    @Test
    void throttleDeviceLimits() {
        assertThat(Blkio.parseDeviceLimits("8:0 10485760\n8:16 100\n")).containsExactly(
                Map.entry("8:0", 10_485_760L), Map.entry("8:16", 100L));
        assertThat(Blkio.parseDeviceLimits("\n")).isEmpty();
        assertThat(Blkio.parseDeviceLimits("8:0\n8:0 a\n")).isEmpty();
    }
}
