package io.jsos.findings;

import io.jsos.api.findings.Evidence;
import io.jsos.api.findings.Finding;
import io.jsos.api.findings.Severity;
import io.jsos.api.findings.Thresholds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** index.html's structure: self-contained, findings by severity, charts, every link pointing at a file of the bundle. */
class HtmlReportTest {

    @TempDir
    Path tmp;

    /** A troubled node: OOM kill, throttling, zombies from the real collectors; a full thin pool and a warning Ceph as models. */
    static Path troubledBundle(Path tmp) throws IOException {
        FixtureNode node = new FixtureNode();
        node.oomKill = true;
        node.throttled = true;
        node.zombies = true;
        Path b = BundleMaker.collect(node.build(tmp.resolve("root")).build(), tmp.resolve("out"), "jsos-node-a-20261122T000000Z");
        Files.writeString(b.resolve("jsos/lvm.json"), ContractRulesTest.LVM.replace("DATA", "96.0").replace("META", "41.0")
                .replace("SNAP", "12.0"));
        Files.writeString(b.resolve("jsos/ceph.json"), ContractRulesTest.healthy().get("ceph").replace("HEALTH_OK", "HEALTH_WARN")
                .replace("\"checks\":[]", "\"checks\":" + ContractRulesTest.HEALTH_CHECKS)
                .replace("\"up\":true,\"in\":true,\"host\":\"n2\"", "\"up\":false,\"in\":true,\"host\":\"n2\"")
                .replace("\"used_ratio\":0.4", "\"used_ratio\":0.78"));
        return b;
    }

    static String render(Path bundle) throws IOException {
        return render(bundle, true);
    }

    /** The page; with the probe, one extra finding full of markup checks the escaping. */
    static String render(Path bundle, boolean escapeProbe) throws IOException {
        FolderSource src = new FolderSource(bundle);
        BundleModels models = BundleModels.read(src);
        List<Finding> findings = new ArrayList<>(FindingsEngine.builtIn().evaluate(models, Thresholds.defaults()));
        if (escapeProbe) {
            findings.add(new Finding("vendor.escape", Severity.INFO, "<x>", "a <b>bold</b> & \"quoted\" title",
                    List.of(Evidence.of("v", "<script>alert(1)</script>", "no/such/file")), "next"));
        }
        findings.sort(FindingsEngine.ORDER);
        return HtmlReport.render(models, findings, BundleModels.manifest(src), src.paths());
    }

    @Test
    void selfContainedPageWithFindingsBySeverityChartsAndWorkingLinks() throws IOException {
        Path bundle = troubledBundle(tmp);
        String html = render(bundle);
        Files.writeString(bundle.resolve("index.html"), html);

        assertThat(html).doesNotContainIgnoringCase("<script").doesNotContain("http://", "https://", "src=", "@import", "url(");
        assertThat(html).contains("a &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; title", "&lt;script&gt;alert(1)&lt;/script&gt;");
        int critical = html.indexOf("class=\"finding critical\"");
        int warning = html.indexOf("class=\"finding warning\"");
        int info = html.indexOf("class=\"finding info\"");
        assertThat(critical).isPositive().isLessThan(warning);
        assertThat(warning).isLessThan(info);
        assertThat(html).contains("data-id=\"cgroups.oom-kills\"", "data-id=\"storage.thin-pool-full\"", "data-id=\"storage.ceph-health\"",
                "data-id=\"storage.ceph-osd-down\"", "data-id=\"processes.zombies\"", "data-id=\"cgroups.cpu-throttled\"");
        assertThat(html).contains("Memory per container", "CPU time per container", "Thin pool fill", "Ceph capacity", "<svg");

        Matcher m = Pattern.compile("href=\"([^\"]+)\"").matcher(html);
        int links = 0;
        while (m.find()) {
            String target = java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8);
            if (target.equals("jsos/findings.json")) {
                continue; // written by the collect hook right after the page
            }
            assertThat(bundle.resolve(target)).as(target).isRegularFile();
            links++;
        }
        assertThat(links).isGreaterThan(10);

        // A copy to look at (and to take the docs' screenshot from).
        Path demo = Path.of("target", "demo-bundle");
        if (Files.exists(demo)) {
            try (var walk = Files.walk(demo)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        try (var walk = Files.walk(bundle)) {
            for (Path p : walk.toList()) {
                Path to = demo.resolve(bundle.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        Files.writeString(demo.resolve("index.html"), render(bundle, false));
        assertThat(Map.of("index", demo.resolve("index.html"))).allSatisfy((k, v) -> assertThat(v).isRegularFile());
    }
}
