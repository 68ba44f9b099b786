package io.jsos.network;

import io.jsos.api.Applicability;
import io.jsos.api.Bundle;
import io.jsos.api.CollectContext;
import io.jsos.api.Collector;
import io.jsos.api.Command;
import io.jsos.api.CommandResult;
import io.jsos.api.Host;
import io.jsos.api.MetricsWriter;
import io.jsos.api.OptionSpec;
import io.jsos.api.ScrapeContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every Linux bridge of jsos's own namespace and of the named namespaces: settings, ports with
 * STP state and role, VLANs per port, FDB (counted, kept up to a cap) and MDB.
 *
 * <p>Bundle, per namespace ({@code netns_<name>_} prefix for all but jsos's own):
 * {@code ip -j -d link show}, {@code bridge -j -d link show}, {@code bridge -j -d vlan show},
 * {@code bridge -j mdb show}, {@code bridge -j -s fdb show br <bridge>} per bridge; for jsos's own
 * namespace {@code sysfs_<bridge>}, every readable file of the bridge's {@code bridge/} folder and
 * of each port's {@code brport/} as one listing (one file, not one per attribute: a CNI bridge with
 * 200 pods has 7000 of them); {@code jsos/bridge.json} with the {@link Bridge}s.
 */
public final class BridgeCollector implements Collector {

    static final OptionSpec<Integer> FDB_MAX = OptionSpec.integer("fdb-max", 1000,
            "FDB entries kept per bridge in bridge.json (all are counted; the raw output is capped by fdb-output-cap)");
    static final OptionSpec<Long> FDB_OUTPUT_CAP = OptionSpec.longValue("fdb-output-cap", 8L << 20,
            "bytes of bridge fdb output kept per bridge");
    static final OptionSpec<Integer> MAX_NAMESPACES = OptionSpec.integer("max-namespaces", 256,
            "at most this many named namespaces are read besides jsos's own");
    static final OptionSpec<Duration> COMMAND_TIMEOUT = OptionSpec.duration("command-timeout", Duration.ofSeconds(10),
            "how long each ip/bridge command may take");
    private static final Pattern MAC_FIELD = Pattern.compile("\"mac\":");

    @Override
    public String name() {
        return "bridge";
    }

    @Override
    public String description() {
        return "Linux bridges of every namespace: settings, STP, ports, VLANs, FDB (bounded, counted), MDB";
    }

    @Override
    public Applicability applies(Host host) {
        if (!BridgeSysfs.bridgeNames(host).isEmpty()) {
            return Applicability.yes("a bridge in " + SysfsInterfaces.NET);
        }
        for (String d : NetNamespaces.NAMED_DIRS) {
            if (!host.list(d).isEmpty()) {
                return Applicability.yes("named network namespaces in " + d + " may hold bridges");
            }
        }
        return Applicability.no("no bridge in " + SysfsInterfaces.NET + " and no named network namespace");
    }

    @Override
    public List<OptionSpec<?>> options() {
        return List.of(FDB_MAX, FDB_OUTPUT_CAP, MAX_NAMESPACES, COMMAND_TIMEOUT, Parallel.PARALLELISM);
    }

