package io.jsos.cgroups;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CpuMaxTest {

    @Test
    void quotaAndPeriod() {
        assertThat(CpuMax.parse("50000 100000\n")).isEqualTo(new CpuMax(Limit.of(50_000), 100_000));
    }

    @Test
    void maxQuota() {
        assertThat(CpuMax.parse("max 100000")).isEqualTo(new CpuMax(Limit.UNLIMITED, 100_000));
    }

    @Test
    void quotaAloneTakesTheDefaultPeriod() {
        assertThat(CpuMax.parse("max")).isEqualTo(new CpuMax(Limit.UNLIMITED, 100_000));
    }

    @Test
    void malformed() {
        assertThat(CpuMax.parse("banana")).isNull();
        assertThat(CpuMax.parse("50000 0")).isNull();
        assertThat(CpuMax.parse("1 2 3")).isNull();
        assertThat(CpuMax.parse("")).isNull();
        assertThat(CpuMax.parse(null)).isNull();
    }
}
