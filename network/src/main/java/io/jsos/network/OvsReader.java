package io.jsos.network;

import io.jsos.api.Command;
import io.jsos.api.CommandResult;
import io.jsos.api.Host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Open vSwitch through its own tools, each bounded twice: the tool's {@code --timeout} (a
 * frozen ovsdb-server or ovs-vswitchd otherwise blocks every ovs-* tool forever) and the command
 * timeout that kills it if even that does not fire. Shared by the bundle and the exporter; the
 * {@link Runner} decides whether outputs are kept.
 */
final class OvsReader {

    /** Runs a command, keeping its output as {@code file} in the bundle when collecting. */
    interface Runner {
        CommandResult run(String file, Command command);
    }

    record Settings(String rundir, Duration timeout, long flowCap) {
        String dbSocket() {
            return "unix:" + rundir + "/db.sock";
        }

        String[] ovs(String... argv) {
            List<String> l = new ArrayList<>();
            l.add(argv[0]);
            l.add("--timeout=" + Math.max(1, timeout.toSeconds()));
            l.addAll(List.of(argv).subList(1, argv.length));
            return l.toArray(String[]::new);
        }

        Command command(String... argv) {
            // the tool's own timeout first; ours (2 s later) kills it if it still hangs
            return Command.of(ovs(argv)).timeout(timeout.plusSeconds(2));
        }
    }

    /** What was read: the model for openvswitch.json, and the raw dump for the bundle (already scrubbed). */
    record State(Map<String, Object> model, String scrubbedDump, String scrubbedShow) {
    }

    private OvsReader() {
    }

