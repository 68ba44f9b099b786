package io.jsos.storage.block;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.api.Host;
import io.jsos.api.MetricsWriter;
import io.jsos.report.manifest.CollectorStatus;
import io.jsos.testkit.CollectorHarness;
import io.jsos.testkit.CollectorHarness.BundleOutcome;
import io.jsos.testkit.FixtureHost;
import io.jsos.testkit.ScrapeHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The block collector on the Rook node fixture: root on LVM over sda1, an rbd device mounted twice. */
class BlockFixtureTest {

    @TempDir
    Path tmp;

    @Test
    void devicesStackingAndMounts() {
        Host host = FixtureHost.in(tmp.resolve("root")).loadResource("/fixtures/rook-csi-node.fixture").build();
        BundleOutcome out = CollectorHarness.collect(new BlockCollector(), host, tmp.resolve("work"));
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        JsonNode doc = out.json();
        JsonNode sda = device(doc, "sda");
        assertThat(sda.get("size_bytes").asLong()).isEqualTo(209715200L * 512);
        assertThat(sda.get("rotational").asBoolean()).isTrue();
        assertThat(sda.get("scheduler").asText()).isEqualTo("bfq");
        assertThat(sda.get("schedulers").toString()).isEqualTo("[\"mq-deadline\",\"kyber\",\"bfq\",\"none\"]");
        assertThat(sda.get("model").asText()).isEqualTo("PERC H730");
        assertThat(sda.at("/queue/read_ahead_kb").asText()).isEqualTo("128");
        assertThat(sda.at("/partitions/0/name").asText()).isEqualTo("sda1");
        assertThat(sda.at("/partitions/0/start_sector").asLong()).isEqualTo(2048);
        assertThat(sda.at("/partitions/0/holders").toString()).isEqualTo("[\"dm-0\"]");
        assertThat(sda.at("/diskstats/reads_completed").asLong()).isEqualTo(1200);
        JsonNode dm = device(doc, "dm-0");
        assertThat(dm.get("dm_name").asText()).isEqualTo("vg0-root");
        assertThat(dm.get("slaves").toString()).isEqualTo("[\"sda1\"]");
        JsonNode rbd = device(doc, "rbd0");
        assertThat(rbd.get("rotational").asBoolean()).isFalse();
        assertThat(rbd.get("scheduler").asText()).isEqualTo("none");
        assertThat(rbd.at("/diskstats/ios_in_progress").asLong()).isEqualTo(1);

        assertThat(doc.get("mounts")).hasSize(3);        // root and the rbd twice; proc, sysfs, tmpfs and cephfs have no block device
        assertThat(doc.at("/mounts/0/device").asText()).isEqualTo("/dev/mapper/vg0-root");
        assertThat(doc.at("/mounts/0/mountpoint").asText()).isEqualTo("/");
        assertThat(doc.at("/mounts/0/fstype").asText()).isEqualTo("ext4");
        assertThat(doc.at("/mounts/2/device").asText()).isEqualTo("/dev/rbd0");
        assertThat(doc.at("/multipath/present").asBoolean()).isFalse();
        assertThat(out.text("proc/diskstats")).contains("rbd0");
        assertThat(out.text("sos_commands/block/devices")).contains("vg0-root");

        var scrape = ScrapeHarness.scrape(new BlockCollector(), host);
        assertThat(scrape.value("jsos_block_holder_info", "device", "sda1", "holder", "dm-0")).contains(1.0);
        assertThat(scrape.value("jsos_block_dm_info", "device", "dm-0", "name", "vg0-root")).contains(1.0);
        assertThat(scrape.value("jsos_block_device_info", "device", "sda", "scheduler", "bfq", "rotational", "1")).contains(1.0);
        assertThat(scrape.value("jsos_block_device_size_bytes", "device", "rbd0")).contains(20971520.0 * 512);
    }

    @Test
    void aScrapeReadsLessButEmitsExactlyWhatTheFullModelWould() {
        for (Host host : new Host[] {FixtureHost.in(tmp.resolve("root")).loadResource("/fixtures/rook-csi-node.fixture").build(),
                new io.jsos.engine.host.LocalHost(Path.of("/"))}) {
            List<String> full = samples(BlockReader.devices(host, true));
            assertThat(full).as("%s has block devices", host).isNotEmpty();
            assertThat(samples(BlockReader.devices(host, false))).as("%s", host).isEqualTo(full);
        }
        var light = BlockReader.devices(FixtureHost.in(tmp.resolve("root")).loadResource("/fixtures/rook-csi-node.fixture").build(), false);
        assertThat(light).allSatisfy(d -> assertThat(d.queue()).as("queue settings are not read for a scrape").isEmpty());
    }

    /** What emit writes, one line per sample, in order. */
    private static List<String> samples(List<BlockModel.Device> devices) {
        List<String> out = new ArrayList<>();
        BlockCollector.emit(new MetricsWriter() {
            @Override
            public void gauge(String name, String help, double value, String... labelPairs) {
                out.add(name + List.of(labelPairs) + "=" + value);
            }

            @Override
            public void counter(String name, String help, double value, String... labelPairs) {
                out.add(name + List.of(labelPairs) + "=" + value);
            }
        }, devices);
        return out;
    }

    @Test
    void schedulerLines() {
        assertThat(BlockReader.activeScheduler("none [mq-deadline] kyber bfq")).isEqualTo("mq-deadline");
        assertThat(BlockReader.activeScheduler("none")).isEqualTo("none");
        assertThat(BlockReader.activeScheduler("")).isNull();
        assertThat(BlockReader.activeScheduler("noop deadline")).isNull();
    }

    static JsonNode device(JsonNode doc, String name) {
        for (JsonNode d : doc.get("devices")) {
            if (d.get("name").asText().equals(name)) {
                return d;
            }
        }
        throw new AssertionError("no device " + name);
    }
}
