package io.jsos.storage.ceph;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.api.Applicability;
import io.jsos.api.Bundle;
import io.jsos.api.CollectContext;
import io.jsos.api.Collector;
import io.jsos.api.Command;
import io.jsos.api.CommandResult;
import io.jsos.api.Host;
import io.jsos.api.HostPathException;
import io.jsos.api.MetricsWriter;
import io.jsos.api.OptionSpec;
import io.jsos.api.ScrapeContext;
import io.jsos.storage.ToolRun;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.Collections;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.jsos.storage.Metrics.gaugeIfKnown;
import static io.jsos.storage.Metrics.label;

/**
 * Ceph: the cluster through the node's {@code ceph} CLI (JSON), the local daemons through their
 * admin sockets, and the node's Ceph configuration with keyrings (keys always blanked).
 *
 * <p>Never hangs on a dead cluster: every CLI call passes {@code --connect-timeout} (the CLI's
 * {@code --timeout} does not cover connecting; without it {@code ceph -s} waits 300 s), and is
 * killed at {@code timeout} anyway. {@code status} runs first: when it gets no answer the cluster
 * is recorded as "cluster unreachable" and the other cluster commands are not tried, so a dead
 * cluster costs one connect timeout. The other calls then run three at a time. Admin-socket calls have no timeout of their own (a frozen
 * daemon never answers), so each is killed at {@code asok-timeout}, and a daemon that did not
 * answer once is not asked again.
 *
 * <p>Bundle: {@code sos_commands/ceph/ceph_<command>.json} (status, health detail, osd tree, osd df,
 * df, osd pool ls detail, mon dump, versions, pg stat), {@code asok_<daemon>_<command>.json},
 * ceph.conf and keyrings under {@code sos_commands/ceph/<host path>} (scrubbed), and
 * {@code jsos/ceph.json} ({@link CephModel}).
 */
public final class CephCollector implements Collector {

    /** The model's error when the node has no cluster configured. */
    static final String NOT_CONFIGURED = "no cluster configured: no /etc/ceph/ceph.conf and no Rook cluster config (-o ceph.conf=FILE names one)";

    static final OptionSpec<String> CONF = OptionSpec.string("conf", "",
            "ceph.conf to use (default: /etc/ceph/ceph.conf, else a Rook cluster's /var/lib/rook/<ns>/<ns>.config)");
    static final OptionSpec<Duration> CONNECT_TIMEOUT = OptionSpec.duration("connect-timeout", Duration.ofSeconds(5),
            "the ceph CLI's --connect-timeout: how long to wait for a monitor");
    static final OptionSpec<Duration> TIMEOUT = OptionSpec.duration("timeout", Duration.ofSeconds(15),
            "hard limit for each ceph CLI call; it is killed after that");
    static final OptionSpec<Duration> ASOK_TIMEOUT = OptionSpec.duration("asok-timeout", Duration.ofSeconds(5),
            "hard limit for each admin-socket call (a frozen daemon never answers by itself)");
    static final OptionSpec<String> ASOK_DIR = OptionSpec.string("asok-dir", "/var/run/ceph",
            "where the local daemons' admin sockets are (the conf's 'run dir' is searched too)");

    /** The cluster commands, in order; status first, it decides whether the cluster answers at all. */
    static final List<List<String>> CLUSTER = List.of(List.of("status"), List.of("health", "detail"), List.of("osd", "tree"),
            List.of("osd", "df"), List.of("df"), List.of("osd", "pool", "ls", "detail"), List.of("mon", "dump"),
            List.of("versions"), List.of("pg", "stat"));
    static final String UNREACHABLE = "cluster unreachable";
    /** CLI calls and admin-socket conversations running at once: the node is busy enough when it needs a bundle. */
    static final int PARALLEL = 3;
    static final Duration SCRAPE_CONNECT = Duration.ofSeconds(2);
    static final Duration SCRAPE_CALL = Duration.ofSeconds(4);
    private static final Set<String> DAEMON_TYPES = Set.of("mon", "mgr", "osd", "mds", "rgw");