    static State read(Host host, Settings s, Runner runner, boolean detail) {
        Map<String, Object> model = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        OvsdbJson.Tables tables = null;
        String error = null;
        // No socket, no server: a node with the package but no running switch is told so without
        // starting a tool on every scrape only to hear the same.
        boolean socket = host.exists(s.rundir() + "/db.sock");
        CommandResult dump = socket ? null : CommandResult.notRun(
                List.of("ovsdb-client", "dump"), "no ovsdb-server socket at " + s.rundir() + "/db.sock");
        if (dump == null) {
            // ovsdb-client dump: every table in one call, scrubbed before anything keeps it
            dump = host.run(s.command("ovsdb-client", "--format=json", "dump", s.dbSocket(), "Open_vSwitch"));
        }
        if (!dump.ok()) {
            error = "ovsdb-client dump: " + dump.summary() + InterfacesCollector.stderrLine(dump);
        } else {
            tables = OvsdbJson.dump(dump.stdoutText());
            if (tables.tables().isEmpty()) {
                error = "ovsdb-client dump: " + tables.error();
                tables = null;
            } else if (tables.error() != null) {
                errors.add("ovsdb-client dump: " + tables.error());
            }
        }
        // Installed but never started (no socket and no daemon's pid file, as on a node that does not use
        // OVS) is no switch to reach: "reachable" is null, as ceph's is without a cluster. A pid file left
        // without its socket is a daemon that died: unreachable.
        boolean started = socket || host.exists(s.rundir() + "/ovsdb-server.pid") || host.exists(s.rundir() + "/ovs-vswitchd.pid");
        model.put("reachable", tables != null ? Boolean.TRUE : started ? Boolean.FALSE : null);
        model.put("error", error);
        if (error != null) {
            errors.add(error);
        }
        String show = null;
        List<Map<String, Object>> bridges = tables != null ? bridges(tables) : new ArrayList<>();
        if (tables != null) {
            Map<String, Object> ovs = tables.rows("Open_vSwitch").isEmpty() ? Map.of() : tables.rows("Open_vSwitch").get(0);
            Map<String, Object> o = new LinkedHashMap<>();
            for (String k : List.of("ovs_version", "db_version", "datapath_types", "iface_types", "dpdk_initialized", "external_ids", "other_config")) {
                o.put(k, ovs.get(k));
            }
            model.put("open_vswitch", o);
            model.put("managers", targets(tables, "Manager"));
            if (detail) {
                CommandResult r = host.run(s.command("ovs-vsctl", "--db=" + s.dbSocket(), "show"));
                show = OvsdbJson.scrub(r.stdoutText()) + (r.ok() ? "" : "\n# " + r.summary() + InterfacesCollector.stderrLine(r) + "\n");
            }
        }
        String ctl = vswitchdCtl(host, s.rundir());
        List<OvsText.Datapath> datapaths = List.of();
        if (ctl == null) {
            errors.add("no ovs-vswitchd control socket in " + s.rundir());
        } else {
            CommandResult dp = runner.run("ovs-appctl_dpctl.show", s.command("ovs-appctl", "-t", ctl, "dpctl/show"));
            if (dp.ok()) {
                datapaths = OvsText.datapaths(dp.stdoutText());
            } else {
                errors.add("ovs-appctl dpctl/show: " + dp.summary() + InterfacesCollector.stderrLine(dp));
            }
            CommandResult dpif = runner.run("ovs-appctl_dpif.show", s.command("ovs-appctl", "-t", ctl, "dpif/show"));
            if (dpif.ok()) {
                List<OvsText.DpPort> ports = new ArrayList<>();
                OvsText.datapaths(dpif.stdoutText()).forEach(d -> ports.addAll(d.ports()));
                model.put("datapath_ports", ports);
                if (tables == null) {
                    // the database is gone but vswitchd still knows its bridges: keep per-bridge detail
                    ports.stream().map(OvsText.DpPort::bridge).distinct().filter(b -> b != null)
                            .forEach(b -> bridges.add(new LinkedHashMap<>(Map.of("name", b))));
                }
            } else {
                errors.add("ovs-appctl dpif/show: " + dpif.summary() + InterfacesCollector.stderrLine(dpif));
            }
            if (detail) {
                for (String c : List.of("bond/show", "coverage/show", "upcall/show", "memory/show", "lacp/show")) {
                    runner.run("ovs-appctl_" + c.replace('/', '.'), s.command("ovs-appctl", "-t", ctl, c));
                }
                runner.run("ovs-appctl_dpctl.dump-flows", s.command("ovs-appctl", "-t", ctl, "dpctl/dump-flows").outputCap(s.flowCap()));
            }
        }
        List<Map<String, Object>> dps = new ArrayList<>();
        for (OvsText.Datapath d : datapaths) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", d.name());
            m.put("hit", d.hit());
            m.put("missed", d.missed());
            m.put("lost", d.lost());
            m.put("flows", d.flows());
            dps.add(m);
        }
        for (Map<String, Object> b : bridges) {
            String br = String.valueOf(b.get("name"));
            String target = host.exists(s.rundir() + "/" + br + ".mgmt") ? "unix:" + s.rundir() + "/" + br + ".mgmt" : br;
            String f = "ovs-ofctl_" + br + "_";
            // dump-tables counts every table's flows exactly, in a few lines however big the tables are
            CommandResult tableStats = runner.run(f + "dump-tables", s.command("ovs-ofctl", "dump-tables", target));
            Map<String, Integer> counts = tableStats.ok() ? OvsText.tableCounts(tableStats.stdoutText()) : null;
            if (!tableStats.ok()) {
                errors.add("ovs-ofctl dump-tables " + br + ": " + tableStats.summary() + InterfacesCollector.stderrLine(tableStats));
            }
            if (detail) {
                CommandResult flows = runner.run(f + "dump-flows", s.command("ovs-ofctl", "dump-flows", target).outputCap(s.flowCap()));
                if (flows.ok() || flows.truncated()) {
                    b.put("flows_truncated", flows.truncated());
                    if (counts == null) {
                        counts = OvsText.flowCounts(flows.stdoutText()); // a floor when truncated
                        b.put("flow_counts_from", "dump-flows");
                    }
                } else {
                    errors.add("ovs-ofctl dump-flows " + br + ": " + flows.summary() + InterfacesCollector.stderrLine(flows));
                }
            }
            b.put("flow_counts", counts);
            if (detail) {
                runner.run(f + "show", s.command("ovs-ofctl", "show", target));
                runner.run(f + "dump-ports", s.command("ovs-ofctl", "dump-ports", target));
                runner.run(f + "dump-groups", s.command("ovs-ofctl", "-O", "OpenFlow13", "dump-groups", target));
                runner.run(f + "dump-meters", s.command("ovs-ofctl", "-O", "OpenFlow13", "dump-meters", target));
                if (ctl != null) {
                    runner.run("ovs-appctl_fdb.show_" + br, s.command("ovs-appctl", "-t", ctl, "fdb/show", br));
                    if (Boolean.TRUE.equals(b.get("stp_enable"))) {
                        runner.run("ovs-appctl_stp.show_" + br, s.command("ovs-appctl", "-t", ctl, "stp/show", br));
                    }
                }
            }
        }
        model.put("bridges", bridges);
        model.put("datapaths", dps);
        model.put("errors", errors);
        return new State(model, dump.ok() ? OvsdbJson.scrub(dump.stdoutText()) : null, show);
    }

    /** ovs-vswitchd's unixctl socket: ovs-vswitchd.ctl, or ovs-vswitchd.<pid>.ctl as packages start it. */
    static String vswitchdCtl(Host host, String rundir) {
        if (host.exists(rundir + "/ovs-vswitchd.ctl")) {
            return rundir + "/ovs-vswitchd.ctl";
        }
        String pid = host.tryRead(rundir + "/ovs-vswitchd.pid").map(String::trim).orElse("");
        if (!pid.isEmpty() && host.exists(rundir + "/ovs-vswitchd." + pid + ".ctl")) {
            return rundir + "/ovs-vswitchd." + pid + ".ctl";
        }
        return host.list(rundir).stream().filter(n -> n.startsWith("ovs-vswitchd.") && n.endsWith(".ctl"))
                .findFirst().map(n -> rundir + "/" + n).orElse(null);
    }

    static List<Map<String, Object>> bridges(OvsdbJson.Tables t) {
        Map<String, Map<String, Object>> ports = t.byUuid("Port");
        Map<String, Map<String, Object>> ifaces = t.byUuid("Interface");
        Map<String, Map<String, Object>> mirrors = t.byUuid("Mirror");
        Map<String, Map<String, Object>> controllers = t.byUuid("Controller");
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> br : t.rows("Bridge")) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("name", br.get("name"));
            b.put("datapath_type", br.get("datapath_type") == null || "".equals(br.get("datapath_type")) ? "system" : br.get("datapath_type"));
            b.put("stp_enable", br.get("stp_enable"));
            b.put("rstp_enable", br.get("rstp_enable"));
            optional(br, b, "fail_mode");
            b.put("protocols", OvsdbJson.list(br.get("protocols")));
            optional(br, b, "datapath_id");
            b.put("other_config", br.get("other_config"));
            List<Map<String, Object>> ctrl = new ArrayList<>();
            for (Object id : OvsdbJson.list(br.get("controller"))) {
                Map<String, Object> c = controllers.get(String.valueOf(id));
                if (c != null) {
                    ctrl.add(target(c));
                }
            }
            b.put("controllers", ctrl);
            List<Map<String, Object>> pl = new ArrayList<>();
            for (Object id : OvsdbJson.list(br.get("ports"))) {
                Map<String, Object> p = ports.get(String.valueOf(id));
                if (p != null) {
                    pl.add(port(p, ifaces));
                }
            }
            pl.sort((x, y) -> String.valueOf(x.get("name")).compareTo(String.valueOf(y.get("name"))));
            b.put("ports", pl);
            List<Object> ml = new ArrayList<>();
            for (Object id : OvsdbJson.list(br.get("mirrors"))) {
                Map<String, Object> m = mirrors.get(String.valueOf(id));
                if (m != null) {
                    Map<String, Object> mm = new LinkedHashMap<>();
                    mm.put("name", m.get("name"));
                    optional(m, mm, "output_port", "output_vlan");
                    mm.put("statistics", m.get("statistics"));
                    ml.add(mm);
                }
            }
            b.put("mirrors", ml);
            out.add(b);
        }
        out.sort((x, y) -> String.valueOf(x.get("name")).compareTo(String.valueOf(y.get("name"))));
        return out;
    }

    private static Map<String, Object> port(Map<String, Object> p, Map<String, Map<String, Object>> ifaces) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.get("name"));
        optional(p, m, "tag");
        m.put("trunks", OvsdbJson.list(p.get("trunks")));
        optional(p, m, "vlan_mode", "bond_mode", "lacp", "bond_active_slave");
        List<Map<String, Object>> il = new ArrayList<>();
        for (Object id : OvsdbJson.list(p.get("interfaces"))) {
            Map<String, Object> i = ifaces.get(String.valueOf(id));
            if (i == null) {
                continue;
            }
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", i.get("name"));
            Object type = i.get("type");
            x.put("type", type == null || "".equals(type) ? "system" : type);
            optional(i, x, "ofport", "admin_state", "link_state", "error", "mac_in_use", "mtu", "link_speed");
            x.put("options", OvsdbJson.scrubMap(OvsdbJson.map(i.get("options"))));
            x.put("statistics", OvsdbJson.map(i.get("statistics")));
            il.add(x);
        }
        il.sort((a, b) -> String.valueOf(a.get("name")).compareTo(String.valueOf(b.get("name"))));
        // OVSDB records a bond's active member by its MAC; the name is what an operator looks for
        Object activeMac = m.get("bond_active_slave");
        m.put("bond_active_member", activeMac == null ? null : il.stream()
                .filter(i -> String.valueOf(activeMac).equalsIgnoreCase(String.valueOf(i.get("mac_in_use"))))
                .map(i -> i.get("name")).findFirst().orElse(null));
        m.put("interfaces", il);
        return m;
    }

    /** Copies optional (0-or-1) columns under their own names, an empty set as null. */
    private static void optional(Map<String, Object> row, Map<String, Object> to, String... columns) {
        for (String c : columns) {
            to.put(c, OvsdbJson.opt(row.get(c)));
        }
    }

    private static List<Map<String, Object>> targets(OvsdbJson.Tables t, String table) {
        List<Map<String, Object>> out = new ArrayList<>();
        t.rows(table).forEach(r -> out.add(target(r)));
        return out;
    }

    /** A controller or manager: its target (user:password@ in a target is blanked) and connection state. */
    private static Map<String, Object> target(Map<String, Object> r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", String.valueOf(r.get("target")).replaceAll("//[^/@]*@", "//" + ConfigScrubber.BLANK + "@"));
        m.put("is_connected", r.get("is_connected"));
        m.put("role", OvsdbJson.opt(r.get("role")));
        return m;
    }
}
