package io.jsos.network;

import io.jsos.api.Applicability;
import io.jsos.api.Bundle;
import io.jsos.api.CollectContext;
import io.jsos.api.Collector;
import io.jsos.api.CollectorOptions;
import io.jsos.api.Host;
import io.jsos.api.HostPathException;
import io.jsos.api.MetricsWriter;
import io.jsos.api.OptionSpec;
import io.jsos.api.ScrapeContext;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Open vSwitch: the OVSDB (bridges, ports, interfaces, bonds, mirrors, controllers, managers), the
 * OpenFlow tables, groups and meters per bridge, the datapath, and the daemons' logs.
 *
 * <p>Bundle ({@code sos_commands/openvswitch/}): {@code ovsdb-client_dump.json} (secrets blanked),
 * {@code ovs-vsctl_show}, per bridge {@code ovs-ofctl_<br>_dump-flows|show|dump-ports|dump-groups|dump-meters}
 * and {@code ovs-appctl_fdb.show_<br>} / {@code stp.show_<br>}, {@code ovs-appctl_dpctl.show|dpif.show|
 * dpctl.dump-flows|bond.show|coverage.show|upcall.show|memory.show|lacp.show}; {@code etc/openvswitch/conf.db}
 * with secrets blanked; the log tails at their host paths; {@code jsos/openvswitch.json}.
 *
 * <p>Every ovs-* tool blocks forever on a frozen daemon unless given {@code --timeout}: each gets
 * {@code ovs-timeout}, and a database that does not answer is reported (reachable=false) instead of
 * asked again for every table.
 */
public final class OpenvswitchCollector implements Collector {

    static final OptionSpec<String> RUNDIR = OptionSpec.string("rundir", "/var/run/openvswitch",
            "where db.sock, ovs-vswitchd's control socket and the bridges' .mgmt sockets live");
    static final OptionSpec<String> DB = OptionSpec.string("db", "/etc/openvswitch/conf.db",
            "the OVSDB file, copied with secrets blanked");
    static final OptionSpec<String> LOGDIR = OptionSpec.string("logdir", "/var/log/openvswitch",
            "where ovs-vswitchd.log and ovsdb-server.log are");
    static final OptionSpec<Duration> OVS_TIMEOUT = OptionSpec.duration("ovs-timeout", Duration.ofSeconds(5),
            "the --timeout given to every ovs-* tool (they block forever on a frozen daemon without it)");
    static final OptionSpec<Long> FLOW_OUTPUT_CAP = OptionSpec.longValue("flow-output-cap", 16L << 20,
            "bytes of dump-flows output kept per bridge (flows past it are counted as a floor)");
    static final OptionSpec<Long> LOG_TAIL = OptionSpec.longValue("log-tail", 4L << 20, "bytes kept from the end of each log");
    private static final int DB_CAP = 32 << 20;

    @Override
    public String name() {
        return "openvswitch";
    }

    @Override
    public String description() {
        return "Open vSwitch: OVSDB, OpenFlow flows/groups/meters per bridge, datapath, bonds, logs (all with timeouts)";
    }

    @Override
    public Applicability applies(Host host) {
        Applicability a = Applicability.ifAnyExists(host, "/var/run/openvswitch/db.sock", "/run/openvswitch/db.sock", "/etc/openvswitch/conf.db");
        return a.applies() ? a : Applicability.ifProgram(host, "ovs-vsctl");
    }

    @Override
    public List<OptionSpec<?>> options() {
        return List.of(RUNDIR, DB, LOGDIR, OVS_TIMEOUT, FLOW_OUTPUT_CAP, LOG_TAIL);
    }

    @Override
    public Duration defaultTimeout() {
        return Duration.ofSeconds(60);
    }

    private static OvsReader.Settings settings(CollectorOptions o) {
        return new OvsReader.Settings(o.get(RUNDIR).replaceAll("/+$", ""), o.get(OVS_TIMEOUT), o.get(FLOW_OUTPUT_CAP));
    }

    @Override
    public void collect(CollectContext context) {
        Host host = context.host();
        Bundle bundle = context.bundle();
        CollectorOptions o = context.options();
        OvsReader.State state = OvsReader.read(host, settings(o), bundle::command, true);
        if (state.scrubbedDump() != null) {
            bundle.text("ovsdb-client_dump.json", state.scrubbedDump());
        }
        if (state.scrubbedShow() != null) {
            bundle.text("ovs-vsctl_show", state.scrubbedShow());
        }
        @SuppressWarnings("unchecked")
        List<String> errors = (List<String>) state.model().get("errors");
        errors.forEach(bundle::error);
        String db = o.get(DB);
        if (host.exists(db)) {
            try {
                bundle.text(db.substring(1), OvsdbJson.scrub(host.read(db, DB_CAP)));
            } catch (IOException | HostPathException e) {
                bundle.error(db + ": " + e.getMessage());
            }
        }
        String logs = o.get(LOGDIR).replaceAll("/+$", "");
        for (String log : List.of("ovs-vswitchd.log", "ovsdb-server.log")) {
            if (host.exists(logs + "/" + log)) {
                bundle.copyTail(logs + "/" + log, o.get(LOG_TAIL));
            }
        }
        bundle.copy("/etc/default/openvswitch-switch", "/etc/sysconfig/openvswitch");
        bundle.json(state.model());
    }

