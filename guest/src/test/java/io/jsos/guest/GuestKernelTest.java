package io.jsos.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The initramfs gets exactly the boot modules and what they depend on, read from modules.dep. */
class GuestKernelTest {

    @TempDir
    Path tmp;

    @Test
    void theBootModulesComeWithTheirWholeDependencyClosure() throws Exception {
        Path dep = Files.writeString(tmp.resolve("modules.dep"), """
                kernel/fs/9p/9p.ko: kernel/net/9p/9pnet.ko kernel/fs/fscache/fscache.ko kernel/fs/netfs/netfs.ko
                kernel/net/9p/9pnet.ko:
                kernel/fs/fscache/fscache.ko: kernel/fs/netfs/netfs.ko
                kernel/fs/netfs/netfs.ko:
                kernel/drivers/md/dm-thin-pool.ko: kernel/drivers/md/dm-bio-prison.ko
                kernel/drivers/md/dm-bio-prison.ko:
                garbage line without a colon
                """);
        Map<String, List<String>> deps = GuestKernel.modulesDep(dep);

        assertThat(GuestKernel.closure(deps, List.of("9p"))).containsExactlyInAnyOrder("kernel/fs/9p/9p.ko",
                "kernel/net/9p/9pnet.ko", "kernel/fs/fscache/fscache.ko", "kernel/fs/netfs/netfs.ko");
        // module names use _ where files use - (and the other way round)
        assertThat(GuestKernel.closure(deps, List.of("dm_thin_pool"))).containsExactlyInAnyOrder(
                "kernel/drivers/md/dm-thin-pool.ko", "kernel/drivers/md/dm-bio-prison.ko");
        assertThatThrownBy(() -> GuestKernel.closure(deps, List.of("overlay")))
                .isInstanceOf(GuestUnavailable.class).hasMessageContaining("no module overlay");
    }
}
