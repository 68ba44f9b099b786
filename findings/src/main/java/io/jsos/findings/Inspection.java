package io.jsos.findings;

import io.jsos.api.findings.CollectorState;
import io.jsos.api.findings.Evidence;
import io.jsos.api.findings.Finding;
import io.jsos.api.findings.Severity;
import io.jsos.api.findings.Thresholds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One bundle opened for {@code jsos inspect} and {@code jsos diff}: a jsos bundle (archive or
 * unpacked folder) with its models and findings, or an sos report, which has no models: it is
 * named as such and listed as far as its files allow, never mistaken for a healthy node.
 *
 * @param kind     what the input is
 * @param source   its files
 * @param models   the models (empty ones for an sos report)
 * @param manifest the manifest as plain values (empty for an sos report)
 * @param findings the rules' findings, most severe first (none for an sos report)
 */
public record Inspection(Kind kind, BundleSource source, BundleModels models, Map<String, Object> manifest, List<Finding> findings) {

    /** What a bundle is. */
    public enum Kind {
        JSOS, SOS, UNKNOWN;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Opens a bundle file or folder and evaluates the rules over it. */
    public static Inspection open(Path input, FindingsEngine engine, Thresholds thresholds) throws IOException {
        if (!Files.exists(input)) {
            throw new IOException(input + ": no such file or folder");
        }
        BundleSource source = Files.isDirectory(input) ? new FolderSource(input) : ArchiveSource.open(input);
        return of(source, engine, thresholds);
    }

    /** Evaluates the rules over a bundle's files. */
    public static Inspection of(BundleSource source, FindingsEngine engine, Thresholds thresholds) throws IOException {
        Map<String, Object> manifest = BundleModels.manifest(source);
        BundleModels models = BundleModels.read(source);
        if (manifest.isEmpty()) {
            Kind kind = isSos(source) ? Kind.SOS : Kind.UNKNOWN;
            return new Inspection(kind, source, models, manifest, List.of());
        }
        return new Inspection(Kind.JSOS, source, models, manifest, engine.evaluate(models, thresholds));
    }

    static boolean isSos(BundleSource s) {
        String top = s instanceof ArchiveSource a ? a.top() : s.name();
        return (top != null && top.startsWith("sosreport-")) || s.paths().stream().anyMatch(p -> p.startsWith("sos_reports/")
                || p.startsWith("sos_logs/")) && s.paths().stream().anyMatch(p -> p.startsWith("sos_commands/"));
    }

    /** What an sos report says about itself: host, kernel, sos version, plugins and file count. */
    public Map<String, Object> sosSummary() {
        Map<String, Object> m = new LinkedHashMap<>();
        text("hostname").or(() -> text("etc/hostname")).ifPresent(v -> m.put("host", v.strip()));
        text("uname").or(() -> text("sos_commands/kernel/uname_-a")).ifPresent(v -> m.put("uname", v.strip()));
        text("uptime").or(() -> text("sos_commands/host/uptime")).ifPresent(v -> m.put("uptime", v.strip()));
        text("version.txt").ifPresent(v -> m.put("sos", v.lines().findFirst().orElse("").strip()));
        text("etc/os-release").ifPresent(v -> v.lines().filter(l -> l.startsWith("PRETTY_NAME="))
                .findFirst().ifPresent(l -> m.put("os", l.substring(12).replace("\"", ""))));
        TreeSet<String> plugins = new TreeSet<>();
        for (String p : source.paths()) {
            if (p.startsWith("sos_commands/") && p.indexOf('/', 13) > 0) {
                plugins.add(p.substring(13, p.indexOf('/', 13)));
            }
        }
        m.put("plugins", List.copyOf(plugins));
        m.put("files", source.paths().size());
        return m;
    }

