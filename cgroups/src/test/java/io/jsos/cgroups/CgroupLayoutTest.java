package io.jsos.cgroups;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CgroupLayoutTest {

    private static final String PROC_CGROUPS = "#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpuset\t3\t1\t1\ncpu\t1\t1\t1\n"
            + "cpuacct\t2\t1\t1\nmemory\t4\t12\t1\npids\t8\t1\t1\nhugetlb\t0\t1\t1\n";

    private static CgroupLayout layout(String mountinfo, String procCgroups, String self, String v2Controllers) {
        return CgroupLayout.of(Mountinfo.parse(mountinfo), ProcCgroups.parse(procCgroups), PidCgroups.parse(self),
                mp -> v2Controllers, "test");
    }

    @Test
    void hybridLikeThisMachine() {
        CgroupLayout l = layout("32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n"
                + "33 31 0:30 / /sys/fs/cgroup/cpuacct rw - cgroup cgroup rw,cpuacct\n"
                + "35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
                + "39 31 0:36 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids\n"
                + "40 31 0:37 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,name=systemd\n"
                + "41 31 0:38 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n", PROC_CGROUPS, "0::/\n", "hugetlb\n");
        assertThat(l.mode()).isEqualTo(CgroupLayout.Mode.HYBRID);
        assertThat(l.hierarchies()).extracting(Hierarchy::label)
                .containsExactly("cpu", "cpuacct", "memory", "pids", "name=systemd", "unified");
        assertThat(l.hierarchies().get(2).id()).isEqualTo(4);
        assertThat(l.hierarchies().get(4).id()).isEqualTo(-1);
        assertThat(l.hierarchies().get(5).controllers()).containsExactly("hugetlb");
        assertThat(l.namespaced()).isFalse();
        assertThat(l.summary()).startsWith("hybrid: v1 cpu; cpuacct; memory; pids; name=systemd + v2 at /sys/fs/cgroup/unified [hugetlb]");
        assertThat(l.notes()).as("cpuset is on hierarchy 3 but not mounted").anyMatch(n -> n.contains("cpuset"));
    }

    @Test
    void pureV2() {
        CgroupLayout l = layout("26 22 0:24 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n",
                "#h\ncpu\t0\t5\t1\nmemory\t0\t5\t1\n", "0::/user.slice\n", "cpuset cpu io memory pids\n");
        assertThat(l.mode()).isEqualTo(CgroupLayout.Mode.V2);
        assertThat(l.hierarchies()).hasSize(1);
        assertThat(l.hierarchies().get(0).controllers()).containsExactly("cpuset", "cpu", "io", "memory", "pids");
        assertThat(l.hierarchies().get(0).label()).isEqualTo("unified");
    }

    @Test
    void pureV1WithCoMountedControllers() {
        CgroupLayout l = layout("31 30 0:27 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd\n"
                + "34 30 0:30 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
                + "35 30 0:31 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n", PROC_CGROUPS, "", null);
        assertThat(l.mode()).isEqualTo(CgroupLayout.Mode.V1);
        assertThat(l.hierarchies()).extracting(Hierarchy::label).containsExactly("name=systemd", "cpu,cpuacct", "memory");
    }

    @Test
    void bindMountsOfOneHierarchyCountOnce() {
        CgroupLayout l = layout("700 690 0:32 /kubepods/x /host/memory ro - cgroup cgroup rw,memory\n"
                + "35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n", PROC_CGROUPS, "", null);
        assertThat(l.hierarchies()).hasSize(1);
        assertThat(l.hierarchies().get(0).mountPoint()).isEqualTo("/sys/fs/cgroup/memory");
    }

    @Test
    void containerViewIsNamespaced() {
        CgroupLayout l = layout("700 690 0:24 /kubepods.slice/x.slice/cri-containerd-a.scope /sys/fs/cgroup ro - cgroup2 cgroup2 rw\n",
                "", "0::/\n", "cpu memory\n");
        assertThat(l.namespaced()).isTrue();
        Hierarchy h = l.hierarchies().get(0);
        assertThat(h.cgroupPath("")).isEqualTo("/kubepods.slice/x.slice/cri-containerd-a.scope");
        assertThat(h.cgroupPath("/sub")).isEqualTo("/kubepods.slice/x.slice/cri-containerd-a.scope/sub");
        assertThat(h.dirOf("/kubepods.slice/x.slice/cri-containerd-a.scope/sub")).isEqualTo("/sys/fs/cgroup/sub");
        assertThat(h.dirOf("/elsewhere")).isNull();
        CgroupLayout ns = layout("26 22 0:24 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n", "", "0::/../../other\n", "");
        assertThat(ns.namespaced()).isTrue();
    }

    @Test
    void noCgroupMounts() {
        CgroupLayout l = layout("28 1 259:2 / / rw - ext4 /dev/nvme0n1p2 rw\n", PROC_CGROUPS, "", null);
        assertThat(l.mode()).isEqualTo(CgroupLayout.Mode.NONE);
        assertThat(l.summary()).isEqualTo("no cgroup hierarchy found");
    }

    @Test
    void withoutProcCgroupsKnownControllerNamesAreUsed() {
        CgroupLayout l = layout("35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory,clone_children\n", "", "", null);
        assertThat(l.hierarchies().get(0).controllers()).containsExactly("memory");
        assertThat(l.hierarchies().get(0).id()).isEqualTo(-1);
    }

    @Test
    void v2WithOnlyNamedV1IsV2() {
        CgroupLayout l = layout("40 31 0:37 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,name=systemd\n"
                + "41 31 0:38 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n", "", "", "cpu memory\n");
        assertThat(l.mode()).isEqualTo(CgroupLayout.Mode.V2);
        assertThat(l.notes()).anyMatch(n -> n.contains("named"));
    }

    @Test
    void treeOrder() {
        List<String> paths = new java.util.ArrayList<>(List.of("/a-c", "/a/b", "/", "/a", "/b", "/a/b/c", "/a.x"));
        paths.sort(CgroupTreeReader::compareTreeOrder);
        assertThat(paths).containsExactly("/", "/a", "/a/b", "/a/b/c", "/a-c", "/a.x", "/b");
    }
}