    @Override
    public void collect(CollectContext context) {
        Host host = context.host();
        Bundle bundle = context.bundle();
        NetNamespaces.Found found = NetNamespaces.find(host, false, context.options().get(MAX_NAMESPACES));
        List<Bridge> bridges = new ArrayList<>();
        List<Map<String, Object>> namespaces = new ArrayList<>();
        List<NsRead> reads = Parallel.map(context, found.namespaces(), ns -> read(context, ns));
        for (int k = 0; k < reads.size(); k++) {
            if (reads.get(k) == null) {
                bundle.error("deadline reached: namespace " + found.namespaces().get(k).name() + " not read");
                continue;
            }
            bridges.addAll(reads.get(k).bridges());
            namespaces.add(reads.get(k).model());
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("bridges", bridges);
        model.put("namespaces", namespaces);
        model.put("namespaces_skipped", found.skipped());
        bundle.json(model);
    }

    private record NsRead(List<Bridge> bridges, Map<String, Object> model) {
    }

    private static NsRead read(CollectContext context, NetNamespace ns) {
        Host host = context.host();
        Bundle bundle = context.bundle();
        Duration timeout = context.options().get(COMMAND_TIMEOUT);
        List<String> errors = new ArrayList<>();
        String p = ns.filePrefix();
        CommandResult link = bundle.command(p + "ip_-j_-d_link_show", Command.of(ns.argv("ip", "-j", "-d", "link", "show")).timeout(timeout));
        List<Bridge> here;
        if (link.ok()) {
            BridgeJson.Bridges parsed = BridgeJson.fromIpLink(link.stdoutText(), ns.name());
            here = parsed.bridges();
            if (parsed.error() != null) {
                errors.add("ip -j -d link show: " + parsed.error());
            }
        } else {
            here = List.of();
            errors.add("ip -j -d link show: " + link.summary() + InterfacesCollector.stderrLine(link));
        }
        if (ns.isSelf()) {
            for (String br : BridgeSysfs.bridgeNames(host)) {
                bundle.text("sysfs_" + br, BridgeSysfs.dump(host, br));
            }
            if (here.isEmpty() && !errors.isEmpty()) {
                here = BridgeSysfs.read(host, ns.name()); // ip missing or broken: sysfs knows the same
            }
        }
        if (!here.isEmpty()) {
            here = detail(context, ns, here, errors);
        }
        errors.forEach(e -> bundle.error("namespace " + ns.name() + ": " + e));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", ns.name());
        m.put("kind", ns.kind());
        m.put("bridges", here.size());
        m.put("errors", errors);
        return new NsRead(here, m);
    }

    /** Adds VLANs per port and the FDB to the bridges of one namespace. */
    private static List<Bridge> detail(CollectContext context, NetNamespace ns, List<Bridge> bridges, List<String> errors) {
        Bundle bundle = context.bundle();
        Duration timeout = context.options().get(COMMAND_TIMEOUT);
        String p = ns.filePrefix();
        bundle.command(p + "bridge_-j_-d_link_show", Command.of(ns.argv("bridge", "-j", "-d", "link", "show")).timeout(timeout));
        bundle.command(p + "bridge_-j_mdb_show", Command.of(ns.argv("bridge", "-j", "mdb", "show")).timeout(timeout));
        CommandResult vr = bundle.command(p + "bridge_-j_-d_vlan_show", Command.of(ns.argv("bridge", "-j", "-d", "vlan", "show")).timeout(timeout));
        Map<String, List<Bridge.Vlan>> vlans = Map.of();
        if (vr.ok()) {
            BridgeJson.Vlans v = BridgeJson.vlans(vr.stdoutText());
            vlans = v.byPort();
            if (v.error() != null) {
                errors.add("bridge vlan show: " + v.error());
            }
        } else {
            errors.add("bridge vlan show: " + vr.summary() + InterfacesCollector.stderrLine(vr));
        }
        int max = context.options().get(FDB_MAX);
        long cap = context.options().get(FDB_OUTPUT_CAP);
        List<Bridge> out = new ArrayList<>();
        for (Bridge b : bridges) {
            List<Bridge.Port> ports = new ArrayList<>();
            for (Bridge.Port port : b.ports()) {
                ports.add(port.withVlans(vlans.getOrDefault(port.name(), List.of())));
            }
            CommandResult fr = bundle.command(p + "bridge_-j_-s_fdb_show_br_" + b.name(),
                    Command.of(ns.argv("bridge", "-j", "-s", "fdb", "show", "br", b.name())).timeout(timeout).outputCap(cap));
            if (fr.truncated()) {
                // the JSON is cut: count what is there, and say the number is a floor
                Matcher m = MAC_FIELD.matcher(fr.stdoutText());
                int n = 0;
                while (m.find()) {
                    n++;
                }
                errors.add("bridge fdb show br " + b.name() + ": output over " + cap + " bytes, at least " + n + " entries");
                out.add(b.with(ports, n, true, List.of()));
            } else if (fr.ok()) {
                BridgeJson.FdbCount f = BridgeJson.fdb(fr.stdoutText(), b.name(), max);
                if (f.error() != null) {
                    errors.add("bridge fdb show br " + b.name() + ": " + f.error());
                }
                out.add(b.with(ports, f.error() == null ? f.entries() : null, f.entries() > max, f.kept()));
            } else {
                errors.add("bridge fdb show br " + b.name() + ": " + fr.summary() + InterfacesCollector.stderrLine(fr));
                out.add(b.with(ports, null, false, List.of()));
            }
        }
        return out;
    }

    @Override
    public boolean exportsMetrics() {
        return true;
    }

    /** Metrics from sysfs only (no command at scrape time): the bridges of jsos's own namespace. */
    @Override
    public void scrape(ScrapeContext context) {
        MetricsWriter w = context.metrics();
        for (Bridge b : BridgeSysfs.read(context.host(), NetNamespace.SELF)) {
            w.gauge("jsos_bridge_info", "Linux bridge settings (value 1).", 1, "bridge", b.name(),
                    "stp_enabled", String.valueOf(b.stp_enabled()), "vlan_filtering", String.valueOf(Boolean.TRUE.equals(b.vlan_filtering())));
            w.gauge("jsos_bridge_ports", "Ports of a Linux bridge.", b.ports().size(), "bridge", b.name());
            if (b.topology_change() != null) {
                w.gauge("jsos_bridge_topology_change", "1 while the bridge's STP topology is changing.", b.topology_change() ? 1 : 0, "bridge", b.name());
            }
            for (Bridge.Port p : b.ports()) {
                int state = Bridge.STATES.indexOf(p.state());
                if (state >= 0) {
                    w.gauge("jsos_bridge_port_stp_state",
                            "Bridge port STP state: 0 disabled, 1 listening, 2 learning, 3 forwarding, 4 blocking.",
                            state, "bridge", b.name(), "port", p.name());
                }
            }
        }
    }
}
