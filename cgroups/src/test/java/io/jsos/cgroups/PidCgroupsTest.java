package io.jsos.cgroups;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PidCgroupsTest {

    @Test
    void hybridProcess() {
        List<PidCgroups.Membership> m = PidCgroups.parse("9:name=systemd:/\n4:memory:/process_api/cc55\n3:cpu,cpuacct:/\n0::/\n");
        assertThat(m).hasSize(4);
        assertThat(m.get(0).controllers()).containsExactly("name=systemd");
        assertThat(m.get(1).path()).isEqualTo("/process_api/cc55");
        assertThat(m.get(2).controllers()).containsExactly("cpu", "cpuacct");
        assertThat(m.get(3).isV2()).isTrue();
    }

    @Test
    void pathsWithColonsAndNamespaceEscapes() {
        List<PidCgroups.Membership> m = PidCgroups.parse("0::/system.slice/a:b.service\n0::/../../kubepods.slice\n");
        assertThat(m.get(0).path()).isEqualTo("/system.slice/a:b.service");
        assertThat(m.get(1).path()).startsWith("/..");
    }

    @Test
    void garbageSkipped() {
        assertThat(PidCgroups.parse("nonsense\nx:memory:/a\n1:memory:relative\n")).isEmpty();
        assertThat(PidCgroups.parse(null)).isEmpty();
    }
}
