package io.jsos.findings;

import io.jsos.api.findings.Evidence;
import io.jsos.api.findings.Finding;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code index.html}: one self-contained page at the top of the bundle. Inline CSS, no script, no
 * external resource of any kind (it is opened from a support case's attachments, often offline,
 * and must not call home). Findings first, most severe first; then small SVG charts; then each
 * collector's status and files, linked relatively so they open inside the unpacked bundle.
 */
public final class HtmlReport {

    /** Where the page goes in a bundle. */
    public static final String PATH = "index.html";

    private static final int MAX_BARS = 15;

    private final StringBuilder h = new StringBuilder(64 * 1024);
    private final Set<String> files;

    private HtmlReport(Set<String> files) {
        this.files = files;
    }

    /**
     * Renders the page.
     *
     * @param manifest the bundle's manifest as plain values (collectors with their files and commands)
     * @param files    the bundle paths that exist, so only real files are linked
     */
    public static String render(BundleModels models, List<Finding> findings, Map<String, Object> manifest, List<String> files) {
        HtmlReport r = new HtmlReport(new HashSet<>(files));
        r.page(models, findings, manifest);
        return r.h.toString();
    }

    private void page(BundleModels models, List<Finding> findings, Map<String, Object> manifest) {
        Map<String, String> summary = HostSummary.of(models);
        String host = summary.getOrDefault("host", "node");
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>jsos: ").append(esc(host))
                .append("</title>\n<style>").append(CSS).append("</style></head>\n<body>\n");
        h.append("<header><h1>jsos bundle: ").append(esc(host)).append("</h1><p class=\"muted\">")
                .append(esc(J.str(manifest, "createdUtc") == null ? "" : "collected " + J.str(manifest, "createdUtc")))
                .append(esc(J.str(manifest, "tool", "version") == null ? "" : " by jsos " + J.str(manifest, "tool", "version")))
                .append("</p></header>\n");
        h.append("<section id=\"summary\"><h2>Host</h2><table class=\"kv\">");
        summary.forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>"));
        h.append("</table></section>\n");
        findings(findings);
        charts(models);
        collectors(manifest);
        h.append("<footer class=\"muted\">Raw files are linked relative to this page: unpack the bundle and open index.html "
                + "from its folder. Findings as data: <a href=\"jsos/findings.json\">jsos/findings.json</a>.</footer>\n");
        h.append("</body></html>\n");
    }

    private void findings(List<Finding> findings) {
        Map<String, Integer> counts = FindingsDocument.counts(findings);
        h.append("<section id=\"findings\"><h2>Findings</h2><p>");
        counts.forEach((s, n) -> h.append("<span class=\"badge ").append(s).append("\">").append(n).append(' ').append(s).append("</span> "));
        h.append("</p>\n");
        if (findings.isEmpty()) {
            h.append("<p class=\"ok\">No rule found a problem. Check the collectors below: a failed collector means "
                    + "'unknown', not 'healthy'.</p>\n");
        }
        for (Finding f : findings) {
            String sev = f.severity().wireName();
            h.append("<article class=\"finding ").append(sev).append("\" data-id=\"").append(esc(f.id())).append("\">")
                    .append("<h3><span class=\"badge ").append(sev).append("\">").append(sev).append("</span> ")
                    .append(esc(f.title())).append("</h3>")
                    .append("<p class=\"muted\">").append(esc(f.id())).append(f.subject().isEmpty() ? "" : " · " + esc(f.subject()))
                    .append("</p>");
            if (!f.evidence().isEmpty()) {
                h.append("<table class=\"evidence\">");
                for (Evidence e : f.evidence()) {
                    h.append("<tr><th>").append(esc(e.label())).append("</th><td>").append(esc(String.valueOf(e.value())))
                            .append("</td><td>").append(link(e.path())).append("</td></tr>");
                }
                h.append("</table>");
            }
            if (!f.next().isEmpty()) {
                h.append("<p class=\"next\"><b>Next:</b> ").append(esc(f.next())).append("</p>");
            }
            h.append("</article>\n");
        }
        h.append("</section>\n");
    }

    private void charts(BundleModels models) {
        StringBuilder c = new StringBuilder();
        containerCharts(models, c);
        thinPools(models, c);
        ceph(models, c);
        if (c.length() > 0) {
            h.append("<section id=\"charts\"><h2>At a glance</h2>").append(c).append("</section>\n");
        }
    }