    private Optional<String> text(String path) {
        try {
            return source.read(path).map(b -> new String(b, StandardCharsets.UTF_8)).filter(s -> !s.isBlank());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The inspection as plain values, for {@code --json}. */
    public Map<String, Object> toJson() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("bundle", source.name());
        d.put("kind", kind.wireName());
        if (kind != Kind.JSOS) {
            d.put("note", kind == Kind.SOS ? "an sos report: it holds no jsos models, so no rule ran; listed as far as its files allow"
                    : "not a jsos bundle (no manifest.json): nothing to evaluate");
            d.put("summary", kind == Kind.SOS ? sosSummary() : Map.of("files", source.paths().size()));
            return d;
        }
        d.put("createdUtc", J.str(manifest, "createdUtc"));
        d.put("host", HostSummary.of(models));
        d.put("counts", FindingsDocument.counts(findings));
        d.put("findings", findings.stream().map(FindingsDocument::finding).toList());
        d.put("collectors", FindingsDocument.collectors(models.collectors()));
        d.put("problems", models.problems());
        return d;
    }

    /** The inspection for a terminal; ANSI colours only when asked (a TTY). */
    public String toText(boolean colour) {
        Ansi a = new Ansi(colour);
        StringBuilder s = new StringBuilder();
        if (kind != Kind.JSOS) {
            s.append(a.bold(source.name())).append('\n');
            if (kind == Kind.SOS) {
                s.append(a.yellow("This is an sos report, not a jsos bundle: it holds no jsos models, so no rule ran and no "
                        + "finding is shown. What it holds:")).append('\n');
                sosSummary().forEach((k, v) -> s.append(String.format("  %-10s %s%n", k,
                        v instanceof List<?> l ? String.join(" ", l.stream().map(String::valueOf).toList()) : v)));
                s.append("Collect a jsos bundle on the node (jsos collect) for findings.\n");
            } else {
                s.append(a.yellow("Not a jsos bundle (no manifest.json): nothing to evaluate.")).append('\n');
            }
            return s.toString();
        }
        s.append(a.bold("jsos bundle " + source.name())).append(J.str(manifest, "createdUtc") == null ? ""
                : "  (" + J.str(manifest, "createdUtc") + ")").append('\n');
        HostSummary.of(models).forEach((k, v) -> s.append(String.format("  %-10s %s%n", k, v)));
        Map<String, Integer> counts = FindingsDocument.counts(findings);
        s.append('\n').append(a.bold("Findings: ")).append(a.sev(Severity.CRITICAL, counts.get("critical") + " critical")).append(", ")
                .append(a.sev(Severity.WARNING, counts.get("warning") + " warning")).append(", ")
                .append(a.sev(Severity.INFO, counts.get("info") + " info")).append('\n');
        for (Finding f : findings) {
            s.append(a.sev(f.severity(), String.format("%-8s", f.severity().wireName().toUpperCase(java.util.Locale.ROOT))))
                    .append(' ').append(f.title()).append(a.dim("  [" + f.id() + "]")).append('\n');
            for (Evidence e : f.evidence().subList(0, Math.min(4, f.evidence().size()))) {
                s.append("         ").append(e.label()).append(" = ").append(e.value())
                        .append(e.path() == null ? "" : a.dim("  (" + e.path() + ")")).append('\n');
            }
            if (!f.next().isEmpty()) {
                s.append("         next: ").append(f.next()).append('\n');
            }
        }
        if (findings.isEmpty()) {
            s.append(a.green("  no rule found a problem")).append('\n');
        }
        s.append('\n').append(a.bold("Collectors:")).append('\n');
        for (CollectorState c : models.collectors()) {
            String st = c.broken() ? a.red(c.status()) : c.ok() ? a.green(c.status()) : a.dim(c.status());
            s.append(String.format("  %-14s ", c.name())).append(st)
                    .append(c.broken() && c.reason() != null ? "  " + c.reason() : "").append('\n');
        }
        models.problems().forEach(p -> s.append(a.yellow("problem: " + p)).append('\n'));
        return s.toString();
    }

    /** ANSI colouring that turns itself off. */
    static final class Ansi {
        private final boolean on;

        Ansi(boolean on) {
            this.on = on;
        }

        String wrap(String code, String s) {
            return on ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
        }

        String bold(String s) {
            return wrap("1", s);
        }

        String dim(String s) {
            return wrap("2", s);
        }

        String red(String s) {
            return wrap("31", s);
        }

        String green(String s) {
            return wrap("32", s);
        }

        String yellow(String s) {
            return wrap("33", s);
        }

        String sev(Severity sev, String s) {
            return switch (sev) {
                case CRITICAL -> wrap("1;31", s);
                case WARNING -> wrap("33", s);
                case INFO -> wrap("36", s);
            };
        }
    }
}
