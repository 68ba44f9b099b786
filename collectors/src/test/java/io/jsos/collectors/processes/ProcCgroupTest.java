package io.jsos.collectors.processes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcCgroupTest {

    @Test
    void cgroupV2() {
        assertThat(ProcCgroup.path("0::/kubepods.slice/kubepods-burstable.slice/cri-containerd-abc.scope\n"))
                .isEqualTo("/kubepods.slice/kubepods-burstable.slice/cri-containerd-abc.scope");
    }

    @Test
    void cgroupV1TakesTheMemoryPath() {
        assertThat(ProcCgroup.path("""
                12:pids:/docker/abc
                7:cpu,cpuacct:/docker/abc-cpu
                4:memory:/docker/abc-mem
                1:name=systemd:/docker/abc-sd
                """)).isEqualTo("/docker/abc-mem");
    }

    @Test
    void cgroupV1WithoutMemoryTakesTheFirst() {
        assertThat(ProcCgroup.path("3:cpu,cpuacct:/a\n2:pids:/b\n")).isEqualTo("/a");
    }

    @Test
    void hybridPrefersTheUnifiedPath() {
        assertThat(ProcCgroup.path("""
                4:memory:/system.slice/docker.service
                1:name=systemd:/system.slice/docker.service
                0::/system.slice/docker.service
                """)).isEqualTo("/system.slice/docker.service");
    }

    @Test
    void hybridWithAnEmptyUnifiedPathTakesTheV1One() {
        assertThat(ProcCgroup.path("4:memory:/docker/abc\n0::/\n")).isEqualTo("/docker/abc");
        assertThat(ProcCgroup.path("4:memory:/\n0::/\n")).isEqualTo("/");
        assertThat(ProcCgroup.path("0::/\n")).isEqualTo("/");
    }

    @Test
    void pathMayContainColons() {
        assertThat(ProcCgroup.path("0::/machine.slice/libpod-a:b.scope\n")).isEqualTo("/machine.slice/libpod-a:b.scope");
    }

    @Test
    void garbageEmptyAndNull() {
        assertThat(ProcCgroup.path("")).isNull();
        assertThat(ProcCgroup.path(null)).isNull();
        assertThat(ProcCgroup.path("nonsense\n1:cpu\n")).isNull();
        assertThat(ProcCgroup.path("1:cpu:\n")).isNull();
    }
}
