package io.jsos.storage.ceph;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.engine.host.LocalHost;
import io.jsos.report.manifest.CollectorStatus;
import io.jsos.report.redact.Redactor;
import io.jsos.testkit.CollectorHarness;
import io.jsos.testkit.CollectorHarness.BundleOutcome;
import io.jsos.testkit.Real;
import io.jsos.testkit.ScrapeHarness;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ceph collector against a real single-node cluster (Debian's ceph 16 packages, started by
 * the test, no systemd): the healthy cluster as ceph itself reports it, then the classic hang, a
 * frozen monitor (SIGSTOP), which must cost seconds and be recorded as "cluster unreachable".
 * About 20-30 s, most of it Ceph starting.
 */
@Tag("real")
class CephRealTest {

    @TempDir
    Path tmp;

    @Test
    void reportsTheRealClusterThenSurvivesAFrozenMonitor() throws Exception {
        Real.requireRoot();
        for (String p : new String[]{"ceph-mon", "ceph-mgr", "ceph-osd"}) {
            Real.requireProgram(p, p);
        }
        Real.requireProgram("ceph", "ceph-common");
        Path state = Files.createDirectories(tmp.resolve("c"));
        // started inside the try: daemons that did start are stopped even when the bring-up fails half way
        try (CephLab lab = new CephLab(state)) {
            lab.start();
            lab.ceph("osd", "pool", "create", "jsostest", "8");
            lab.ceph("osd", "pool", "application", "enable", "jsostest", "rbd");
            JsonNode status = lab.awaitHealthy(90);
            assertThat(status).as("ceph status never answered").isNotNull();

            Map<String, String> opts = Map.of("conf", lab.conf.toString(), "asok-dir", state.resolve("run").toString());
            LocalHost host = new LocalHost(Path.of("/"));
            BundleOutcome out = CollectorHarness.collect(new CephCollector(), host, tmp.resolve("w1"), Redactor.none(), opts, null);
            assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
            JsonNode doc = out.json();
            assertThat(doc.get("reachable").asBoolean()).isTrue();
            assertThat(doc.get("error").isNull()).isTrue();
            assertThat(doc.get("fsid").asText()).isEqualTo(status.get("fsid").asText());
            // HEALTH_OK, or the real warning ceph shows right now, in the same words
            JsonNode health = lab.json("health", "detail");
            assertThat(doc.at("/health/status").asText()).isEqualTo(health.get("status").asText());
            assertThat(doc.at("/health/checks").size()).isEqualTo(health.get("checks").size());
            assertThat(doc.get("osds")).hasSize(1);
            assertThat(doc.at("/osds/0/name").asText()).isEqualTo("osd.0");
            assertThat(doc.at("/osds/0/up").asBoolean()).isTrue();
            assertThat(doc.at("/osds/0/in").asBoolean()).isTrue();
            assertThat(doc.at("/osds/0/host").asText()).isEqualTo(lab.json("osd", "tree").at("/nodes/1/name").asText());
            JsonNode pool = null;
            for (JsonNode p : doc.get("pools")) {
                if (p.get("name").asText().equals("jsostest")) {
                    pool = p;
                }
            }
            assertThat(pool).as("pool jsostest in " + doc.get("pools")).isNotNull();
            assertThat(pool.get("pg_num").asInt()).isEqualTo(8);
            assertThat(pool.get("size").asInt()).isEqualTo(1);
            assertThat(pool.get("applications").toString()).isEqualTo("[\"rbd\"]");
            assertThat(pool.get("max_avail_bytes").asLong()).isPositive();
            JsonNode df = lab.json("df");
            assertThat(doc.at("/capacity/total_bytes").asLong()).isEqualTo(df.at("/stats/total_bytes").asLong());
            // the mgr may still be creating its device_health_metrics pool: PGs only grow here, so the
            // count jsos saw lies between the test's readings before and after
            int pgsAfter = lab.json("status").at("/pgmap/num_pgs").asInt();
            assertThat(doc.get("num_pgs").asInt()).isBetween(status.at("/pgmap/num_pgs").asInt(), pgsAfter);
            long inStates = 0;
            for (JsonNode st : doc.get("pgs_by_state")) {
                inStates += st.get("count").asLong();
            }
            assertThat(inStates).isEqualTo(doc.get("num_pgs").asLong());
            assertThat(doc.get("pgs_by_state").toString()).contains("\"state\":\"active+clean\"");
            assertThat(doc.get("mons").toString()).contains("\"name\":\"a\"");
            assertThat(doc.get("versions").toString()).contains("16.2");
            assertThat(doc.get("daemons").toString()).contains("\"name\":\"mon.a\"", "\"name\":\"osd.0\"", "\"name\":\"mgr.x\"");
            assertThat(out.text("sos_commands/ceph/asok_osd.0_perf_dump.json")).contains("\"osd\"", "op_latency");
            assertThat(out.text("sos_commands/ceph/ceph_osd_tree.json")).contains("osd.0");

            // keys never reach the bundle, even without redaction
            String keyring = Files.readString(state.resolve("keyring"));
            Matcher m = Pattern.compile("key = (\\S+)").matcher(keyring);
            assertThat(m.find()).isTrue();
            String key = m.group(1);
            assertThat(out.everything()).doesNotContain(key);
            String copied = out.text("sos_commands/ceph/" + state.resolve("keyring").toString().substring(1));
            assertThat(copied).contains("[client.admin]", "key = REDACTED-BY-JSOS");

            int pgsBefore = lab.json("status").at("/pgmap/num_pgs").asInt();
            var scrape = ScrapeHarness.scrape(new CephCollector(), host, opts);
            int pgsLater = lab.json("status").at("/pgmap/num_pgs").asInt();
            assertThat(scrape.value("jsos_ceph_cluster_reachable")).contains(1.0);
            assertThat(scrape.value("ceph_health_status")).contains((double) CephParse.healthCode(health.get("status").asText()));
            assertThat(scrape.value("ceph_osd_up", "ceph_daemon", "osd.0")).contains(1.0);
            assertThat(scrape.value("ceph_osd_in", "ceph_daemon", "osd.0")).contains(1.0);
            assertThat(scrape.value("ceph_pg_total").orElseThrow()).isBetween((double) pgsBefore, (double) pgsLater);
            assertThat(scrape.value("ceph_pool_metadata", "name", "jsostest")).contains(1.0);

            // a real warning, in ceph's own words
            lab.ceph("osd", "set", "noout");
            JsonNode warn = null;
            for (int i = 0; i < 30 && (warn == null || !warn.path("checks").has("OSDMAP_FLAGS")); i++) {
                Thread.sleep(500);
                warn = lab.json("health", "detail");
            }
            assertThat(warn.path("checks").has("OSDMAP_FLAGS")).as("ceph never reported the noout flag").isTrue();
            BundleOutcome warned = CollectorHarness.collect(new CephCollector(), host, tmp.resolve("w3"), Redactor.none(), opts, null);
            JsonNode flags = null;
            for (JsonNode c : warned.json().at("/health/checks")) {
                if (c.get("name").asText().equals("OSDMAP_FLAGS")) {
                    flags = c;
                }
            }
            assertThat(warned.json().at("/health/status").asText()).isEqualTo("HEALTH_WARN");
            assertThat(flags).isNotNull();
            assertThat(flags.get("severity").asText()).isEqualTo("HEALTH_WARN");
            assertThat(flags.get("message").asText()).isEqualTo(warn.at("/checks/OSDMAP_FLAGS/summary/message").asText());
            assertThat(flags.get("message").asText()).contains("noout");
            lab.ceph("osd", "unset", "noout");

            // the classic hang: the monitor accepts TCP but never answers
            lab.signal("mon.a", "STOP");
            Map<String, String> quick = Map.of("conf", lab.conf.toString(), "asok-dir", state.resolve("run").toString(),
                    "connect-timeout", "3s", "timeout", "8s", "asok-timeout", "3s");
            BundleOutcome hung = CollectorHarness.collect(new CephCollector(), host, tmp.resolve("w2"), Redactor.none(), quick, null);
            assertThat(hung.entry().status()).isEqualTo(CollectorStatus.OK);
            JsonNode h = hung.json();
            assertThat(h.get("reachable").asBoolean()).isFalse();
            assertThat(h.get("error").asText()).startsWith("cluster unreachable");
            assertThat(h.get("osds")).isEmpty();
            assertThat(hung.entry().errors().toString()).contains("cluster unreachable");
            // only status was tried against the cluster
            assertThat(hung.files().keySet()).anyMatch(f -> f.endsWith("ceph_status.json"))
                    .noneMatch(f -> f.endsWith("ceph_osd_tree.json"));
            JsonNode monCalls = null;
            JsonNode osdCalls = null;
            for (JsonNode d : h.get("daemons")) {
                if (d.get("name").asText().equals("mon.a")) {
                    monCalls = d.get("calls");
                }
                if (d.get("name").asText().equals("osd.0")) {
                    osdCalls = d.get("calls");
                }
            }
            // the frozen monitor's socket: killed once, not asked again; the OSD still answers its own
            assertThat(monCalls).hasSize(1);
            assertThat(monCalls.get(0).get("timed_out").asBoolean()).isTrue();
            assertThat(osdCalls.get(0).get("exit_code").asInt()).isZero();
            var dead = ScrapeHarness.scrape(new CephCollector(), host, quick);
            assertThat(dead.value("jsos_ceph_cluster_reachable")).contains(0.0);
            assertThat(dead.names()).doesNotContain("ceph_health_status");
        }
    }
}