    @Override
    public boolean exportsMetrics() {
        return true;
    }

    /** A scrape must fit the exporter's per-collector budget (5 s by default): the tools get 2 s at most. */
    static final Duration SCRAPE_TOOL_TIMEOUT = Duration.ofSeconds(2);

    @Override
    @SuppressWarnings("unchecked")
    public void scrape(ScrapeContext context) {
        Host host = context.host();
        OvsReader.Settings s = settings(context.options());
        if (s.timeout().compareTo(SCRAPE_TOOL_TIMEOUT) > 0) {
            s = new OvsReader.Settings(s.rundir(), SCRAPE_TOOL_TIMEOUT, s.flowCap());
        }
        OvsReader.State state = OvsReader.read(host, s, (f, c) -> host.run(c), false);
        Map<String, Object> m = state.model();
        MetricsWriter w = context.metrics();
        w.gauge("jsos_ovs_up", "Whether the Open vSwitch database answered (1) or not (0).", Boolean.TRUE.equals(m.get("reachable")) ? 1 : 0);
        for (Map<String, Object> b : (List<Map<String, Object>>) m.get("bridges")) {
            String br = String.valueOf(b.get("name"));
            if (b.containsKey("datapath_type")) {
                w.gauge("jsos_ovs_bridge_info", "Open vSwitch bridge (value 1).", 1, "bridge", br,
                        "datapath_type", String.valueOf(b.get("datapath_type")), "stp_enable", String.valueOf(b.get("stp_enable")));
            }
            Map<String, Integer> flows = (Map<String, Integer>) b.get("flow_counts");
            if (flows != null) {
                flows.forEach((table, n) -> w.gauge("jsos_ovs_flows", "OpenFlow flows per bridge and table.", n, "bridge", br, "table", table));
            }
            for (Map<String, Object> p : (List<Map<String, Object>>) b.getOrDefault("ports", List.of())) {
                String port = String.valueOf(p.get("name"));
                w.gauge("jsos_ovs_port_info", "Open vSwitch port (value 1): VLAN tag, VLAN mode, bond mode.", 1, "bridge", br, "port", port,
                        "tag", str(p.get("tag")), "vlan_mode", str(p.get("vlan_mode")), "bond_mode", str(p.get("bond_mode")));
                for (Map<String, Object> i : (List<Map<String, Object>>) p.get("interfaces")) {
                    interfaceMetrics(w, br, port, i);
                }
            }
        }
        for (Map<String, Object> d : (List<Map<String, Object>>) m.get("datapaths")) {
            for (String r : List.of("hit", "missed", "lost")) {
                if (d.get(r) instanceof Number n) {
                    w.counter("jsos_ovs_datapath_lookups_total", "Datapath flow table lookups by result (hit, missed, lost).",
                            n.doubleValue(), "datapath", String.valueOf(d.get("name")), "result", r);
                }
            }
            if (d.get("flows") instanceof Number n) {
                w.gauge("jsos_ovs_datapath_flows", "Flows in the datapath flow table.", n.doubleValue(), "datapath", String.valueOf(d.get("name")));
            }
        }
    }

    private static final List<String[]> IFACE_COUNTERS = List.of(
            new String[]{"rx_bytes", "jsos_ovs_interface_receive_bytes_total", "Bytes received by an Open vSwitch interface."},
            new String[]{"tx_bytes", "jsos_ovs_interface_transmit_bytes_total", "Bytes sent by an Open vSwitch interface."},
            new String[]{"rx_packets", "jsos_ovs_interface_receive_packets_total", "Packets received by an Open vSwitch interface."},
            new String[]{"tx_packets", "jsos_ovs_interface_transmit_packets_total", "Packets sent by an Open vSwitch interface."},
            new String[]{"rx_errors", "jsos_ovs_interface_receive_errors_total", "Receive errors of an Open vSwitch interface."},
            new String[]{"tx_errors", "jsos_ovs_interface_transmit_errors_total", "Transmit errors of an Open vSwitch interface."},
            new String[]{"rx_dropped", "jsos_ovs_interface_receive_dropped_total", "Received packets dropped by an Open vSwitch interface."},
            new String[]{"tx_dropped", "jsos_ovs_interface_transmit_dropped_total", "Packets to send dropped by an Open vSwitch interface."});

    @SuppressWarnings("unchecked")
    private static void interfaceMetrics(MetricsWriter w, String br, String port, Map<String, Object> i) {
        String name = String.valueOf(i.get("name"));
        Map<String, Object> stats = (Map<String, Object>) i.get("statistics");
        for (String[] c : IFACE_COUNTERS) {
            if (stats.get(c[0]) instanceof Number n) {
                w.counter(c[1], c[2], n.doubleValue(), "bridge", br, "port", port, "interface", name);
            }
        }
        w.gauge("jsos_ovs_interface_link_up", "1 when the interface's link is up.", "up".equals(i.get("link_state")) ? 1 : 0,
                "bridge", br, "port", port, "interface", name, "type", String.valueOf(i.get("type")));
        if (i.get("error") != null) {
            w.gauge("jsos_ovs_interface_error", "1 when OVS reports an error for the interface (see openvswitch.json).", 1,
                    "bridge", br, "port", port, "interface", name);
        }
    }

    private static String str(Object o) {
        return o == null ? "" : String.valueOf(o);
    }
}
