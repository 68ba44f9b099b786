package io.jsos.cgroups;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProcCgroupsTest {

    @Test
    void thisMachinesFile() {
        List<ProcCgroups.Subsystem> s = ProcCgroups.parse("#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpuset\t3\t1\t1\n"
                + "memory\t4\t12\t1\nnet_cls\t0\t1\t1\nhugetlb\t0\t1\t0\n");
        assertThat(s).containsExactly(new ProcCgroups.Subsystem("cpuset", 3, 1, true),
                new ProcCgroups.Subsystem("memory", 4, 12, true), new ProcCgroups.Subsystem("net_cls", 0, 1, true),
                new ProcCgroups.Subsystem("hugetlb", 0, 1, false));
    }

    @Test
    void malformedLinesSkipped() {
        assertThat(ProcCgroups.parse("cpu 1 2\nmemory x 1 1\n\npids 8 1 1 extra\n")).extracting(ProcCgroups.Subsystem::name)
                .containsExactly("pids");
        assertThat(ProcCgroups.parse(null)).isEmpty();
    }
}
