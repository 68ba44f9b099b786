package io.jsos.agent.serve;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServeRuntimeTest {

    @TempDir
    Path tmp;

    @Test
    void rewritingAFileKeepsItsBytesAndItsMode() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 17];   // not a multiple of the 64 KiB pieces
        new Random(42).nextBytes(content);
        Path lib = tmp.resolve("libjvm.so");
        Files.write(lib, content);
        Files.setPosixFilePermissions(lib, PosixFilePermissions.fromString("r-xr-x---"));

        ServeRuntime.rewriteInSmallPieces(lib);

        assertThat(Files.readAllBytes(lib)).isEqualTo(content);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lib))).isEqualTo("r-xr-x---");
        try (var left = Files.list(tmp)) {
            assertThat(left).containsExactly(lib);
        }
    }

    @Test
    void aRuntimeIsNeverMadeOverAnExistingFolder() throws Exception {
        Path out = Files.createDirectory(tmp.resolve("java"));
        assertThatThrownBy(() -> ServeRuntime.make(out, tmp.resolve("jsos.jar"), java.util.List.of()))
                .hasMessageContaining("exists already");
    }
}
