package io.jsos.agent;

import io.jsos.agent.config.JsosConfig;
import io.jsos.api.Durations;
import io.jsos.api.Host;
import io.jsos.engine.CollectionPlan;
import io.jsos.engine.CollectionRunner;
import io.jsos.engine.CollectorCatalog;
import io.jsos.engine.LowPriority;
import io.jsos.report.BundleFormat;
import io.jsos.report.BundleSession;
import io.jsos.report.manifest.CollectorEntry;
import io.jsos.report.manifest.CollectorStatus;
import io.jsos.report.manifest.Manifest;
import io.jsos.report.redact.DefaultRedactor;
import io.jsos.report.redact.RedactionConfig;
import io.jsos.report.redact.RedactionFacts;
import io.jsos.report.redact.TokenMap;
import io.jsos.report.redact.Redactor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "collect",
        mixinStandardHelpOptions = true,
        header = "Write a redacted support bundle of this node.",
        description = {
                "Writes jsos-<host>-<UTC time>.tar.zst (mode 0600) with a .sha256 beside it, and the redaction map "
                        + "(.map.json, 0600: keep it, never send it). The bundle's path is the last line on stdout.",
                "",
                "Collectors run concurrently at low CPU and I/O priority, each under its own timeout and the whole run "
                        + "under --timeout. One that fails or hangs is recorded in manifest.json and the bundle is "
                        + "still written.",
                ""},
        sortOptions = false,
        footer = {ExitCodes.HELP,
                "Examples:",
                "  jsos collect                 everything that applies, into the current folder",
                "  jsos collect --only system,processes --out /var/tmp",
                "  jsos collect --skip processes --format gz --timeout 30s",
                "  jsos collect -o system.hardware=false --host-root /host"})
