package com.example.jsos.raid;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.api.Host;
import io.jsos.report.manifest.CollectorStatus;
import io.jsos.report.manifest.CommandRecord;
import io.jsos.testkit.CollectorHarness;
import io.jsos.testkit.CollectorHarness.BundleOutcome;
import io.jsos.testkit.FixtureHost;
import io.jsos.testkit.ScrapeHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The plugin against fixture nodes built with the jsos test kit: a real bundle writer, a fake raidctl. */
class RaidCollectorTest {

    @TempDir
    Path tmp;

    private FixtureHost node() {
        return FixtureHost.in(tmp.resolve("root")).load(Path.of("src/test/resources/fixtures/raid-node.fixture"));
    }

    @Test
    void copiesTheConfigWithoutItsSecretsRunsRaidctlAndWritesTheModel() {
        Host host = node().build();
        BundleOutcome out = CollectorHarness.collectRedacted(new RaidCollector(), host, tmp);

        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        assertThat(out.entry().reason()).contains("raidctl found");
        String conf = out.text("etc/raidctl.conf");
        assertThat(conf).contains("poll_interval = 60").contains("admin_user");
        assertThat(out.everything()).as("raidctl's password and API token never reach the bundle")
                .doesNotContain("Adm1nRa1dSecret").doesNotContain("9f8e7d6c5b4a39281706f5e4d3c2b1a0")
                .doesNotContain("10.20.30.41");
        assertThat(out.text("var/log/raidctl/events.log")).contains("rebuild started on disk 5");

        CommandRecord cmd = out.entry().commands().get(0);
        assertThat(cmd.argv()).endsWith("status", "--json");
        assertThat(cmd.exitCode()).isZero();
        assertThat(out.text("sos_commands/raid/status.json")).contains("\"controllers\"");

        JsonNode model = out.json();
        assertThat(model.at("/controllers/0/volumes/1/name").asText()).isEqualTo("data");
        assertThat(model.at("/controllers/0/volumes/1/state").asText()).isEqualTo("degraded");
        assertThat(model.at("/controllers/0/disks/5/media_errors").asLong()).isEqualTo(118);
        assertThat(out.text("sos_commands/raid/summary")).contains("data").contains("degraded").contains("(rebuild 37%)");
        assertThat(out.log()).contains("1 controller(s) read");
    }

    @Test
    void aHungRaidctlIsKilledAtItsTimeoutAndRecorded() {
        Host host = node().commandScript("raidctl", "#!/bin/sh\nexec sleep 100000\n").build();
        BundleOutcome out = CollectorHarness.collect(new RaidCollector(), host, tmp, Map.of("cli-timeout", "300ms"));

        assertThat(out.entry().status()).as("the collector itself finishes").isEqualTo(CollectorStatus.OK);
        assertThat(out.entry().commands().get(0).timedOut()).isTrue();
        assertThat(out.entry().errors()).anyMatch(e -> e.contains("timed out"));
        assertThat(out.has("jsos/raid.json")).isFalse();
        assertThat(out.has("etc/raidctl.conf")).as("what was gathered before the hang is kept").isTrue();
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains("sleep 100000")))
                .as("no orphaned raidctl").isEmpty();
    }

    @Test
    void garbageOutputIsKeptRawAndExplained() {
        Host host = node().command("raidctl", "Error: controller 0 firmware busy, retry later\n", 0).build();
        BundleOutcome out = CollectorHarness.collect(new RaidCollector(), host, tmp);

        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        assertThat(out.text("sos_commands/raid/status.json")).contains("firmware busy");
        assertThat(out.entry().errors()).singleElement().asString()
                .contains("cannot read").contains("line 1, column 1").contains("sos_commands/raid/status.json");
        assertThat(out.has("jsos/raid.json")).isFalse();
    }

    @Test
    void aFailingRaidctlIsRecordedWithItsExitCodeAndStderr() {
        Host host = node().command("raidctl", "".getBytes(), "raidctl: no controller found\n", 3).build();
        BundleOutcome out = CollectorHarness.collect(new RaidCollector(), host, tmp);

        assertThat(out.entry().commands().get(0).exitCode()).isEqualTo(3);
        assertThat(out.text("sos_commands/raid/status.json.stderr")).contains("no controller found");
        assertThat(out.entry().errors()).singleElement().asString().contains("exit 3");
    }

    @Test
    void notApplicableWithoutRaidctl() {
        Host host = FixtureHost.in(tmp.resolve("bare")).file("/etc/hostname", "plain\n").build();
        BundleOutcome out = CollectorHarness.collect(new RaidCollector(), host, tmp);
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.NOT_APPLICABLE);
        assertThat(out.entry().reason()).contains("raidctl not found");
    }

    @Test
    void metricsFromTheSameOutput() {
        ScrapeHarness.Scrape s = ScrapeHarness.scrape(new RaidCollector(), node().build());
        assertThat(s.value("raid_cli_success")).contains(1.0);
        assertThat(s.value("raid_volume_state", "volume", "data", "state", "degraded")).contains(1.0);
        assertThat(s.value("raid_volume_state", "volume", "data", "state", "optimal")).contains(0.0);
        assertThat(s.value("raid_volume_state", "volume", "os", "state", "optimal")).contains(1.0);
        assertThat(s.value("raid_disk_media_errors_total", "slot", "5")).contains(118.0);
        assertThat(s.value("raid_disk_state", "slot", "5", "state", "rebuilding")).contains(1.0);
        assertThat(s.value("raid_volume_rebuild_ratio", "volume", "data")).contains(0.37);
        assertThat(s.value("raid_disk_temperature_celsius", "slot", "5")).as("not reported, not made up").isEmpty();
        assertThat(s.family("raid_volume_state")).hasSize(2 * RaidStatus.VOLUME_STATES.size());
    }

    @Test
    void aBrokenRaidctlGivesCliSuccessZeroAndNoOtherSeries() {
        ScrapeHarness.Scrape s = ScrapeHarness.scrape(new RaidCollector(),
                node().command("raidctl", "not json", 0).build());
        assertThat(s.value("raid_cli_success")).contains(0.0);
        assertThat(s.names()).containsExactly("raid_cli_success");
    }

    @Test
    void anUnknownStateIsKeptAsItsOwnSeries() {
        RaidStatus status = RaidStatus.parse("{\"controllers\":[{\"volumes\":[{\"name\":\"v\",\"state\":\"migrating\"}]}]}");
        java.util.List<String> states = new java.util.ArrayList<>();
        RaidCollector.emit(status, new io.jsos.api.MetricsWriter() {
            public void gauge(String name, String help, double value, String... labels) {
                if (name.equals("raid_volume_state") && value == 1) {
                    states.add(labels[5]);
                }
            }

            public void counter(String name, String help, double value, String... labels) {
            }
        });
        assertThat(states).containsExactly("migrating");
    }

    @Test
    void declaresTheApiItWasCompiledAgainst() throws java.io.IOException {
        assertThat(new RaidCollector().apiVersion()).isEqualTo(io.jsos.api.ApiVersion.CURRENT);
        // And the API's annotation processor recorded it in the plugin's own classes, for the jar.
        try (var in = RaidCollector.class.getResourceAsStream("/" + io.jsos.api.build.ApiVersionRecorder.RESOURCE)) {
            assertThat(in).as("recorded at compile time").isNotNull();
            assertThat(new String(in.readAllBytes()).trim()).isEqualTo(io.jsos.api.ApiVersion.CURRENT);
        }
    }
}
