package io.jsos.agent.findings;

import io.jsos.api.findings.Thresholds;
import io.jsos.cgroups.CgroupsCollector;
import io.jsos.collectors.processes.ProcessesCollector;
import io.jsos.collectors.system.SystemCollector;
import io.jsos.engine.CollectorCatalog;
import io.jsos.findings.FindingsEngine;
import io.jsos.testkit.FixtureHost;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The exporter's findings gauges over a fixture node: a finding appears as a series, and goes when it is resolved. */
class FindingsGaugesTest {

    @TempDir
    Path tmp;

    private static String scrape(FindingsGauges g) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(g);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void findingsBecomeGaugesAndGoAwayWhenResolved() throws IOException {
        Path root = tmp.resolve("node");
        FixtureHost host = FixtureHost.in(root).loadResource("/fixtures/leak-node.fixture")
                .command("dmesg", "[1.0] INFO: task app:101 blocked for more than 120 seconds.\n", 0);
        CollectorCatalog catalog = CollectorCatalog.of(List.of(new SystemCollector(), new ProcessesCollector(), new CgroupsCollector()));
        try (FindingsGauges g = new FindingsGauges(host.build(), catalog, FindingsEngine.builtIn(), Thresholds.defaults())) {
            String before = scrape(g);
            assertThat(before).contains("jsos_findings_last_success_timestamp_seconds 0.0").doesNotContain("jsos_finding{");

            assertThat(g.runOptions()).as("what no rule reads is not collected")
                    .containsEntry("system", Map.of("hardware", "false")).containsEntry("cgroups", Map.of("bundle-cgroups", "0"));
            FindingsGauges.Result first = g.refresh();
            assertThat(first.findings()).as("every collector ran with those options")
                    .noneMatch(f -> f.id().startsWith("jsos."));
            String text = scrape(g);
            assertThat(text).contains("# TYPE jsos_finding gauge")
                    .contains("jsos_finding{id=\"system.hung-task\",severity=\"warning\",subject=\"\"} 1.0")
                    .contains("jsos_findings{severity=\"warning\"} 1.0")
                    .contains("jsos_findings{severity=\"critical\"} 0.0")
                    .doesNotContain("jsos_findings_last_success_timestamp_seconds 0.0");

            host.command("dmesg", "[1.0] all quiet\n", 0);
            g.refresh();
            assertThat(scrape(g)).doesNotContain("system.hung-task").contains("jsos_findings{severity=\"warning\"} 0.0");
        }
    }
}
