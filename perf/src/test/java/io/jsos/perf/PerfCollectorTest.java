package io.jsos.perf;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.api.Host;
import io.jsos.report.manifest.CollectorStatus;
import io.jsos.report.redact.Redactor;
import io.jsos.testkit.CollectorHarness;
import io.jsos.testkit.FixtureHost;
import io.jsos.testkit.ScrapeHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The collector on fixture hosts with a fake kernel: bundle layout, JSON shape, metric names. */
class PerfCollectorTest {

    @TempDir
    Path tmp;

    FakePerfSys fakeKernelWithoutPmu() {
        FakePerfSys sys = new FakePerfSys();
        for (String hw : EventCatalog.DEFAULT_EVENTS) {
            if (EventCatalog.named(hw).orElseThrow().onCpuPmu()) {
                sys.fail(hw, EventStatus.ENOENT);
            }
        }
        sys.runningNs = sys.enabledNs;
        return sys;
    }

    Host node() {
        return PerfHostTest.node(tmp.resolve("root"), "2", "000001fffeffffff", "0").build();
    }

    @Test
    void appliesWhereThePerfSysctlExists() {
        assertThat(new PerfCollector(new FakePerfSys()).applies(node()).applies()).isTrue();
        assertThat(new PerfCollector(new FakePerfSys()).applies(FixtureHost.in(tmp.resolve("e")).build()).reason())
                .contains("perf_event_paranoid");
        assertThat(new PerfCollector().name()).isEqualTo("perf");
        assertThat(new PerfCollector().enabledByDefault()).isTrue();
    }

    @Test
    void bundleHasTablesSettingsAndTheModel() {
        FakePerfSys sys = fakeKernelWithoutPmu();
        var out = CollectorHarness.collect(new PerfCollector(sys), node(), tmp, Redactor.none(),
                Map.of("window", "100ms", "extra-events", "cyclez,LLC-load-misses", "top-cgroups", "2", "pids", "4000002,x"), null);
        assertThat(out.entry().status()).as(out.entry().toString()).isEqualTo(CollectorStatus.OK);
        assertThat(out.text("proc/sys/kernel/perf_event_paranoid")).isEqualTo("2\n");
        assertThat(out.files()).containsKeys("proc/sys/kernel/kptr_restrict", "proc/sys/kernel/perf_event_max_sample_rate");
        JsonNode j = out.json();
        assertThat(j.at("/settings/paranoid").asInt()).isEqualTo(2);
        assertThat(j.at("/settings/privileged").asBoolean()).isTrue();
        assertThat(j.at("/settings/cgroupRoot").asText()).isEqualTo("/sys/fs/cgroup/unified");
        assertThat(j.at("/settings/pmus/0/name").asText()).isEqualTo("software");
        assertThat(j.at("/scopes/0/scope").asText()).isEqualTo("system");
        assertThat(j.at("/scopes/0/perCpu/1/cpu").asText()).isEqualTo("1");
        assertThat(j.at("/scopes/0/perCpu/0/counts/task-clock/value").asLong()).isEqualTo(1000);
        assertThat(j.at("/scopes/0/totals/context-switches").asLong()).isEqualTo(2 * 1001);
        assertThat(j.at("/scopes/0/derived/ipc").isNull()).isTrue();
        assertThat(j.at("/scopes/0/derived/contextSwitchesPerSecond").asDouble()).isPositive();
        // the two busiest cgroups of the fixture
        assertThat(j.at("/scopes/1/id").asText()).isEqualTo("/b");
        assertThat(j.at("/scopes/2/id").asText()).isEqualTo("/a");
        assertThat(j.at("/scopes/3/scope").asText()).isEqualTo("pid");
        assertThat(j.at("/scopes/3/status").asText()).isEqualTo("target gone");
        String support = out.text("sos_commands/perf/event-support");
        assertThat(support).contains("cycles").contains("not supported").contains("ENOENT").contains("no hardware PMU");
        assertThat(support).containsPattern("cyclez\\s+unknown\\s+all\\s+not supported");
        assertThat(support).contains("LLC-load-misses");
        assertThat(out.text("sos_commands/perf/perf-stat")).contains("== system — ok ==").contains("task-clock")
                .contains("cpu0").contains("context switches/s");
        assertThat(out.text("sos_commands/perf/settings")).contains("perf_event_paranoid        2")
                .contains("no CPU PMU");
        assertThat(out.entry().errors()).anySatisfy(e -> assertThat(e).contains("pid 'x'"));
        assertThat(sys.openFds).isEmpty();
    }

