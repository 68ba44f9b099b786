package io.jsos.storage.ceph;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.api.Host;
import io.jsos.report.manifest.CollectorStatus;
import io.jsos.report.redact.Redactor;
import io.jsos.testkit.CollectorHarness;
import io.jsos.testkit.CollectorHarness.BundleOutcome;
import io.jsos.testkit.FixtureHost;
import io.jsos.testkit.ScrapeHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input for the ceph collector: a hung CLI, garbage, JSON of an older release, a keyring to scrub. */
class CephFixtureTest {

    private static final String CONF = "[global]\nfsid = 0d77\nmon host = 10.0.0.1\n[client.admin]\nkeyring = /etc/ceph/ceph.client.admin.keyring\n";
    private static final String KEYRING = "[client.admin]\n\tkey = AQBPLANTEDKEYxxxxxxxxxxxxxxxxxxxxxxxxx==\n\tcaps mon = \"allow *\"\n";

    @TempDir
    Path tmp;

    private FixtureHost node() {
        return FixtureHost.in(tmp.resolve("root"))
                .file("/etc/ceph/ceph.conf", CONF)
                .file("/etc/ceph/ceph.client.admin.keyring", KEYRING)
                .file("/etc/ceph/admin.secret", "AQBPLANTEDSECRETxxxxxxxxxxxxxxxxxxxxx==\n");
    }

    @Test
    void aHungCliIsKilledAndTheClusterRecordedUnreachable() {
        // ignores --connect-timeout, like a ceph that hangs in a way the option does not cover
        Host host = node().commandScript("ceph", "#!/bin/sh\nexec sleep 1000\n").build();
        CephCollector c = new CephCollector();
        assertThat(c.applies(host).applies()).isTrue();
        BundleOutcome out = CollectorHarness.collect(c, host, tmp.resolve("work"), Redactor.none(),
                Map.of("timeout", "1s"), Duration.ofSeconds(30));
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        JsonNode doc = out.json();
        assertThat(doc.get("reachable").asBoolean()).isFalse();
        assertThat(doc.get("error").asText()).startsWith("cluster unreachable: timed out");
        assertThat(out.entry().commands()).hasSize(1);       // status only: the rest would hang the same way
        // keys blanked without any redactor; the bare secret file is not copied
        assertThat(out.everything()).doesNotContain("AQBPLANTEDKEY", "AQBPLANTEDSECRET");
        assertThat(out.text("sos_commands/ceph/etc/ceph/ceph.client.admin.keyring")).contains("key = REDACTED-BY-JSOS", "caps mon");
        assertThat(out.text("sos_commands/ceph/etc/ceph/ceph.conf")).contains("mon host = 10.0.0.1");
    }

    @Test
    void aNodeWithOnlyTheCliHasNoClusterToAskAndSaysSo() {
        // ceph-common comes with many packages: a missing config is not an unreachable cluster.
        Host host = FixtureHost.in(tmp.resolve("bare")).command("ceph", "{}", 0).build();
        BundleOutcome out = CollectorHarness.collect(new CephCollector(), host, tmp.resolve("work"));
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        assertThat(out.json().get("reachable").isNull()).isTrue();
        assertThat(out.json().get("error").asText()).startsWith("no cluster configured");
        assertThat(out.entry().commands()).isEmpty();
        assertThat(ScrapeHarness.scrape(new CephCollector(), host).samples()).isEmpty();
    }

    @Test
    void garbageIsRecordedAndNothingCrashes() {
        Host host = node().command("ceph", "\u0000\u0001 not json {{{", 0).build();
        BundleOutcome out = CollectorHarness.collect(new CephCollector(), host, tmp.resolve("work"));
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        assertThat(out.json().get("reachable").asBoolean()).isFalse();
        assertThat(out.json().get("errors").toString()).contains("not JSON");
        assertThat(out.text("sos_commands/ceph/ceph_status.json")).contains("not json");
    }

    @Test
    void jsonOfAnOlderReleaseIsReadAsFarAsItGoes() {
        Host host = node().loadResource("/fixtures/ceph-jewel-cli.fixture").build();
        BundleOutcome out = CollectorHarness.collect(new CephCollector(), host, tmp.resolve("work"));
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        JsonNode doc = out.json();
        assertThat(doc.get("reachable").asBoolean()).isTrue();
        assertThat(doc.at("/health/status").asText()).isEqualTo("HEALTH_WARN");
        assertThat(doc.at("/health/checks/0/message").asText()).isEqualTo("1 pgs degraded");
        assertThat(doc.at("/health/checks/0/detail/0").asText()).isEqualTo("pg 1.0 is active+degraded");
        assertThat(doc.get("num_pgs").asInt()).isEqualTo(64);
        assertThat(doc.at("/capacity/total_bytes").asLong()).isEqualTo(3000);
        assertThat(doc.at("/capacity/used_ratio").asDouble()).isEqualTo(0.25);
        assertThat(doc.at("/pools/0/stored_bytes").asLong()).isEqualTo(500);   // bytes_used before "stored" existed
        assertThat(doc.at("/osds/0/up").asBoolean()).isTrue();
        assertThat(doc.at("/osds/1/in").asBoolean()).isFalse();
        assertThat(doc.at("/osds/1/host").asText()).isEqualTo("stor-2");

        var scrape = ScrapeHarness.scrape(new CephCollector(), host);
        assertThat(scrape.value("ceph_health_status")).contains(1.0);
        assertThat(scrape.value("ceph_osd_in", "ceph_daemon", "osd.1")).contains(0.0);
        assertThat(scrape.value("ceph_pg_degraded")).contains(1.0);
        assertThat(scrape.value("ceph_pg_active")).contains(64.0);
        assertThat(scrape.value("jsos_ceph_pgs", "state", "active+clean")).contains(63.0);
    }
}