    private void containerCharts(BundleModels models, StringBuilder c) {
        List<Map<String, Object>> all = models.object("cgroups").map(d -> J.objs(d, "cgroups")).orElse(List.of());
        List<Map<String, Object>> groups = all.stream().filter(g -> "container".equals(J.str(g, "identity", "kind"))).toList();
        String what = "container";
        if (groups.isEmpty()) {
            groups = all.stream().filter(g -> "service".equals(J.str(g, "identity", "kind"))).toList();
            what = "service";
        }
        if (groups.isEmpty()) {
            return;
        }
        List<Bar> mem = new ArrayList<>();
        List<Bar> cpu = new ArrayList<>();
        for (Map<String, Object> g : groups) {
            String name = io.jsos.findings.rules.CgroupRules.name(g);
            Double used = J.num(g, "memory", "usage");
            Double limit = J.limit(g, "memory", "limit");
            if (used != null) {
                mem.add(new Bar(name, used, limit, Units.bytes(used) + (limit == null ? "" : " of " + Units.bytes(limit))));
            }
            Double ns = J.num(g, "cpu", "usageNs");
            if (ns != null) {
                cpu.add(new Bar(name, ns / 1e9, null, String.format(Locale.ROOT, "%.1f s", ns / 1e9)));
            }
        }
        c.append(barChart("Memory per " + what + " (bar: usage; frame: limit)", mem));
        c.append(barChart("CPU time per " + what + " since it started", cpu));
    }

    private void thinPools(BundleModels models, StringBuilder c) {
        List<Bar> bars = new ArrayList<>();
        for (Map<String, Object> lv : models.object("lvm").map(d -> J.objs(d, "lvs")).orElse(List.of())) {
            if (!"thin-pool".equals(J.str(lv, "segtype"))) {
                continue;
            }
            String name = J.str(lv, "vg") + "/" + J.str(lv, "name");
            Double data = J.num(lv, "data_percent");
            Double meta = J.num(lv, "metadata_percent");
            if (data != null) {
                bars.add(new Bar(name + " data", data, 100.0, Units.pct(data)));
            }
            if (meta != null) {
                bars.add(new Bar(name + " metadata", meta, 100.0, Units.pct(meta)));
            }
        }
        c.append(barChart("Thin pool fill", bars));
    }

    private void ceph(BundleModels models, StringBuilder c) {
        Map<String, Object> d = models.object("ceph").orElse(null);
        List<Bar> bars = new ArrayList<>();
        Double used = J.num(d, "capacity", "used_bytes");
        Double total = J.num(d, "capacity", "total_bytes");
        if (used != null && total != null && total > 0) {
            bars.add(new Bar("cluster", used, total, Units.bytes(used) + " of " + Units.bytes(total)));
        }
        for (Map<String, Object> p : J.objs(d, "pools")) {
            Double r = J.num(p, "used_ratio");
            if (r != null) {
                bars.add(new Bar("pool " + J.str(p, "name"), r * 100, 100.0, Units.pct(r * 100)));
            }
        }
        c.append(barChart("Ceph capacity", bars));
    }

    /** A value and (optionally) the limit it is measured against. */
    record Bar(String label, double value, Double limit, String text) {
    }

