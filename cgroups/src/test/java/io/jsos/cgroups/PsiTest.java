package io.jsos.cgroups;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PsiTest {

    @Test
    void someAndFull() {
        Psi p = Psi.parse("some avg10=27.39 avg60=21.91 avg300=25.75 total=277940987\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
        assertThat(p.some()).isEqualTo(new Psi.Line(27.39, 21.91, 25.75, 277_940_987));
        assertThat(p.full().totalUs()).isZero();
    }

    @Test
    void olderKernelsHaveNoFullLineForCpu() {
        Psi p = Psi.parse("some avg10=0.10 avg60=0.05 avg300=0.00 total=1234\n");
        assertThat(p.full()).isNull();
        assertThat(p.some().totalUs()).isEqualTo(1234);
    }

    @Test
    void unknownFieldsIgnoredBrokenLinesDropped() {
        Psi p = Psi.parse("some avg10=1.00 avg60=2.00 avg300=3.00 total=4 avg3600=9.9\nfull avg10=x avg60=0 avg300=0 total=0\n");
        assertThat(p.some().avg300()).isEqualTo(3.0);
        assertThat(p.full()).isNull();
    }

    @Test
    void nothingUsable() {
        assertThat(Psi.parse("")).isNull();
        assertThat(Psi.parse("some total=5\n")).isNull();
        assertThat(Psi.parse(null)).isNull();
    }
}
