package io.jsos.cgroups;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LimitTest {

    @Test
    void v2MaxIsUnlimited() {
        assertThat(Limit.parse("max\n")).isEqualTo(Limit.UNLIMITED);
        assertThat(Limit.parse("536870912\n")).isEqualTo(Limit.of(536_870_912));
        assertThat(Limit.parse("0")).isEqualTo(Limit.of(0));
    }

    @Test
    void v2GarbageIsNull() {
        assertThat(Limit.parse("maximum")).isNull();
        assertThat(Limit.parse("")).isNull();
        assertThat(Limit.parse("12 34")).isNull();
        assertThat(Limit.parse(null)).isNull();
    }

    @Test
    void v1MemoryNearTwoToThe63IsUnlimited() {
        assertThat(Limit.parseV1Bytes("9223372036854771712\n")).isEqualTo(Limit.UNLIMITED);
        // 64 KiB pages round PAGE_COUNTER_MAX differently; unsigned max shows up too
        assertThat(Limit.parseV1Bytes("9223372036854710272")).isEqualTo(Limit.UNLIMITED);
        assertThat(Limit.parseV1Bytes("18446744073709551615")).isEqualTo(Limit.UNLIMITED);
        assertThat(Limit.parseV1Bytes("-1")).isEqualTo(Limit.UNLIMITED);
        assertThat(Limit.parseV1Bytes("268435456")).isEqualTo(Limit.of(268_435_456));
    }

    @Test
    void v1QuotaMinusOneIsUnlimited() {
        assertThat(Limit.parseV1Quota("-1\n")).isEqualTo(Limit.UNLIMITED);
        assertThat(Limit.parseV1Quota("50000")).isEqualTo(Limit.of(50_000));
        assertThat(Limit.parseV1Quota("half")).isNull();
    }

    @Test
    void jsonIsNumberOrMax() {
        assertThat(Limit.UNLIMITED.json()).isEqualTo("max");
        assertThat(Limit.of(5).json()).isEqualTo(5L);
        assertThat(Limit.UNLIMITED).hasToString("max");
    }
}