    @Override
    public String name() {
        return "ceph";
    }

    @Override
    public String description() {
        return "Ceph cluster status, health, OSDs, PGs, pools and capacity (ceph CLI with connect timeouts), local daemons' admin sockets, ceph.conf and keyrings (keys blanked)";
    }

    @Override
    public Applicability applies(Host host) {
        Applicability a = Applicability.ifAnyExists(host, "/etc/ceph/ceph.conf");
        if (a.applies()) {
            return a;
        }
        String rook = rookConf(host);
        if (rook != null) {
            return Applicability.yes(rook + " exists");
        }
        // a client node may keep its conf elsewhere (-o ceph.conf=...): the CLI being installed is enough
        Applicability cli = Applicability.ifProgram(host, "ceph");
        return cli.applies() ? cli : Applicability.no("no /etc/ceph/ceph.conf, no Rook cluster config, no ceph CLI");
    }

    @Override
    public Duration defaultTimeout() {
        return Duration.ofSeconds(90);
    }

    @Override
    public List<OptionSpec<?>> options() {
        return List.of(CONF, CONNECT_TIMEOUT, TIMEOUT, ASOK_TIMEOUT, ASOK_DIR);
    }

    /** A Rook cluster's config on the node: /var/lib/rook/<namespace>/<namespace>.config. */
    static String rookConf(Host host) {
        for (String ns : host.list("/var/lib/rook")) {
            String p = "/var/lib/rook/" + ns + "/" + ns + ".config";
            if (host.exists(p)) {
                return p;
            }
        }
        return null;
    }

    static String conf(Host host, String option) {
        if (!option.isBlank()) {
            return option;
        }
        if (host.exists("/etc/ceph/ceph.conf")) {
            return "/etc/ceph/ceph.conf";
        }
        return rookConf(host);
    }

    static Command cli(String conf, Duration connect, Duration timeout, List<String> words) {
        List<String> argv = new ArrayList<>(List.of("ceph", "--connect-timeout", String.valueOf(Math.max(1, connect.toSeconds()))));
        if (conf != null) {
            argv.addAll(List.of("-c", conf));
        }
        argv.addAll(List.of("-f", "json"));
        argv.addAll(words);
        return Command.of(argv).timeout(timeout);
    }

    @Override
    public void collect(CollectContext context) {
        Host host = context.host();
        Bundle bundle = context.bundle();
        String conf = conf(host, context.options().get(CONF));
        Map<String, Map<String, String>> confMap = Map.of();
        List<String> errors = new ArrayList<>();
        if (conf != null) {
            confMap = copyConfig(host, bundle, conf, errors);
        }
        Duration connect = context.options().get(CONNECT_TIMEOUT);
        Duration timeout = context.options().get(TIMEOUT);

        Map<String, JsonNode> docs = new ConcurrentHashMap<>();
        List<String> errs = Collections.synchronizedList(errors);
        Boolean reachable = false;
        String error = null;
        List<Callable<Void>> tasks = new ArrayList<>();
        if (conf == null) {
            // Only the CLI is installed (ceph-common comes with many packages): no cluster to ask,
            // and calling one would only report a missing config as an unreachable cluster.
            reachable = null;
            error = NOT_CONFIGURED;
        } else if (host.which("ceph").isEmpty()) {
            error = "ceph CLI not found on PATH";
        } else {
            ToolRun.Parsed st = ToolRun.json(bundle, "ceph_status.json", cli(conf, connect, timeout, List.of("status")), errs);
            if (st.doc() == null || !st.result().ok()) {
                error = UNREACHABLE + ": " + st.result().summary() + ToolRun.stderrHint(st.result());
                bundle.error(error);
            } else {
                reachable = true;
                docs.put("status", st.doc());
                for (List<String> words : CLUSTER.subList(1, CLUSTER.size())) {
                    tasks.add(() -> {
                        String file = "ceph_" + String.join("_", words) + ".json";
                        ToolRun.Parsed p = ToolRun.json(bundle, file, cli(conf, connect, timeout, words), errs);
                        if (p.doc() != null) {
                            docs.put(String.join(" ", words), p.doc());
                        }
                        return null;
                    });
                }
            }
        }
        List<CephModel.Daemon> daemons = Collections.synchronizedList(new ArrayList<>());
        for (String[] sock : adminSockets(host, context.options().get(ASOK_DIR), confMap)) {
            tasks.add(() -> {
                daemons.add(askDaemon(context, sock[0], sock[1], sock[2]));
                return null;
            });
        }
        runAll(tasks, errs);
        daemons.sort(java.util.Comparator.comparing(CephModel.Daemon::name));
        bundle.json(model(reachable, error, docs, daemons, errors));
    }

