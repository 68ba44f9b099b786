package io.jsos.storage.block;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.engine.host.LocalHost;
import io.jsos.report.manifest.CollectorStatus;
import io.jsos.storage.Proc;
import io.jsos.testkit.CollectorHarness;
import io.jsos.testkit.CollectorHarness.BundleOutcome;
import io.jsos.testkit.Real;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The block collector on this machine, checked against util-linux's own answers. */
@Tag("real")
class BlockRealTest {

    @TempDir
    Path tmp;

    @Test
    void sizesAndTheRootMountMatchUtilLinux() {
        Real.requireRoot();
        Real.requireProgram("blockdev", "util-linux");
        Real.requireProgram("findmnt", "util-linux");
        BundleOutcome out = CollectorHarness.collect(new BlockCollector(), new LocalHost(Path.of("/")), tmp.resolve("w"));
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        JsonNode doc = out.json();
        int checked = 0;
        for (JsonNode d : doc.get("devices")) {
            String dev = "/dev/" + d.get("name").asText();
            Proc.Out size = Proc.run(Map.of(), java.util.List.of("blockdev", "--getsize64", dev), 10);
            if (size.exit() == 0 && !d.get("size_bytes").isNull()) {
                assertThat(d.get("size_bytes").asLong()).as(dev).isEqualTo(Long.parseLong(size.stdout().strip()));
                checked++;
            }
        }
        assertThat(checked).isPositive();
        String rootMm = Proc.ok(Map.of(), "findmnt", "-n", "-o", "MAJ:MIN", "/").strip();
        JsonNode root = null;
        for (JsonNode m : doc.get("mounts")) {
            if (m.get("mountpoint").asText().equals("/")) {
                root = m;
            }
        }
        if (!rootMm.startsWith("0:")) {
            assertThat(root).isNotNull();
            assertThat(root.get("major_minor").asText()).isEqualTo(rootMm);
            assertThat(root.get("fstype").asText()).isEqualTo(Proc.ok(Map.of(), "findmnt", "-n", "-o", "FSTYPE", "/").strip());
        }
    }
}
