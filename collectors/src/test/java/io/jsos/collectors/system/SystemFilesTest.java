package io.jsos.collectors.system;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SystemFilesTest {

    @Test
    void meminfoInBytesSkippingMalformedLines() {
        var m = SystemFiles.parseMeminfo(List.of("MemTotal:       16384 kB", "garbage", "HugePages_Total:   4",
                "Broken:   x kB", ": 5", "MemAvailable:"));
        assertThat(m).containsEntry("MemTotal", 16384L * 1024).containsEntry("HugePages_Total", 4L).hasSize(2);
    }

    @Test
    void loadavg() {
        assertThat(SystemFiles.parseLoadavg("0.52 0.58 0.59 2/1234 5678\n")).hasValueSatisfying(l ->
                assertThat(l).containsExactly(0.52, 0.58, 0.59));
        assertThat(SystemFiles.parseLoadavg("0.52 0.58")).isEmpty();
        assertThat(SystemFiles.parseLoadavg("a b c")).isEmpty();
        assertThat(SystemFiles.parseLoadavg("")).isEmpty();
    }

    @Test
    void uptime() {
        assertThat(SystemFiles.parseUptime("350735.47 234388.90\n")).contains(350735.47);
        assertThat(SystemFiles.parseUptime("")).isEmpty();
        assertThat(SystemFiles.parseUptime("up")).isEmpty();
    }

    @Test
    void osReleaseWithQuotesAndComments() {
        var m = SystemFiles.parseOsRelease(List.of("# comment", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"",
                "ID=debian", "VERSION_ID='12'", "broken line", "=novalue"));
        assertThat(m).containsEntry("PRETTY_NAME", "Debian GNU/Linux 12 (bookworm)").containsEntry("ID", "debian")
                .containsEntry("VERSION_ID", "12").hasSize(3);
    }

    @Test
    void mountsDecodeOctalEscapes() {
        var m = SystemFiles.parseMounts(List.of("/dev/vda1 / ext4 rw,relatime 0 0",
                "server:/x /mnt/my\\040share nfs4 rw 0 0", "short line"));
        assertThat(m).hasSize(2);
        assertThat(m.get(1).mountPoint()).isEqualTo("/mnt/my share");
        assertThat(m.get(1).fsType()).isEqualTo("nfs4");
        assertThat(SystemFiles.unescape("a\\04")).isEqualTo("a\\04");
    }

    @Test
    void cpuinfoOnX86AndArm() {
        var x86 = SystemFiles.parseCpuinfo(List.of("processor\t: 0", "model name\t: AMD EPYC", "", "processor\t: 1",
                "model name\t: AMD EPYC"));
        assertThat(x86).isEqualTo(new SystemFiles.CpuSummary("AMD EPYC", 2));
        var arm = SystemFiles.parseCpuinfo(List.of("processor\t: 0", "BogoMIPS\t: 50.00", "Hardware\t: BCM2835"));
        assertThat(arm).isEqualTo(new SystemFiles.CpuSummary("BCM2835", 1));
        assertThat(SystemFiles.parseCpuinfo(List.of())).isEqualTo(new SystemFiles.CpuSummary(null, 0));
    }
}