    static CephModel model(Boolean reachable, String error, Map<String, JsonNode> docs, List<CephModel.Daemon> daemons, List<String> errors) {
        JsonNode status = docs.get("status");
        JsonNode healthDoc = docs.containsKey("health detail") ? docs.get("health detail") : status == null ? null : status.get("health");
        Map<String, Object> versions = new TreeMap<>();
        JsonNode v = docs.get("versions");
        if (v != null && v.isObject()) {
            v.fields().forEachRemaining(e -> versions.put(e.getKey(), e.getValue()));
        }
        return new CephModel(reachable, error, status == null ? null : io.jsos.storage.StorageJson.text(status, "fsid"),
                CephParse.health(healthDoc), CephParse.osds(docs.get("osd tree"), docs.get("osd df")),
                CephParse.pgStates(status), CephParse.numPgs(status), CephParse.capacity(docs.get("df"), status),
                CephParse.pools(docs.get("df"), docs.get("osd pool ls detail")), CephParse.mons(docs.get("mon dump")),
                CephParse.quorum(status), versions, daemons, errors);
    }

    /** Copies ceph.conf (secrets blanked) and the keyrings it and /etc/ceph name, keys blanked; returns the parsed conf. */
    private static Map<String, Map<String, String>> copyConfig(Host host, Bundle bundle, String conf, List<String> errors) {
        Map<String, Map<String, String>> parsed = Map.of();
        Set<String> keyrings = new LinkedHashSet<>();
        try {
            String text = host.read(conf);
            parsed = CephConfig.parse(text);
            bundle.text(conf.substring(1), CephConfig.scrubConf(text));
            for (Map<String, String> section : parsed.values()) {
                String k = section.get("keyring");
                if (k != null && k.startsWith("/") && !k.contains("$")) {
                    keyrings.add(k);
                }
            }
        } catch (IOException | HostPathException e) {
            errors.add(conf + ": " + e.getMessage());
        }
        for (String name : host.list("/etc/ceph")) {
            String p = "/etc/ceph/" + name;
            if (name.endsWith(".keyring") || name.equals("keyring")) {
                keyrings.add(p);
            } else if (name.endsWith(".conf") && !p.equals(conf)) {
                try {
                    bundle.text(p.substring(1), CephConfig.scrubConf(host.read(p)));
                } catch (IOException | HostPathException e) {
                    errors.add(p + ": " + e.getMessage());
                }
            }
            // *.secret files hold a bare key for kernel mounts: never copied
        }
        for (String k : keyrings) {
            if (!host.exists(k) || host.isDirectory(k)) {
                continue;
            }
            try {
                bundle.text(k.substring(1), CephConfig.scrubKeyring(host.read(k, 1 << 20)));
            } catch (IOException | HostPathException e) {
                errors.add(k + ": " + e.getMessage());
            }
        }
        return parsed;
    }

    /**
     * Runs the calls side by side (each is a Python CLI start of a few hundred ms, or a socket that may
     * not answer): a few at a time, all waited for; when the collector is stopped they are cancelled,
     * which kills the commands they run.
     */
    private static void runAll(List<Callable<Void>> tasks, List<String> errors) {
        if (tasks.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, tasks.size()), r -> {
            Thread t = new Thread(r, "jsos-ceph");
            t.setDaemon(true);
            return t;
        });
        try {
            for (Future<Void> f : pool.invokeAll(tasks)) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    errors.add("ceph: " + e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdownNow();
        }
    }

