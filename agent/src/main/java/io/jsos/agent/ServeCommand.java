package io.jsos.agent;

import io.jsos.agent.serve.Serve;
import io.jsos.api.Durations;
import io.jsos.api.Host;
import io.jsos.engine.CollectionPlan;
import io.jsos.engine.CollectorCatalog;
import io.jsos.engine.LowPriority;
import io.jsos.engine.scrape.ScrapeEngine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code jsos serve}: the Prometheus exporter. This class only reads the options; the exporter
 * itself is in {@code io.jsos.agent.serve}. It lives beside the other commands because it shares
 * their {@link HostOptions} mixin.
 */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        header = "Run the Prometheus exporter: the collectors' metrics, read at scrape time.",
        description = {
                "Serves /metrics (Prometheus text format; OpenMetrics when the Accept header asks for it), /healthz "
                        + "and an index page. Every scrape reads the node now: each collector's metrics half runs "
                        + "concurrently under --collector-timeout; scrapes that arrive together share one collection, "
                        + "and a collection is served again for --cache-ttl. A collector that fails or times out is "
                        + "reported in jsos_scrape_collector_success and the rest of the scrape succeeds.",
                "",
                "TLS and basic auth come from a web config file in node_exporter's --web.config.file format. "
                        + "Without one the exporter serves plain HTTP, and says so in its log. Stops on SIGTERM or SIGINT.",
                ""},
        sortOptions = false,
        footer = {"%nExit codes:%n"
                + "  0  stopped by a signal after serving (SIGTERM, SIGINT: the JVM reports 143 or 130)%n"
                + "  2  usage error: bad option, unknown collector, bad web config; nothing was served%n"
                + "  3  could not listen on the address (in use, not allowed) or read the TLS files%n"
                + "  4  internal error in jsos%n",
                "Examples:",
                "  jsos serve                                      every interface, port " + Serve.DEFAULT_PORT,
                "  jsos serve --listen 127.0.0.1:9910 --web-config-file /etc/jsos/web.yml",
                "  jsos serve --host-root /host                    in the DaemonSet's container",
                "  jsos serve --list-metrics --collectors system   print the metric families once and exit"})
