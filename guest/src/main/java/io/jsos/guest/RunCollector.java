package io.jsos.guest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jsos.api.Collector;
import io.jsos.engine.host.LocalHost;
import io.jsos.report.PrivateFiles;
import io.jsos.report.redact.Redactor;
import io.jsos.testkit.CollectorHarness;
import io.jsos.testkit.ScrapeHarness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs one collector on the machine it runs on (in a guest: the guest's real kernel) the way
 * {@code jsos collect} and a scrape do, through the test kit's harnesses, and writes what it
 * produced for the host side of a test to read ({@link GuestCollectorRun}):
 * <ul>
 *   <li>{@code <out>/bundle/} the collector's bundle files (unredacted), {@code <out>/entry.json}
 *       its manifest entry;</li>
 *   <li>{@code <out>/metrics.json} every sample of one scrape, {@code <out>/metrics.txt} the same
 *       for people; {@code <out>/scrape-error.txt} instead when the scrape failed.</li>
 * </ul>
 * It runs from a module's own test class path, so a collector is tested in the guest before the
 * agent jar exists. Usage: {@code RunCollector <collector> <out-dir> [option=value...]}, several
 * such runs separated by {@code --} to share one JVM; the
 * collector's timeout is {@link #timeout()}; exit 2 on
 * bad arguments, 3 when the scrape failed or emitted what Prometheus would reject.
 */
public final class RunCollector {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunCollector() {
    }

    /**
     * The collector's timeout: under TCG everything runs 10-20 times slower than on a node, so a
     * default made for nodes would time out here. {@code JSOS_GUEST_COLLECTOR_TIMEOUT} (seconds)
     * changes it.
     */
    static Duration timeout() {
        String env = System.getenv("JSOS_GUEST_COLLECTOR_TIMEOUT");
        return Duration.ofSeconds(env != null && !env.isBlank() ? Long.parseLong(env.strip()) : 240);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * Runs each collector given, in this one JVM (under TCG a JVM start costs seconds, more than
     * most collectors): {@code <collector> <out-dir> [option=value...]}, several such runs
     * separated by {@code --}. Every run is made even when an earlier scrape failed; the exit
     * status is 3 when any did.
     */
    public static void main(String[] args) throws IOException {
        List<List<String>> runs = new ArrayList<>();
        runs.add(new ArrayList<>());
        for (String a : args) {
            if (a.equals("--")) {
                runs.add(new ArrayList<>());
            } else {
                runs.get(runs.size() - 1).add(a);
            }
        }
        Map<String, Collector> known = ServiceLoader.load(Collector.class).stream().map(ServiceLoader.Provider::get)
                .collect(Collectors.toMap(Collector::name, c -> c, (a, b) -> a, LinkedHashMap::new));
        for (List<String> run : runs) {
            if (run.size() < 2) {
                System.err.println("usage: RunCollector <collector> <out-dir> [option=value...] [-- <collector> <out-dir> ...]");
                System.exit(2);
            }
            if (!known.containsKey(run.get(0))) {
                System.err.println("no collector " + run.get(0) + " on the class path; there are: " + known.keySet());
                System.exit(2);
            }
        }
        boolean scrapesOk = true;
        for (List<String> run : runs) {
            long t0 = System.nanoTime();
            scrapesOk &= runOne(known.get(run.get(0)), Path.of(run.get(1)), run.subList(2, run.size()));
            System.out.printf("%s: %d ms%n", run.get(0), (System.nanoTime() - t0) / 1_000_000);
        }
        if (!scrapesOk) {
            System.exit(3);
        }
    }

    /** One collector's bundle and one scrape into {@code out}; false when the scrape failed. */
    private static boolean runOne(Collector collector, Path outDir, List<String> optionArgs) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        for (String o : optionArgs) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                System.err.println("option " + o + " is not name=value");
                System.exit(2);
            }
            options.put(o.substring(0, eq), o.substring(eq + 1));
        }
        Path out = Files.createDirectories(outDir);
        // The bundle is written on the guest's own tmpfs and copied out once: every write to the
        // 9p run share is a synchronous round trip to the host, far too slow for a bundle's many files.
        Path work = Files.createTempDirectory("jsos-run-collector-");
        LocalHost host = LocalHost.local();

        CollectorHarness.BundleOutcome bundle = CollectorHarness.collect(collector, host, work, Redactor.none(), options,
                timeout());
        copyTree(bundle.folder(), out.resolve("bundle"));
        PrivateFiles.deleteTree(work);
        JSON.writeValue(out.resolve("entry.json").toFile(), bundle.entry());
        System.out.println(collector.name() + ": " + bundle.entry().status() + " " + bundle.files().size() + " files");

        try {
            ScrapeHarness.Scrape scrape = ScrapeHarness.scrape(collector, host, options);
            JSON.writeValue(out.resolve("metrics.json").toFile(), scrape.samples());
            Files.writeString(out.resolve("metrics.txt"), scrape.samples().stream()
                    .map(s -> s.name() + s.labels() + " " + s.value()).collect(Collectors.joining("\n", "", "\n")));
            System.out.println(collector.name() + ": " + scrape.samples().size() + " samples");
            return true;
        } catch (AssertionError | RuntimeException e) {
            Files.writeString(out.resolve("scrape-error.txt"), e.toString());
            System.err.println(collector.name() + " scrape failed: " + e);
            return false;
        }
    }
}