    /** The local daemons' admin sockets: {name, type, socket path}. */
    private static List<String[]> adminSockets(Host host, String asokDir, Map<String, Map<String, String>> conf) {
        Set<String> dirs = new LinkedHashSet<>(List.of(asokDir));
        String runDir = CephConfig.get(conf, "global", "run_dir");
        if (runDir != null && !runDir.contains("$")) {
            dirs.add(runDir);
        }
        List<String[]> out = new ArrayList<>();
        for (String dir : dirs) {
            for (String f : host.list(dir)) {
                String name = f.endsWith(".asok") ? daemonName(f) : null;
                String type = name == null ? null : name.substring(0, name.indexOf('.'));
                if (type != null && DAEMON_TYPES.contains(type)) {
                    out.add(new String[]{name, type, dir.replaceAll("/+$", "") + "/" + f});
                }
            }
        }
        return out;
    }

    /** Asks one daemon's admin socket for perf dump, config diff and its status; stops at the first call it does not answer. */
    private static CephModel.Daemon askDaemon(CollectContext context, String name, String type, String socket) {
        Duration t = context.options().get(ASOK_TIMEOUT);
        List<CephModel.SocketCall> calls = new ArrayList<>();
        List<List<String>> commands = new ArrayList<>(List.of(List.of("perf", "dump"), List.of("config", "diff")));
        switch (type) {
            case "mon" -> commands.add(List.of("mon_status"));
            case "osd", "mds" -> commands.add(List.of("status"));
            default -> { }
        }
        for (List<String> words : commands) {
            if (context.shouldStop()) {
                break;
            }
            String file = "asok_" + name + "_" + String.join("_", words) + ".json";
            List<String> argv = new ArrayList<>(List.of("ceph", "--admin-daemon", socket));
            argv.addAll(words);
            CommandResult r = context.bundle().command(file, Command.of(argv).timeout(t));
            calls.add(new CephModel.SocketCall(String.join(" ", words), "sos_commands/ceph/" + file, r.exitCode(), r.timedOut(), r.summary()));
            if (r.timedOut()) {
                context.bundle().error(name + " did not answer on its admin socket within " + t.toMillis() + " ms; not asked again");
                break;
            }
        }
        return new CephModel.Daemon(name, type, socket, calls);
    }

    /** "ceph-osd.0.asok" → "osd.0"; "mon.a.asok" → "mon.a"; "ceph-client.admin.1234.5678.asok" → "client.admin.1234.5678". */
    static String daemonName(String file) {
        String base = file.substring(0, file.length() - ".asok".length());
        int dot = base.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        String head = base.substring(0, dot);
        int dash = head.lastIndexOf('-');
        return dash >= 0 ? base.substring(dash + 1) : base;
    }

    @Override
    public boolean exportsMetrics() {
        return true;
    }