final class CollectCommand implements Callable<Integer> {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Folder to write the bundle to (created 0700 when missing). Default: the current folder.")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "zst",
            description = "zst (default), gz, xz, or dir for an unpacked folder.")
    String format;

    @Option(names = "--only", paramLabel = "NAMES", split = ",",
            description = "Run only these collectors (comma-separated); also runs ones not enabled by default.")
    Set<String> only = new LinkedHashSet<>();

    @Option(names = "--skip", paramLabel = "NAMES", split = ",", description = "Do not run these collectors.")
    Set<String> skip = new LinkedHashSet<>();

    @Option(names = "--profile", paramLabel = "NAMES", split = ",",
            description = "Run the collectors of these profiles (named sets, like sos presets): minimal, containers, "
                    + "performance, storage, network, k8s-node, or the config file's own ('jsos list --profiles').")
    List<String> profiles = new ArrayList<>();

    @Option(names = {"-o", "--option"}, paramLabel = "COLLECTOR.OPTION=VALUE",
            description = "Set a collector option (repeatable), e.g. -o processes.kernel-stacks=false. "
                    + "'jsos list' shows every option.")
    List<String> options = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "90s",
            description = "Deadline for the whole run (e.g. 90s, 2m). Collectors still running then are recorded "
                    + "as timed_out and the bundle is written. Default: ${DEFAULT-VALUE}")
    String timeout;

    @Option(names = "--collector-timeout", paramLabel = "DURATION",
            description = "Timeout of each collector, overriding their own defaults (30s for most).")
    String collectorTimeout;

    @Option(names = "--perf-window", paramLabel = "DURATION",
            description = "How long the perf collector counts events (same as -o perf.window=DURATION). Default: 1s")
    String perfWindow;

    @Option(names = "--parallelism", paramLabel = "N", defaultValue = "4",
            description = "How many collectors run at once. Default: ${DEFAULT-VALUE}")
    int parallelism;

    @Option(names = "--max-file-size", paramLabel = "BYTES", defaultValue = "33554432",
            description = "Cap on each copied file; larger files keep their tail. Default: ${DEFAULT-VALUE} (32 MiB)")
    long maxFileSize;

    @Option(names = "--no-redact",
            description = "Write host names, addresses, user names and secrets as they are. Only for bundles that "
                    + "never leave your hands.")
    boolean noRedact;

    @Option(names = "--map", paramLabel = "FILE",
            description = "Reuse the redaction map of an earlier bundle (its .map.json): the same values keep their tokens "
                    + "and its names stay hidden, so bundles of several nodes of one cluster can be read side by side. "
                    + "The map written beside the new bundle holds both; FILE itself is not changed.")
    Path map;

    @Option(names = "--rules", paramLabel = "FILE",
            description = "More redaction rules from a YAML file: words, hosts, domains, users, secretKeys, patterns, "
                    + "files (see docs/redaction.md).")
    Path rules;

    @Option(names = "--normal-priority",
            description = "Run at normal CPU and I/O priority instead of nice 10 and the idle I/O class.")
    boolean normalPriority;

    @Option(names = "--progress", negatable = true,
            description = "Show per-collector progress on stderr. Default: on when stdout is a terminal.")
    Boolean progress;

    @Mixin
    HostOptions hostOptions = new HostOptions();

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        BundleFormat bundleFormat = BundleFormat.parse(format);
        Duration deadline = Durations.parse(timeout);
        Duration perCollector = collectorTimeout == null ? null : Durations.parse(collectorTimeout);
        if (parallelism < 1) {
            throw new IllegalArgumentException("--parallelism must be at least 1");
        }
        if (maxFileSize < 1) {
            throw new IllegalArgumentException("--max-file-size must be positive");
        }
        Host host = hostOptions.host();
        CollectorCatalog catalog = hostOptions.catalog();
        Map<String, Map<String, String>> collectorOptions = parseOptions(options);
        if (perfWindow != null) {
            collectorOptions.computeIfAbsent("perf", k -> new LinkedHashMap<>()).put("window", perfWindow);
        }
        JsosConfig config = hostOptions.config();
        Selection selection = Selection.of(config, catalog, profiles,
                spec.commandLine().getParseResult().hasMatchedOption("--profile"), only, "--only", skip, collectorOptions);
        CollectionPlan plan = selection.plan();
        catalog.problems().forEach(p -> stderr.println("jsos: plugin skipped: " + p.source() + ": " + p.reason()));
        selection.warnings().forEach(w -> stderr.println("jsos: warning: " + w));

        Redactor redactor;
        if (noRedact && (map != null || rules != null)) {
            throw new IllegalArgumentException("--map and --rules are redaction options: they cannot go with --no-redact");
        }
        if (noRedact) {
            stderr.println("jsos: WARNING: --no-redact: the bundle holds host names, addresses, user names and "
                    + "secrets in clear. Do not send it outside your organisation.");
            redactor = Redactor.none();
        } else {
            redactor = redactor(RedactionFacts.fromHost(host), map, rules, config.redaction());
        }
        if (!normalPriority) {
            LowPriority.applyToCurrentThread();
        }
        Instant started = Instant.now();
        String name = "jsos-" + safe(redactor.redact(shortName(host.hostname()))) + "-" + STAMP.format(started);
        boolean showProgress = progress != null ? progress : System.console() != null;
        Progress listener = new Progress(stderr, showProgress);

        BundleSession.BundleResult result;
        List<CollectorEntry> entries;
        try (BundleSession session = new BundleSession(out, name, bundleFormat, redactor, maxFileSize)) {
            CollectionRunner runner = new CollectionRunner(
                    new CollectionRunner.Settings(deadline, perCollector, parallelism, !normalPriority));
            entries = runner.run(plan, host, session, listener);
            Manifest manifest = new Manifest(Manifest.SCHEMA_VERSION,
                    new Manifest.Tool("jsos", Version.get(), System.getProperty("java.version")),
                    DateTimeFormatter.ISO_INSTANT.format(started),
                    Duration.between(started, Instant.now()).toMillis(),
                    hostFacts(host), optionsForManifest(bundleFormat, deadline, perCollector),
                    redactor.enabled(), summary(entries), entries, catalog.toManifest(), selection.warnings());
            // Rules read the models just written; findings.json and index.html pass the same redactor.
            io.jsos.agent.findings.BundleFindings.write(session, manifest, catalog.pluginDirs(),
                    hostOptions.config().findings(), stderr);
            result = session.finish(manifest);
        } catch (IOException e) {
            stderr.println("jsos: could not write the bundle to " + out.toAbsolutePath() + ": " + e.getMessage());
            return ExitCodes.BUNDLE_FAILED;
        }
        if (LowPriority.lastError() != null && !normalPriority) {
            stderr.println("jsos: note: could not lower priority: " + LowPriority.lastError());
        }
        listener.done(entries, result);
        stdout.println(result.path());
        stdout.flush();
        boolean bad = entries.stream().anyMatch(e -> e.status() == CollectorStatus.FAILED || e.status() == CollectorStatus.TIMED_OUT);
        return bad ? ExitCodes.PARTIAL : ExitCodes.OK;
    }

    /** The redactor of a run: the host's names, and maybe a reused map and the user's rules. */
    static DefaultRedactor redactor(RedactionFacts facts, Path map, Path rules, RedactionConfig fromConfigFile) {
        TokenMap tokens = map == null ? new TokenMap() : TokenMap.read(map);
        RedactionConfig config = RedactionConfig.fromOption(rules).plus(fromConfigFile);
        return new DefaultRedactor(facts, tokens, config);
    }

    /** {@code -o lvm.timeout=5s} → {lvm: {timeout: 5s}}. */
    static Map<String, Map<String, String>> parseOptions(List<String> raw) {
        Map<String, Map<String, String>> out = new HashMap<>();
        for (String r : raw) {
            int dot = r.indexOf('.');
            int eq = r.indexOf('=');
            if (dot <= 0 || eq < dot + 2) {
                throw new IllegalArgumentException("-o expects COLLECTOR.OPTION=VALUE, got '" + r + "'");
            }
            out.computeIfAbsent(r.substring(0, dot), k -> new LinkedHashMap<>()).put(r.substring(dot + 1, eq), r.substring(eq + 1));
        }
        return out;
    }

    private Map<String, Object> optionsForManifest(BundleFormat bundleFormat, Duration deadline, Duration perCollector) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("format", bundleFormat.name().toLowerCase(java.util.Locale.ROOT));
        o.put("timeout", Durations.format(deadline));
        o.put("collectorTimeout", perCollector == null ? null : Durations.format(perCollector));
        o.put("only", List.copyOf(only));
        o.put("skip", List.copyOf(skip));
        o.put("options", options);
        o.put("hostRoot", hostOptions.hostRoot.toString());
        o.put("pluginDirs", hostOptions.pluginDirs.stream().map(Path::toString).toList());
        o.put("config", hostOptions.config().source());
        o.put("profiles", List.copyOf(profiles));
        o.put("parallelism", parallelism);
        o.put("maxFileSize", maxFileSize);
        o.put("lowPriority", !normalPriority);
        o.put("reusedMap", map != null);
        o.put("rules", rules != null);
        return o;
    }

    static Map<String, Object> hostFacts(Host host) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("hostname", host.hostname());
        h.put("kernel", host.tryRead("/proc/sys/kernel/osrelease").map(String::trim).orElse(null));
        h.put("os", host.tryReadLines("/etc/os-release").stream().filter(l -> l.startsWith("PRETTY_NAME="))
                .map(l -> l.substring(12).replace("\"", "")).findFirst().orElse(null));
        h.put("arch", System.getProperty("os.arch"));
        h.put("cpus", Runtime.getRuntime().availableProcessors());
        h.put("uid", new com.sun.security.auth.module.UnixSystem().getUid());
        return h;
    }

    static Map<String, Integer> summary(List<CollectorEntry> entries) {
        Map<String, Integer> s = new LinkedHashMap<>();
        for (CollectorStatus st : CollectorStatus.values()) {
            s.put(st.wireName(), 0);
        }
        entries.forEach(e -> s.merge(e.status().wireName(), 1, Integer::sum));
        return s;
    }

    private static String shortName(String hostname) {
        int dot = hostname.indexOf('.');
        return dot > 0 ? hostname.substring(0, dot) : hostname;
    }

    private static String safe(String s) {
        String t = s.replaceAll("[^A-Za-z0-9._-]", "_");
        return t.isEmpty() ? "host" : t;
    }
}