final class ServeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"--listen", "--web.listen-address"}, paramLabel = "HOST:PORT", defaultValue = ":" + Serve.DEFAULT_PORT,
            description = "Address to listen on: HOST:PORT, :PORT for every interface, [::1]:PORT; port 0 picks a "
                    + "free one (the log says which). Default: ${DEFAULT-VALUE}")
    String listen;

    @Option(names = {"--web-config-file", "--web.config.file"}, paramLabel = "FILE",
            description = "TLS and basic auth settings, in node_exporter's web config format (tls_server_config, "
                    + "basic_auth_users with bcrypt hashes). Without it: plain HTTP, no authentication.")
    Path webConfigFile;

    @Option(names = "--collectors", paramLabel = "NAMES", split = ",",
            description = "Scrape only these collectors (comma-separated); also ones not enabled by default.")
    Set<String> only = new LinkedHashSet<>();

    @Option(names = "--skip", paramLabel = "NAMES", split = ",", description = "Do not scrape these collectors.")
    Set<String> skip = new LinkedHashSet<>();

    @Option(names = "--profile", paramLabel = "NAMES", split = ",",
            description = "Scrape the collectors of these profiles (as for collect; 'jsos list --profiles').")
    List<String> profiles = new ArrayList<>();

    @Option(names = {"-o", "--option"}, paramLabel = "COLLECTOR.OPTION=VALUE",
            description = "Set a collector option (repeatable); 'jsos list --options' shows them.")
    List<String> options = new ArrayList<>();

    @Option(names = "--collector-timeout", paramLabel = "DURATION", defaultValue = "5s",
            description = "How long each collector may take in a scrape; one that overruns is interrupted and "
                    + "reported as failed. Keep it below Prometheus' scrape_timeout (10s by default). "
                    + "Default: ${DEFAULT-VALUE}")
    String collectorTimeout;

    @Option(names = "--cache-ttl", paramLabel = "DURATION", defaultValue = "1s",
            description = "Serve a finished collection again for this long (0: only share the one in flight). "
                    + "Default: ${DEFAULT-VALUE}")
    String cacheTtl;

    @Option(names = "--findings-interval", paramLabel = "DURATION", defaultValue = "60s",
            description = "Evaluate the findings rules in the background this often and export them as "
                    + "jsos_finding{id,severity,subject} (0: off). A scrape only reads the last result. "
                    + "Default: ${DEFAULT-VALUE}")
    String findingsInterval;

    @Option(names = "--max-series", paramLabel = "N", defaultValue = "20000",
            description = "The most series one collector may emit per scrape; the rest are dropped and it is reported "
                    + "as failed. Default: ${DEFAULT-VALUE}")
    int maxSeries;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "4",
            description = "HTTP worker threads. Default: ${DEFAULT-VALUE}")
    int threads;

    @Option(names = "--normal-priority",
            description = "Run collectors at normal CPU and I/O priority instead of nice 10 and the idle I/O class.")
    boolean normalPriority;

    @Option(names = "--list-metrics",
            description = "Scrape once, print the metric families (a Markdown table) and exit.")
    boolean listMetrics;

    // Hidden: the launcher and the image build run this under -XX:ArchiveClassesAtExit or
    // -XX:DumpLoadedClassList, so that the class-data archive holds the classes a long-running
    // exporter loads (the HTTP server, a scrape of every collector, a findings run) and no others.
    @Option(names = "--warm-up-and-exit", hidden = true,
            description = "Start, wait for the first findings run, scrape /metrics a few times over HTTP, and exit.")
    boolean warmUpAndExit;

    /** Scrapes in a warm-up: enough for every scrape path to run, far fewer than would compile much. */
    static final int WARM_UP_SCRAPES = 5;

    @Mixin
    HostOptions hostOptions = new HostOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1");
        }
        if (warmUpAndExit && webConfigFile != null) {
            throw new IllegalArgumentException("--warm-up-and-exit scrapes over plain HTTP: it takes no --web-config-file");
        }
        if (webConfigFile != null && !Files.isRegularFile(webConfigFile)) {
            throw new IllegalArgumentException("--web-config-file " + webConfigFile + " is not a file");
        }
        // A warm-up collects at every scrape: a cached answer would leave the scrape path untrained.
        ScrapeEngine.Settings engine = new ScrapeEngine.Settings(Durations.parse(collectorTimeout),
                warmUpAndExit ? Duration.ZERO : ttl(cacheTtl),
                maxSeries, !normalPriority, List.of());
        Host host = hostOptions.host();
        CollectorCatalog catalog = hostOptions.catalog();
        Selection selection = Selection.of(hostOptions.config(), catalog, profiles,
                spec.commandLine().getParseResult().hasMatchedOption("--profile"), only, "--collectors", skip,
                CollectCommand.parseOptions(options));
        CollectionPlan plan = selection.plan();
        selection.warnings().forEach(w -> err.println("jsos: warning: " + w));
        if (listMetrics) {
            out.print(Serve.listMetrics(engine, host, plan));
            out.flush();
            return ExitCodes.OK;
        }
        Serve.Running running;
        try {
            Serve.FindingsSettings findings = new Serve.FindingsSettings(ttl(findingsInterval), catalog.pluginDirs(),
                    hostOptions.config().findings());
            running = Serve.start(new Serve.Settings(listen, webConfigFile, engine, threads), findings, host, catalog,
                    plan, err);
        } catch (IOException e) {
            err.println("jsos: " + e.getMessage());
            return ExitCodes.BUNDLE_FAILED;   // 3: the command's output (here: the listening socket) could not be made
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("TLS setup failed")) {
                err.println("jsos: " + e.getMessage());
                return ExitCodes.BUNDLE_FAILED;
            }
            throw e;
        }
        if (LowPriority.lastError() != null && !normalPriority) {
            err.println("jsos: note: could not lower priority: " + LowPriority.lastError());
        }
        if (warmUpAndExit) {
            try (running) {
                return warmUp(running, err);
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            err.println(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                    + " info jsos serve: stopping");
            err.flush();
            running.close();
            stopped.countDown();
        }, "jsos-shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }

    /** The warm-up: the first findings run, then a few scrapes of every page; 0 if all of it worked. */
    private static int warmUp(Serve.Running running, PrintWriter err) throws InterruptedException {
        if (!running.awaitFirstFindings(Duration.ofSeconds(120))) {
            err.println("jsos: warm-up: the first findings run did not end within 120 s");
            return ExitCodes.PARTIAL;
        }
        java.net.InetSocketAddress at = running.address();
        for (int i = 0; i < WARM_UP_SCRAPES; i++) {
            for (String path : i == 0 ? List.of("/", "/healthz", "/metrics") : List.of("/metrics")) {
                int status = get(at, path);
                if (status != 200) {
                    err.println("jsos: warm-up: GET " + path + " answered " + status);
                    return ExitCodes.PARTIAL;
                }
            }
        }
        return ExitCodes.OK;
    }

    /** A plain HTTP/1.1 GET, read to the end; the status code, or -1 if the exporter could not be reached. */
    private static int get(java.net.InetSocketAddress at, String path) {
        try (java.net.Socket s = new java.net.Socket(at.getAddress(), at.getPort())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] all = s.getInputStream().readAllBytes();
            String head = new String(all, 0, Math.min(all.length, 16), java.nio.charset.StandardCharsets.US_ASCII);
            return head.startsWith("HTTP/1.1 ") && head.length() >= 12 ? Integer.parseInt(head.substring(9, 12)) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static Duration ttl(String text) {
        return text.trim().matches("0+(\\.0+)?(ms|s|m|h)?") ? Duration.ZERO : Durations.parse(text);
    }
}