    @Override
    public void scrape(ScrapeContext context) {
        Host host = context.host();
        String conf = conf(host, context.options().get(CONF));
        if (conf == null) {
            emit(context.metrics(), model(null, NOT_CONFIGURED, Map.of(), List.of(), List.of()));
            return;
        }
        // a scrape has ~5 s in all (the exporter's collector timeout): a dead cluster must fit in it
        Duration connect = min(context.options().get(CONNECT_TIMEOUT), SCRAPE_CONNECT);
        Duration timeout = min(context.options().get(TIMEOUT), SCRAPE_CALL);
        List<String> errors = new ArrayList<>();
        Map<String, JsonNode> docs = new LinkedHashMap<>();
        ToolRun.Parsed status = ToolRun.parse(host.run(cli(conf, connect, timeout, List.of("status"))), "ceph status", null, errors);
        boolean reachable = status.doc() != null && status.result().ok();
        if (reachable) {
            docs.put("status", status.doc());
            for (List<String> words : List.of(List.of("osd", "tree"), List.of("df"))) {
                ToolRun.Parsed p = ToolRun.parse(host.run(cli(conf, connect, timeout, words)), "ceph " + String.join(" ", words), null, errors);
                if (p.doc() != null) {
                    docs.put(String.join(" ", words), p.doc());
                }
            }
        }
        emit(context.metrics(), model(reachable, reachable ? null : UNREACHABLE, docs, List.of(), errors));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Metrics in ceph-mgr prometheus module names where it has one, so existing Ceph dashboards work. */
    static void emit(MetricsWriter m, CephModel c) {
        if (c.reachable() == null) {
            return; // no cluster configured on this node: nothing to report, not a failure
        }
        m.gauge("jsos_ceph_cluster_reachable", "1 when a Ceph monitor answered the node's ceph CLI within the connect timeout, else 0.",
                c.reachable() ? 1 : 0);
        if (!c.reachable()) {
            return;
        }
        Integer code = CephParse.healthCode(c.health().status());
        if (code != null) {
            m.gauge("ceph_health_status", "Cluster health status", code);
        }
        for (CephModel.Check ch : c.health().checks()) {
            if (ch.name() != null) {
                m.gauge("ceph_health_detail", "healthcheck status by type (0=inactive, 1=active)", 1,
                        "name", ch.name(), "severity", label(ch.severity()));
            }
        }
        for (CephModel.Osd o : c.osds()) {
            String d = o.name() == null ? "osd." + o.id() : o.name();
            m.gauge("ceph_osd_up", "OSD status up", o.up() ? 1 : 0, "ceph_daemon", d);
            m.gauge("ceph_osd_in", "OSD status in", o.in() ? 1 : 0, "ceph_daemon", d);
            if (o.reweight() != null) {
                m.gauge("ceph_osd_weight", "OSD status weight", o.reweight(), "ceph_daemon", d);
            }
            m.gauge("ceph_osd_metadata", "OSD Metadata", 1, "ceph_daemon", d, "hostname", label(o.host()),
                    "device_class", label(o.device_class()));
        }
        if (c.num_pgs() != null) {
            m.gauge("ceph_pg_total", "PG Total Count", c.num_pgs());
        }
        // ceph-mgr exports one ceph_pg_<state> per pool; the CLI status has cluster totals, so these carry no pool_id
        Map<String, Long> byState = new TreeMap<>();
        for (CephModel.PgState s : c.pgs_by_state()) {
            m.gauge("jsos_ceph_pgs", "Placement groups by their full state string (e.g. active+clean).", s.count(), "state", s.state());
            for (String part : s.state().split("\\+")) {
                byState.merge(part.replaceAll("[^a-z_]", "_"), s.count(), Long::sum);
            }
        }
        byState.forEach((state, n) -> m.gauge("ceph_pg_" + state, "PG " + state + " per pool", n));
        gaugeIfKnown(m, "ceph_cluster_total_bytes", "DF total_bytes", c.capacity().total_bytes());
        gaugeIfKnown(m, "ceph_cluster_total_used_bytes", "DF total_used_bytes", c.capacity().used_bytes());
        gaugeIfKnown(m, "ceph_cluster_total_avail_bytes", "DF total_avail_bytes", c.capacity().avail_bytes());
        for (CephModel.Pool p : c.pools()) {
            String id = String.valueOf(p.id());
            m.gauge("ceph_pool_metadata", "POOL Metadata", 1, "pool_id", id, "name", label(p.name()));
            gaugeIfKnown(m, "ceph_pool_stored", "DF pool stored", p.stored_bytes(), "pool_id", id);
            gaugeIfKnown(m, "ceph_pool_bytes_used", "DF pool bytes_used", p.used_bytes(), "pool_id", id);
            gaugeIfKnown(m, "ceph_pool_max_avail", "DF pool max_avail", p.max_avail_bytes(), "pool_id", id);
            gaugeIfKnown(m, "ceph_pool_percent_used", "DF pool percent_used", p.used_ratio(), "pool_id", id);
            gaugeIfKnown(m, "ceph_pool_objects", "DF pool objects", p.objects(), "pool_id", id);
        }
    }

}