    @Test
    void unprivilegedCountsItselfAndSaysWhy() {
        FakePerfSys sys = fakeKernelWithoutPmu();
        Host host = PerfHostTest.node(tmp.resolve("u"), "2", "0", "1000").build();
        var out = CollectorHarness.collect(new PerfCollector(sys), host, tmp, Redactor.none(), Map.of("window", "100ms"), null);
        JsonNode j = out.json();
        assertThat(j.at("/settings/excludeKernel").asBoolean()).isTrue();
        assertThat(j.at("/scopes/0/scope").asText()).isEqualTo("self");
        assertThat(j.at("/scopes/0/perCpu/0/cpu").asText()).isEqualTo("all");
        assertThat(j.at("/problems/0").asText()).contains("not privileged");
        assertThat(sys.openFds).isEmpty();
    }

    @Test
    void noPerfSyscallIsReportedNotThrown() {
        FakePerfSys sys = new FakePerfSys();
        sys.unavailable = "perf_event_open exists on Linux only";
        var out = CollectorHarness.collect(new PerfCollector(sys), node(), tmp, Redactor.none(), Map.of("window", "100ms"), Duration.ofSeconds(5));
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        assertThat(out.json().at("/problems/0").asText()).contains("Linux only");
        assertThat(out.text("sos_commands/perf/event-support")).contains("Linux only");
    }

    @Test
    void scrapeIsOffByDefault() {
        FakePerfSys sys = fakeKernelWithoutPmu();
        PerfCollector c = new PerfCollector(sys);
        assertThat(c.exportsMetrics()).isTrue();
        assertThat(ScrapeHarness.scrape(c, node()).samples()).isEmpty();
        assertThat(sys.opens).isZero();
    }

    @Test
    void scrapeUsesNodeExporterAndCadvisorNames() {
        FakePerfSys sys = fakeKernelWithoutPmu();
        try (PerfCollector c = new PerfCollector(sys)) {
            Host host = node();
            Map<String, String> on = Map.of("scrape", "true", "extra-events", "alignment-faults", "top-cgroups", "1");
            ScrapeHarness.Scrape s = ScrapeHarness.scrape(c, host, on);
            assertThat(s.names()).contains("node_perf_context_switches_total", "node_perf_cpu_migrations_total",
                    "node_perf_page_faults_total", "node_perf_minor_faults_total", "node_perf_major_faults_total",
                    "jsos_perf_task_clock_seconds_total", "jsos_perf_events_total", "jsos_perf_scaling_ratio",
                    "container_perf_events_total", "container_perf_events_scaling_ratio", "jsos_perf_event_supported",
                    "jsos_perf_open_fds");
            assertThat(s.names()).doesNotContain("node_perf_cpucycles_total"); // no PMU here: no series, a 0 in _supported
            assertThat(s.value("jsos_perf_task_clock_seconds_total", "cpu", "1")).contains(1000 / 1e9);
            assertThat(s.value("container_perf_events_total", "id", "/b", "cpu", "0", "event", "context-switches")).contains(1001.0);
            assertThat(s.value("jsos_perf_event_supported", "scope", "system", "event", "cycles")).contains(0.0);
            assertThat(s.value("jsos_perf_event_supported", "scope", "cgroup", "event", "task-clock")).contains(1.0);
            assertThat(s.value("jsos_perf_events_total", "cpu", "0", "event", "alignment-faults")).isPresent();
            int opens = sys.opens;
            ScrapeHarness.scrape(c, host, on);
            assertThat(sys.opens).as("counters stay open between scrapes").isEqualTo(opens);
            assertThat(c.counters().fdCount()).isEqualTo(sys.openFds.size());
        }
        assertThat(sys.openFds).as("close() closes every fd").isEmpty();
    }
}
