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

    /** The kernel's "0.25" shape is computed without Double.parseDouble: it must give the very same double. */
    @Test
    void fastDecimalsAreWhatParseDoubleGives() {
        java.util.Random r = new java.util.Random(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder().append(r.nextInt(100_000)).append('.');
            for (int d = r.nextInt(8); d >= 0; d--) {
                b.append((char) ('0' + r.nextInt(10)));
            }
            String s = b.toString();
            assertThat(Num.parseDouble(s, 0, s.length())).as(s).isEqualTo(Double.parseDouble(s));
        }
        for (String s : new String[]{"100.00", "0.", ".5", "7", "1e3", "-0.5", "9999999999.999999", "NaN", "1.2.3", "x"}) {
            assertThat(Num.parseDouble(s, 0, s.length())).as(s).isEqualTo(Num.parseDouble(s));
        }
        assertThat(Psi.parse("some avg10=0.1 avg60=1.00 avg300=12.345 total=5\n").some())
                .isEqualTo(new Psi.Line(0.1, 1.0, 12.345, 5));
        assertThat(Psi.parse("  full   avg10=0.00\tavg60=0.00 avg300=0.00 total=9  \r\n").full().totalUs()).isEqualTo(9);
    }
}
