package io.jsos.perf;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.report.manifest.CollectorStatus;
import io.jsos.report.redact.Redactor;
import io.jsos.testkit.CollectorHarness;
import io.jsos.testkit.Real;
import io.jsos.testkit.ScrapeHarness;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The perf collector end to end on this machine: a real window, real scrapes. */
@Tag("real")
class PerfCollectorRealTest {

    @TempDir
    Path tmp;

    @Test
    void collectOnThisMachine() throws Exception {
        PerfRealTest.sys();
        PerfRealTest.TestCgroup cg = Real.isRoot() ? new PerfRealTest.TestCgroup() : null;
        try {
            if (cg != null) {
                cg.startBusy();
            }
            Map<String, String> opts = cg != null
                    ? Map.of("window", "500ms", "cgroups", cg.rel, "top-cgroups", "2", "extra-events", "nonsense-event", "scope", "system,cgroups,self")
                    : Map.of("window", "500ms", "extra-events", "nonsense-event");
            long cpu0 = cg != null ? PerfRealTest.cpuNanos(cg.proc.pid()) : 0;
            var out = CollectorHarness.collect(new PerfCollector(), PerfRealTest.HOST, tmp, Redactor.none(), opts, null);
            assertThat(out.entry().status()).as(out.entry().toString()).isEqualTo(CollectorStatus.OK);
            JsonNode j = out.json();
            System.out.println(out.text("sos_commands/perf/perf-stat"));
            System.out.println(out.text("sos_commands/perf/event-support"));
            System.out.println(out.text("sos_commands/perf/settings"));
            assertThat(j.at("/settings/paranoid").isInt()).isTrue();
            assertThat(j.at("/windowSeconds").asDouble()).isBetween(0.45, 1.5);
            JsonNode first = j.at("/scopes/0");
            assertThat(first.at("/totals/task-clock").asLong()).isPositive();
            assertThat(out.text("sos_commands/perf/event-support")).contains("nonsense-event").contains("cycles");
            for (JsonNode row : j.at("/support")) {
                assertThat(row.at("/status").asText()).as(row.toString()).isNotBlank();
                if (!row.at("/status").asText().equals("supported")) {
                    assertThat(row.at("/reason").asText()).isNotBlank();
                }
            }
            if (cg != null) {
                assertThat(first.at("/scope").asText()).isEqualTo("system");
                assertThat(first.at("/perCpu").size()).isEqualTo(j.at("/settings/cpus").size());
                JsonNode mine = null;
                for (JsonNode s : j.at("/scopes")) {
                    if (s.at("/id").asText().equals(cg.rel)) {
                        mine = s;
                    }
                }
                assertThat(mine).as("the test's cgroup is counted").isNotNull();
                long burned = PerfRealTest.cpuNanos(cg.proc.pid()) - cpu0; // the whole collect, so more than the window
                assertThat(mine.at("/totals/task-clock").asLong()).isPositive().isLessThanOrEqualTo(burned + 50_000_000L);
                assertThat(mine.at("/derived/cpusUtilized").asDouble()).isPositive();
            }
        } finally {
            if (cg != null) {
                cg.close();
            }
        }
    }

    @Test
    void scrapeOnThisMachine() throws Exception {
        PerfRealTest.sys();
        Real.requireRoot();
        try (PerfCollector c = new PerfCollector()) {
            assertThat(ScrapeHarness.scrape(c, PerfRealTest.HOST).samples()).isEmpty();
            Map<String, String> on = Map.of("scrape", "true", "top-cgroups", "0");
            ScrapeHarness.Scrape s1 = ScrapeHarness.scrape(c, PerfRealTest.HOST, on);
            Thread.sleep(200);
            ScrapeHarness.Scrape s2 = ScrapeHarness.scrape(c, PerfRealTest.HOST, on);
            double a = s1.value("node_perf_context_switches_total", "cpu", "0").orElseThrow();
            double b = s2.value("node_perf_context_switches_total", "cpu", "0").orElseThrow();
            assertThat(b).isGreaterThanOrEqualTo(a);
            assertThat(s2.value("jsos_perf_task_clock_seconds_total", "cpu", "1").orElseThrow()).isPositive();
            assertThat(s2.value("jsos_perf_event_supported", "scope", "system", "event", "task-clock")).contains(1.0);
            assertThat(s2.value("jsos_perf_event_supported", "scope", "system", "event", "cycles")).isPresent();
            System.out.println("scrape families: " + s2.names());
        }
    }
}
