package io.jsos.collectors.processes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

class ProcStatTest {

    /** A real line from a Debian 12 container's /proc/1/stat. */
    private static final String REAL = "1 (process_api) S 0 0 0 0 -1 4194560 29982 300730 0 139 31 216 619 405 10 -10 13 0 25 "
            + "43085824 3060 18446744073709551615 1 1 0 0 0 0 0 4096 1256 0 0 0 17 5 0 0 0 0 0 0 0 0 0 0 0 0 0";

    @Test
    void parsesEveryFieldOfARealLine() {
        ProcStat s = ProcStat.parse(REAL).orElseThrow();
        assertThat(s.pid()).isEqualTo(1);
        assertThat(s.comm()).isEqualTo("process_api");
        assertThat(s.state()).isEqualTo("S");
        assertThat(s.ppid()).isZero();
        assertThat(s.pgrp()).isZero();
        assertThat(s.session()).isZero();
        assertThat(s.ttyNr()).isZero();
        assertThat(s.minflt()).isEqualTo(29982);
        assertThat(s.majflt()).isZero();
        assertThat(s.utime()).isEqualTo(31);
        assertThat(s.stime()).isEqualTo(216);
        assertThat(s.priority()).isEqualTo(10);
        assertThat(s.nice()).isEqualTo(-10);
        assertThat(s.numThreads()).isEqualTo(13);
        assertThat(s.starttime()).isEqualTo(25);
        assertThat(s.vsize()).isEqualTo(43085824);
        assertThat(s.rss()).isEqualTo(3060);
        assertThat(s.processor()).isEqualTo(5);
    }

    @Test
    void acceptsATrailingNewline() {
        assertThat(ProcStat.parse(REAL + "\n")).isPresent();
    }

    @Test
    void commWithSpacesAndParenthesesIsCutAtTheLastParenthesis() {
        ProcStat s = ProcStat.parse(StatLines.line(42, "my (weird) prog", "R", 1, 1, 2, 0, 1, 3, 4)).orElseThrow();
        assertThat(s.comm()).isEqualTo("my (weird) prog");
        assertThat(s.state()).isEqualTo("R");
        assertThat(s.ppid()).isEqualTo(1);
    }

    @Test
    void commThatLooksLikeTheRestOfTheLineDoesNotFoolTheParser() {
        // A program can name itself ") S 1 2 3"; only the last ')' ends the comm.
        ProcStat s = ProcStat.parse(StatLines.line(42, ") S 1 2 3", "D", 7, 1, 2, 0, 1, 3, 4)).orElseThrow();
        assertThat(s.comm()).isEqualTo(") S 1 2 3");
        assertThat(s.state()).isEqualTo("D");
        assertThat(s.ppid()).isEqualTo(7);
    }

    @Test
    void emptyComm() {
        assertThat(ProcStat.parse(StatLines.line(42, "", "S", 1, 1, 2, 0, 1, 3, 4)).orElseThrow().comm()).isEmpty();
    }

    @Test
    void kernelThread() {
        ProcStat s = ProcStat.parse("2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 5 0 0 20 0 1 0 25 0 0 "
                + "18446744073709551615 0 0 0 0 0 0 0 2147483647 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0").orElseThrow();
        assertThat(s.comm()).isEqualTo("kthreadd");
        assertThat(s.rss()).isZero();
        assertThat(s.vsize()).isZero();
    }

    @Test
    void realtimeAndNegativeValues() {
        ProcStat s = ProcStat.parse("17 (migration/1) S 2 0 0 0 -1 69238848 0 0 0 0 0 12 0 0 -100 0 1 0 30 0 0 "
                + "18446744073709551615 0 0 0 0 0 0 0 2147483647 0 0 0 0 17 1 99 1 0 0 0 0 0 0 0 0 0 0 0").orElseThrow();
        assertThat(s.priority()).isEqualTo(-100);
    }