    /** A horizontal bar chart as inline SVG: bars scaled to the largest value or limit, the limit drawn as a frame. */
    static String barChart(String title, List<Bar> input) {
        if (input.isEmpty()) {
            return "";
        }
        List<Bar> bars = input.stream().sorted(Comparator.comparingDouble(Bar::value).reversed()).limit(MAX_BARS).toList();
        double max = bars.stream().mapToDouble(b -> Math.max(b.value(), b.limit() == null ? 0 : b.limit())).max().orElse(1);
        max = max <= 0 ? 1 : max;
        int row = 22;
        int labelW = 260;
        int barW = 360;
        int height = bars.size() * row + 6;
        StringBuilder s = new StringBuilder();
        s.append("<figure><figcaption>").append(esc(title)).append("</figcaption><svg role=\"img\" width=\"")
                .append(labelW + barW + 170).append("\" height=\"").append(height).append("\">");
        int y = 3;
        for (Bar b : bars) {
            double w = barW * Math.min(b.value(), max) / max;
            boolean hot = b.limit() != null && b.limit() > 0 && b.value() / b.limit() >= 0.8;
            s.append("<text x=\"0\" y=\"").append(y + 14).append("\">").append(esc(shorten(b.label(), 40))).append("</text>");
            if (b.limit() != null) {
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\" class=\"limit\"/>",
                        labelW, y, barW * Math.min(b.limit(), max) / max));
            }
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\" class=\"%s\"/>",
                    labelW, y, Math.max(w, 1), hot ? "bar hot" : "bar"));
            s.append("<text x=\"").append(labelW + barW + 6).append("\" y=\"").append(y + 14).append("\">").append(esc(b.text())).append("</text>");
            y += row;
        }
        s.append("</svg></figure>\n");
        return s.toString();
    }

    private void collectors(Map<String, Object> manifest) {
        h.append("<section id=\"collectors\"><h2>Collectors</h2><table class=\"collectors\"><tr><th>collector</th><th>status</th>"
                + "<th>time</th><th>reason</th><th>files</th></tr>\n");
        for (Map<String, Object> c : J.objs(manifest, "collectors")) {
            String name = J.str(c, "name");
            String status = String.valueOf(J.str(c, "status"));
            Set<String> paths = new LinkedHashSet<>();
            paths.add("jsos/" + name + ".json");
            J.objs(c, "commands").forEach(cmd -> paths.add(J.str(cmd, "output")));
            J.objs(c, "files").forEach(f -> paths.add(strip(J.str(f, "path"))));
            for (String p : files) {
                if (p.startsWith("sos_commands/" + name + "/")) {
                    paths.add(p);
                }
            }
            List<String> present = paths.stream().filter(p -> p != null && files.contains(p)).toList();
            h.append("<tr><td>").append(esc(name)).append("</td><td><span class=\"status ").append(esc(status)).append("\">")
                    .append(esc(status)).append("</span></td><td>").append(J.num(c, "durationMs") == null ? ""
                            : J.num(c, "durationMs").longValue() + " ms").append("</td><td>").append(esc(J.str(c, "reason") == null ? "" : J.str(c, "reason")));
            for (Object e : J.list(c, "errors")) {
                h.append("<div class=\"err\">").append(esc(String.valueOf(e))).append("</div>");
            }
            h.append("</td><td>");
            if (!present.isEmpty()) {
                h.append("<details><summary>").append(present.size()).append(" file(s)</summary><ul>");
                present.forEach(p -> h.append("<li>").append(link(p)).append("</li>"));
                h.append("</ul></details>");
            }
            h.append("</td></tr>\n");
        }
        h.append("</table></section>\n");
    }

    private static String strip(String hostPath) {
        if (hostPath == null) {
            return null;
        }
        String p = hostPath;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p;
    }

    /** A relative link to a bundle file when it exists, else the path as text. */
    private String link(String path) {
        if (path == null) {
            return "";
        }
        if (!files.contains(path)) {
            return "<span class=\"muted\">" + esc(path) + "</span>";
        }
        StringBuilder href = new StringBuilder();
        for (String seg : path.split("/")) {
            if (href.length() > 0) {
                href.append('/');
            }
            href.append(java.net.URLEncoder.encode(seg, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return "<a href=\"" + esc(href.toString()) + "\">" + esc(path) + "</a>";
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    private static String shorten(String s, int n) {
        return s.length() <= n ? s : "…" + s.substring(s.length() - n + 1);
    }

    /** The severities' colours are the only decoration; the page prints and reads without them. */
    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:1.5em auto;max-width:1100px;padding:0 1em;color:#1d232a}
            h1{font-size:1.5em;margin:0}h2{border-bottom:1px solid #ccd;padding-bottom:.2em;margin-top:1.6em}h3{margin:.1em 0;font-size:1.05em}
            .muted{color:#667}.ok{color:#1a7f37}table{border-collapse:collapse}th,td{text-align:left;padding:2px 8px;vertical-align:top}
            table.kv th{color:#556;font-weight:600}table.collectors{width:100%}table.collectors tr:nth-child(even){background:#f5f6f8}
            .finding{border-left:5px solid #888;background:#fafbfc;margin:.7em 0;padding:.5em .9em}
            .finding.critical{border-color:#c62828}.finding.warning{border-color:#e09b00}.finding.info{border-color:#1f6feb}
            .badge{display:inline-block;border-radius:3px;padding:0 6px;color:#fff;font-size:.85em;font-weight:600;background:#888}
            .badge.critical{background:#c62828}.badge.warning{background:#b77900}.badge.info{background:#1f6feb}
            table.evidence{font-size:.92em;margin:.3em 0}table.evidence th{font-weight:500;color:#445}
            .next{margin:.3em 0}.status{font-weight:600}.status.ok{color:#1a7f37}.status.failed,.status.timed_out{color:#c62828}
            .status.skipped,.status.not_applicable{color:#667}.err{color:#c62828;font-size:.9em}
            figure{margin:1em 0}figcaption{font-weight:600;margin-bottom:.3em}svg text{font-size:12px;fill:#1d232a}
            svg .bar{fill:#3b82c4}svg .bar.hot{fill:#d0542c}svg .limit{fill:none;stroke:#99a;stroke-dasharray:3 2}
            footer{margin-top:2em;font-size:.9em}a{color:#0b5cad}
            """;
}
