package io.jsos.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsos.api.Collector;
import io.jsos.api.Host;
import io.jsos.engine.CollectionPlan;
import io.jsos.engine.CollectionRunner;
import io.jsos.engine.CollectorCatalog;
import io.jsos.report.BundleFormat;
import io.jsos.report.BundleSession;
import io.jsos.report.manifest.CollectorEntry;
import io.jsos.report.manifest.Manifest;
import io.jsos.report.redact.DefaultRedactor;
import io.jsos.report.redact.RedactionFacts;
import io.jsos.report.redact.Redactor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs one collector the way {@code jsos collect} does (same engine, timeouts, bundle writer and
 * redaction) and hands back what it wrote, for assertions.
 *
 * <pre>{@code
 * BundleOutcome out = CollectorHarness.collect(new LvmCollector(), host, tempDir);
 * assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
 * assertThat(out.text("sos_commands/lvm/lvs")).contains("tpool");
 * assertThat(out.json().at("/vgs/0/name").asText()).isEqualTo("vg0");
 * }</pre>
 */
public final class CollectorHarness {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CollectorHarness() {
    }

    /** Runs the collector with no redaction, its default options and its own timeout. */
    public static BundleOutcome collect(Collector collector, Host host, Path workDir) {
        return collect(collector, host, workDir, Redactor.none(), Map.of(), null);
    }

    /** Runs the collector with these option values ({@code "cli-timeout" -> "500ms"}), no redaction. */
    public static BundleOutcome collect(Collector collector, Host host, Path workDir, Map<String, String> options) {
        return collect(collector, host, workDir, Redactor.none(), options, null);
    }

    /**
     * Runs the collector as a default {@code jsos collect} does: every byte redacted with this host's
     * names, addresses and secrets rules, so a test can check that a planted secret never reaches
     * the bundle ({@code assertThat(out.everything()).doesNotContain("hunter2")}).
     */
    public static BundleOutcome collectRedacted(Collector collector, Host host, Path workDir) {
        return collect(collector, host, workDir, new DefaultRedactor(RedactionFacts.fromHost(host)), Map.of(), null);
    }

    /**
     * Runs the collector.
     *
     * @param redactor what every written byte passes
     * @param options  raw option values ({@code "timeout" -> "5s"})
     * @param timeout  overrides the collector's default timeout, or null
     */
    public static BundleOutcome collect(Collector collector, Host host, Path workDir, Redactor redactor,
                                        Map<String, String> options, Duration timeout) {
        try {
            Path out = Files.createDirectories(workDir.resolve("bundle-out"));
            String name = "harness-" + collector.name() + "-" + System.nanoTime();
            CollectorCatalog catalog = CollectorCatalog.of(List.of(collector));
            CollectionPlan plan = CollectionPlan.of(catalog, Set.of(), Set.of(), Map.of(collector.name(), options));
            Duration budget = timeout != null ? timeout.plusSeconds(5) : collector.defaultTimeout().plusSeconds(5);
            CollectionRunner runner = new CollectionRunner(new CollectionRunner.Settings(budget, timeout, 1, false));
            List<CollectorEntry> entries;
            BundleSession.BundleResult result;
            try (BundleSession session = new BundleSession(out, name, BundleFormat.DIR, redactor, BundleSession.DEFAULT_FILE_CAP)) {
                entries = runner.run(plan, host, session, new CollectionRunner.Listener() { });
                Manifest m = new Manifest(Manifest.SCHEMA_VERSION, new Manifest.Tool("jsos-testkit", "test", ""),
                        "", 0, Map.of(), Map.of(), redactor.enabled(), Map.of(), entries);
                result = session.finish(m);
            }
            return new BundleOutcome(entries.get(0), result.path(), readAll(result.path()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, byte[]> readAll(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    /**
     * What one collector run produced.
     *
     * @param entry  the collector's manifest entry (status, reason, files, commands, errors)
     * @param folder the unpacked bundle
     * @param files  every file in the bundle, by bundle path ({@code proc/meminfo}, {@code jsos/lvm.json})
     */
    public record BundleOutcome(CollectorEntry entry, Path folder, Map<String, byte[]> files) {

        /** Whether the bundle has this file. */
        public boolean has(String bundlePath) {
            return files.containsKey(bundlePath);
        }

        /** What the collector logged ({@code CollectContext.log()}), or "" when it logged nothing. */
        public String log() {
            byte[] b = files.get("sos_commands/" + entry.name() + "/collector.log");
            return b == null ? "" : new String(b, StandardCharsets.UTF_8);
        }

        /** A bundle file as text; fails when it is missing. */
        public String text(String bundlePath) {
            byte[] b = files.get(bundlePath);
            if (b == null) {
                throw new AssertionError("no " + bundlePath + " in the bundle; it has: " + files.keySet());
            }
            return new String(b, StandardCharsets.UTF_8);
        }

        /** The collector's structured document, {@code jsos/<name>.json}. */
        public JsonNode json() {
            try {
                return JSON.readTree(text("jsos/" + entry.name() + ".json"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Every byte of the bundle as one string (ISO-8859-1), for "planted secret appears nowhere" checks. */
        public String everything() {
            StringBuilder sb = new StringBuilder();
            files.forEach((k, v) -> sb.append(k).append('\n').append(new String(v, StandardCharsets.ISO_8859_1)).append('\n'));
            return sb.toString();
        }
    }
}
