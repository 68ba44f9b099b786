package io.jsos.agent.serve;

import io.jsos.engine.scrape.FamilyInfo;

import java.util.List;

/** The metric families of a scrape as a Markdown table: {@code jsos serve --list-metrics} and docs/exporter.md. */
final class MetricList {

    private MetricList() {
    }

    static String markdown(List<FamilyInfo> families) {
        StringBuilder sb = new StringBuilder();
        sb.append("| metric | type | labels | collector | help |\n");
        sb.append("|---|---|---|---|---|\n");
        for (FamilyInfo f : families) {
            sb.append("| `").append(f.name()).append("` | ").append(f.type()).append(" | ")
                    .append(f.labelNames().isEmpty() ? "" : "`" + String.join("`, `", f.labelNames()) + "`")
                    .append(" | ").append(f.collector()).append(" | ").append(escape(f.help())).append(" |\n");
        }
        return sb.toString();
    }

    private static String escape(String s) {
        return s.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ");
    }
}
