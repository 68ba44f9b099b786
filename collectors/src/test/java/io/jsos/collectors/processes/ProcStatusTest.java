package io.jsos.collectors.processes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcStatusTest {

    private static final String SSHD = """
            Name:\tsshd
            Umask:\t0022
            State:\tS (sleeping)
            Tgid:\t812
            Ngid:\t0
            Pid:\t812
            PPid:\t1
            TracerPid:\t0
            Uid:\t0\t1000\t0\t1000
            Gid:\t0\t1001\t0\t1001
            FDSize:\t64
            VmPeak:\t   15420 kB
            VmSize:\t   15420 kB
            VmRSS:\t    9120 kB
            Threads:\t1
            voluntary_ctxt_switches:\t1234
            nonvoluntary_ctxt_switches:\t56
            """;

    @Test
    void parsesTheFieldsPsUses() {
        ProcStatus s = ProcStatus.parse(SSHD);
        assertThat(s.name()).isEqualTo("sshd");
        assertThat(s.state()).isEqualTo("S");
        assertThat(s.ppid()).isEqualTo(1);
        assertThat(s.realUid()).isZero();
        assertThat(s.uid()).as("effective uid").isEqualTo(1000);
        assertThat(s.gid()).isEqualTo(1001);
        assertThat(s.vmRssKib()).isEqualTo(9120);
        assertThat(s.threads()).isEqualTo(1);
        assertThat(s.voluntaryCtxtSwitches()).isEqualTo(1234);
        assertThat(s.nonvoluntaryCtxtSwitches()).isEqualTo(56);
    }

    @Test
    void kernelThreadHasNoRss() {
        ProcStatus s = ProcStatus.parse("Name:\tkworker/0:1\nState:\tI (idle)\nPPid:\t2\nUid:\t0\t0\t0\t0\nThreads:\t1\n");
        assertThat(s.vmRssKib()).isEqualTo(-1);
        assertThat(s.state()).isEqualTo("I");
        assertThat(s.uid()).isZero();
    }

    @Test
    void nameWithSpacesKeepsThem() {
        assertThat(ProcStatus.parse("Name:\tmy  prog \n").name()).isEqualTo("my  prog ");
    }

    @Test
    void emptyNullAndGarbageGiveUnknowns() {
        for (String text : new String[] {null, "", "garbage\n\n:::\n", "Uid:\n", "Uid:\tx\ty\n", "VmRSS:\tlots kB\n", "State:\t\n"}) {
            ProcStatus s = ProcStatus.parse(text);
            assertThat(s.uid()).as(String.valueOf(text)).isEqualTo(-1);
            assertThat(s.vmRssKib()).isEqualTo(-1);
            assertThat(s.ppid()).isEqualTo(-1);
            assertThat(s.state()).isNull();
        }
    }

    @Test
    void truncatedFileKeepsWhatItHas() {
        String cut = SSHD.substring(0, SSHD.indexOf("Gid:") + 6);
        ProcStatus s = ProcStatus.parse(cut);
        assertThat(s.uid()).isEqualTo(1000);
        assertThat(s.gid()).as("the Gid line was cut before its effective gid").isEqualTo(-1);
        assertThat(s.vmRssKib()).isEqualTo(-1);
    }

    @Test
    void uidLineWithOneValueHasNoEffectiveUid() {
        ProcStatus s = ProcStatus.parse("Uid:\t5\n");
        assertThat(s.realUid()).isEqualTo(5);
        assertThat(s.uid()).isEqualTo(-1);
    }
}
