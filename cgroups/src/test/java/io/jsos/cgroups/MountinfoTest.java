package io.jsos.cgroups;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MountinfoTest {

    @Test
    void cgroupV1Mount() {
        Mountinfo.Mount m = Mountinfo.parseLine("35 31 0:32 / /sys/fs/cgroup/memory rw,relatime shared:8 - cgroup cgroup rw,memory");
        assertThat(m.id()).isEqualTo(35);
        assertThat(m.parentId()).isEqualTo(31);
        assertThat(m.device()).isEqualTo("0:32");
        assertThat(m.root()).isEqualTo("/");
        assertThat(m.mountPoint()).isEqualTo("/sys/fs/cgroup/memory");
        assertThat(m.fsType()).isEqualTo("cgroup");
        assertThat(m.superOptions()).containsExactly("rw", "memory");
    }

    @Test
    void noOptionalFieldsAndSeveral() {
        Mountinfo.Mount m = Mountinfo.parseLine("41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw");
        assertThat(m.fsType()).isEqualTo("cgroup2");
        m = Mountinfo.parseLine("36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 shared:2 propagate_from:3 - ext3 /dev/root rw,errors=continue");
        assertThat(m.root()).isEqualTo("/mnt1");
        assertThat(m.source()).isEqualTo("/dev/root");
    }

    @Test
    void containerViewOfItsOwnCgroup() {
        Mountinfo.Mount m = Mountinfo.parseLine("700 690 0:32 /kubepods/burstable/pod1/abc /sys/fs/cgroup/memory ro,nosuid - cgroup cgroup rw,memory");
        assertThat(m.root()).isEqualTo("/kubepods/burstable/pod1/abc");
    }

    @Test
    void octalEscapesUndone() {
        Mountinfo.Mount m = Mountinfo.parseLine("50 25 0:40 / /mnt/with\\040space\\134x rw - tmpfs my\\011src rw");
        assertThat(m.mountPoint()).isEqualTo("/mnt/with space\\x");
        assertThat(m.source()).isEqualTo("my\tsrc");
        assertThat(Mountinfo.unescape("a\\04")).isEqualTo("a\\04");
        assertThat(Mountinfo.unescape("a\\999b")).isEqualTo("a\\999b");
    }

    @Test
    void malformedLinesSkipped() {
        List<Mountinfo.Mount> ms = Mountinfo.parse("garbage\n"
                + "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime shared:8 cgroup cgroup rw,memory\n"   // no "-"
                + "x 31 0:32 / /a rw - cgroup cgroup rw\n"
                + "35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup\n"                                    // truncated
                + "35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup\n"                             // no super options
                + "\n");
        assertThat(ms).hasSize(1);
        assertThat(ms.get(0).superOptions()).isEmpty();
        assertThat(Mountinfo.parse(null)).isEmpty();
    }
}