    @Test
    void hugeValuesAreClampedNotRejected() {
        String line = "5 (big) S 1 5 5 0 -1 0 99999999999999999999999 0 0 0 18446744073709551615 18446744073709551615 0 0 20 0 1 0 "
                + "99999999999999999999 18446744073709551615 9223372036854775807 0 0 0 0 0 0 0 0 0 0 0 0 0 17 99999999999 0";
        ProcStat s = ProcStat.parse(line).orElseThrow();
        assertThat(s.minflt()).isEqualTo(Long.MAX_VALUE);
        assertThat(s.utime()).isEqualTo(Long.MAX_VALUE);
        assertThat(s.stime()).isEqualTo(Long.MAX_VALUE);
        assertThat(s.starttime()).isEqualTo(Long.MAX_VALUE);
        assertThat(s.vsize()).isEqualTo(Long.MAX_VALUE);
        assertThat(s.rss()).isEqualTo(Long.MAX_VALUE);
        assertThat(s.processor()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void olderKernelsWithoutProcessorStillParse() {
        String upToRss = "9 (old) S 1 9 9 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 100 1000 10";
        ProcStat s = ProcStat.parse(upToRss).orElseThrow();
        assertThat(s.rss()).isEqualTo(10);
        assertThat(s.processor()).isEqualTo(-1);
    }

    @Test
    void everyTruncationOfALineIsEmptyOrValidButNeverThrows() {
        int rssStart = REAL.indexOf(" 3060 ") + 1;
        for (int i = 0; i <= REAL.length(); i++) {
            String cut = REAL.substring(0, i);
            assertThatNoException().isThrownBy(() -> ProcStat.parse(cut));
            if (i <= rssStart) {
                // cut before the rss field begins: too few fields (a cut inside rss reads as a smaller number)
                assertThat(ProcStat.parse(cut)).as("cut at %d: %s", i, cut).isEmpty();
            } else {
                assertThat(ProcStat.parse(cut)).as("cut at %d: %s", i, cut).isPresent();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "   ",
            "\n",
            "garbage",
            "1 (systemd",
            "1 systemd) S 0",
            "(systemd) S 0 1 1 0 -1 4194560 29982 300730 0 139 31 216 619 405 20 0 1 0 25 43085824 3060",
            "x (systemd) S 0 1 1 0 -1 4194560 29982 300730 0 139 31 216 619 405 20 0 1 0 25 43085824 3060",
            "-1 (systemd) S 0 1 1 0 -1 4194560 29982 300730 0 139 31 216 619 405 20 0 1 0 25 43085824 3060",
            "1 (systemd) SS 0 1 1 0 -1 4194560 29982 300730 0 139 31 216 619 405 20 0 1 0 25 43085824 3060",
            "1 (systemd) 7 0 1 1 0 -1 4194560 29982 300730 0 139 31 216 619 405 20 0 1 0 25 43085824 3060",
            "1 (systemd) S 0 1 1 0 -1 4194560 29982 300730 0 139 abc 216 619 405 20 0 1 0 25 43085824 3060",
            "1 (systemd) S 0 1 1 0 -1 4194560 29982 300730 0 139 31 216 619 405 20 0 1 0 25 43085824 3.5",
            "1 (systemd) S 0 1 1 0 -1 4194560 29982 300730 0 139 31 216 619 405 20 0 1 0 - 43085824 3060",
            "1 (systemd) S",
            "\0\0\0\0",
    })
    void malformedLinesAreEmpty(String line) {
        assertThat(ProcStat.parse(line)).isEmpty();
    }

    @Test
    void nullIsEmpty() {
        assertThat(ProcStat.parse(null)).isEmpty();
    }

    @Test
    void theReasonNamesTheBadField() {
        String bad = StatLines.line(3, "x", "S", 1, 1, 2, 0, 1, 3, 4).replace(" 4194560 1000 0 2 0 1 2 ", " 4194560 1000 0 2 0 NaN 2 ");
        ProcStat.Result r = ProcStat.parseWithReason(bad);
        assertThat(r.stat()).isNull();
        assertThat(r.problem()).contains("field 14").contains("NaN");
        assertThat(ProcStat.parseWithReason("1 (a) S 1").problem()).contains("truncated");
    }

    @Test
    void theStateAloneIsTheFullParsesState() {
        for (String line : new String[] {REAL, REAL + "\n", StatLines.line(42, "my (weird) prog", "R", 1, 1, 2, 0, 1, 3, 4),
                StatLines.line(42, ") S 1 2 3", "D", 7, 1, 2, 0, 1, 3, 4), StatLines.line(9, "", "Z", 1, 0, 0, 0, 1, 0, 0)}) {
            assertThat(ProcStat.stateOnly(line)).as(line).isEqualTo(ProcStat.parse(line).orElseThrow().state());
        }
        // A scrape needs the letter only: a line cut after it still counts its thread.
        assertThat(ProcStat.stateOnly("1 (systemd) S")).isEqualTo("S");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "1 (systemd", "1 systemd) S 0", "1 (systemd) SS 0 1", "1 (systemd) 7 0 1",
            "1 (systemd)", "1 (systemd) ", "1 (systemd)S 0", "\0\0\0\0"})
    void noStateLetterIsNull(String line) {
        assertThat(ProcStat.stateOnly(line)).isNull();
    }
}
