package io.jsos.perf;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

class PerfAbiTest {

    @Test
    void attrLayoutMatchesTheKernelStruct() {
        byte[] a = PerfAbi.encodeAttr(PerfAbi.TYPE_HW_CACHE, 0x10002, 7, 9,
                PerfAbi.ATTR_DISABLED | PerfAbi.ATTR_INHERIT | PerfAbi.ATTR_EXCLUDE_KERNEL | PerfAbi.ATTR_EXCLUDE_HV);
        assertThat(a).hasSize(112);
        ByteBuffer b = ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).isEqualTo(3);                  // type
        assertThat(b.getInt(4)).isEqualTo(112);                // size = PERF_ATTR_SIZE_VER5
        assertThat(b.getLong(8)).isEqualTo(0x10002);           // config
        assertThat(b.getLong(16)).isZero();                    // sample_period: counting
        assertThat(b.getLong(32)).isEqualTo(1 | 2 | 8);        // TOTAL_TIME_ENABLED|RUNNING|GROUP
        assertThat(b.getLong(40)).isEqualTo(0b110_0011);       // disabled, inherit, exclude_kernel(5), exclude_hv(6)
        assertThat(b.getLong(56)).isEqualTo(7);                // config1
        assertThat(b.getLong(64)).isEqualTo(9);                // config2
        for (int i = 72; i < 112; i++) {
            assertThat(a[i]).as("byte %d", i).isZero();
        }
    }

    @Test
    void syscallNumbersAndIoctls() {
        assertThat(PerfAbi.syscallNumber("amd64")).isEqualTo(298);
        assertThat(PerfAbi.syscallNumber("x86_64")).isEqualTo(298);
        assertThat(PerfAbi.syscallNumber("aarch64")).isEqualTo(241);
        assertThat(PerfAbi.syscallNumber("ppc64le")).isEqualTo(-1);
        assertThat(PerfAbi.IOC_ENABLE).isEqualTo(('$' << 8));
        assertThat(PerfAbi.IOC_RESET).isEqualTo(('$' << 8) | 3);
        assertThat(PerfAbi.FLAG_PID_CGROUP).isEqualTo(4);
    }

    @Test
    void cacheConfigAndScaling() {
        assertThat(PerfAbi.cacheConfig(PerfAbi.CACHE_LL, PerfAbi.CACHE_OP_READ, PerfAbi.CACHE_RESULT_MISS)).isEqualTo(0x10002);
        assertThat(PerfAbi.scale(100, 10, 5)).isEqualTo(200);
        assertThat(PerfAbi.scale(100, 10, 10)).isEqualTo(100);
        assertThat(PerfAbi.scale(100, 10, 0)).isZero();
        assertThat(PerfAbi.groupReadSize(2)).isEqualTo(40);
    }

    @Test
    void groupReadParsing() {
        var events = java.util.List.of(EventCatalog.named("task-clock").orElseThrow(), EventCatalog.named("cs").orElseThrow());
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.nativeOrder());
        b.putLong(2).putLong(1000).putLong(500).putLong(42).putLong(7);
        var counts = CounterGroup.parseGroupRead(b.array(), 40, events);
        assertThat(counts.get(0).raw()).isEqualTo(42);
        assertThat(counts.get(0).scaled()).isEqualTo(84);
        assertThat(counts.get(1).event().name()).isEqualTo("context-switches");
        assertThat(counts.get(1).scalingRatio()).isEqualTo(0.5);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CounterGroup.parseGroupRead(b.array(), 16, events))
                .isInstanceOf(CounterGroup.PerfReadException.class);
        ByteBuffer wrong = ByteBuffer.allocate(40).order(ByteOrder.nativeOrder()).putLong(3);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CounterGroup.parseGroupRead(wrong.array(), 40, events))
                .hasMessageContaining("3 values");
    }
}
