package io.jsos.collectors.processes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KernelWaitTest {

    @Test
    void wchanSymbol() {
        assertThat(KernelWait.wchan("io_schedule")).isEqualTo("io_schedule");
        assertThat(KernelWait.wchan("ep_poll\n")).isEqualTo("ep_poll");
    }

    @Test
    void notWaiting() {
        assertThat(KernelWait.wchan("0")).isNull();
        assertThat(KernelWait.wchan("")).isNull();
        assertThat(KernelWait.wchan(null)).isNull();
        assertThat(KernelWait.wchan("two\nlines")).isNull();
        assertThat(KernelWait.wchan("x".repeat(1000))).isNull();
    }

    @Test
    void stackFramesWithoutAddresses() {
        assertThat(KernelWait.stack("""
                [<0>] io_schedule+0x12/0x40
                [<ffffffffc0a1b2c3>] nfs_file_fsync+0x9e/0x1d0 [nfs]
                [<0>] do_syscall_64+0x58/0xc0

                """)).containsExactly("io_schedule+0x12/0x40", "nfs_file_fsync+0x9e/0x1d0 [nfs]", "do_syscall_64+0x58/0xc0");
    }

    @Test
    void stackWithoutAddressPrefixOrEmpty() {
        assertThat(KernelWait.stack("schedule+0x1\n")).containsExactly("schedule+0x1");
        assertThat(KernelWait.stack("")).isEmpty();
        assertThat(KernelWait.stack(null)).isEmpty();
    }
}
