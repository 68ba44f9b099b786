package io.jsos.network;

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

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every network interface of every network namespace, the network configuration files and the
 * routing state.
 *
 * <p>Bundle:
 * <ul>
 *   <li>{@code sos_commands/interfaces/<host path>} — network configs (ifupdown, netplan,
 *       NetworkManager connections, ifcfg, systemd-networkd, CNI), secrets blanked by
 *       {@link ConfigScrubber} whatever the redaction settings; resolv.conf and nsswitch.conf,
 *       /proc/net/dev, bonding and vlan at their host paths;</li>
 *   <li>per namespace ({@code netns_<name>_} prefix for all but jsos's own): {@code ip -j -s -d addr show},
 *       routes (all tables, v4 and v6), rules, neighbours; {@code ss -s} for jsos's own;</li>
 *   <li>{@code jsos/interfaces.json} — namespaces with their interfaces, kernel bonds and VLANs.</li>
 * </ul>
 * jsos cannot enter a namespace per thread, so other namespaces are read through {@code ip -n}
 * (named) and {@code nsenter --net} (process-only); sysfs adds drivers for its own namespace and
 * stands in when ip is missing or prints garbage.
 */
public final class InterfacesCollector implements Collector {

    static final OptionSpec<Boolean> PROCESS_NAMESPACES = OptionSpec.bool("process-namespaces", true,
            "also look into unnamed namespaces held by processes (through nsenter)");
    static final OptionSpec<Integer> MAX_NAMESPACES = OptionSpec.integer("max-namespaces", 256,
            "at most this many namespaces besides jsos's own are read (the rest are counted)");
    static final OptionSpec<Duration> COMMAND_TIMEOUT = OptionSpec.duration("command-timeout", Duration.ofSeconds(10),
            "how long each ip/ss command may take");

    /** A config folder copied through the scrubber, to this depth. */
    record ConfigTree(String dir, int depth) {
    }

    static final List<ConfigTree> CONFIG_TREES = List.of(
            new ConfigTree("/etc/network", 3),
            new ConfigTree("/etc/netplan", 2),
            new ConfigTree("/etc/NetworkManager/system-connections", 2),
            new ConfigTree("/etc/NetworkManager/conf.d", 1),
            new ConfigTree("/etc/sysconfig/network-scripts", 1),
            new ConfigTree("/etc/sysconfig/network", 1),
            new ConfigTree("/etc/systemd/network", 2),
            new ConfigTree("/run/systemd/network", 2),
            new ConfigTree("/usr/lib/systemd/network", 1),
            new ConfigTree("/etc/cni/net.d", 2)
    );
    private static final int CONFIG_CAP = 1 << 20;
    private static final int MAX_CONFIG_FILES = 2000;

    @Override
    public String name() {
        return "interfaces";
    }

    @Override
    public String description() {
        return "Network interfaces of every namespace, addresses, routes, rules, neighbours, network configs (secrets blanked)";
    }

    @Override
    public Applicability applies(Host host) {
        return Applicability.ifAnyExists(host, SysfsInterfaces.NET, "/proc/net/dev");
    }

    @Override
    public List<OptionSpec<?>> options() {
        return List.of(PROCESS_NAMESPACES, MAX_NAMESPACES, COMMAND_TIMEOUT, Parallel.PARALLELISM, MAX_POD_INTERFACES);
    }

    @Override
    public void collect(CollectContext context) {
        Host host = context.host();
        Bundle bundle = context.bundle();
        Duration timeout = context.options().get(COMMAND_TIMEOUT);
        List<String> configs = copyConfigs(host, bundle);
        bundle.copy("/etc/resolv.conf", "/etc/nsswitch.conf", "/etc/hosts", "/proc/net/dev", "/proc/net/vlan/config");
        bundle.copyTree("/proc/net/bonding", "*", 1);

        NetNamespaces.Found found = NetNamespaces.find(host, context.options().get(PROCESS_NAMESPACES),
                context.options().get(MAX_NAMESPACES));
        List<Map<String, Object>> namespaces = new ArrayList<>();
        List<String> vanished = new ArrayList<>();
        Map<String, PodNetworks.Pod> podsByUid = PodNetworks.podsByUid(host);
        Map<String, PodNetworks.Pod> podByNetns = new LinkedHashMap<>();
        List<Iface> selfIfaces = List.of();
        List<NsRead> reads = Parallel.map(context, found.namespaces(), ns -> read(context, ns, podsByUid));
        for (int k = 0; k < reads.size(); k++) {
            NsRead r = reads.get(k);
            if (r == null) {
                bundle.error("deadline reached: namespace " + found.namespaces().get(k).name() + " not read");
                continue;
            }
            namespaces.add(r.model());
            vanished.addAll(r.vanished());
            if (found.namespaces().get(k).isSelf()) {
                selfIfaces = r.interfaces();
            }
            if (r.pod() != null) {
                podByNetns.put(found.namespaces().get(k).name(), r.pod());
            }
        }
        bundle.command("ss_-s", Command.of("ss", "-s").timeout(timeout));
        CommandResult ids = bundle.command("ip_-j_netns_list-id", Command.of("ip", "-j", "netns", "list-id").timeout(timeout));
        List<PodNetworks.PodInterface> podIfaces = PodNetworks.label(selfIfaces,
                PodNetworks.nsidNames(ids.ok() ? ids.stdoutText() : ""), podByNetns, Integer.MAX_VALUE);

        List<ProcNet.Bond> bonds = new ArrayList<>();
        for (String b : host.list("/proc/net/bonding")) {
            bonds.add(ProcNet.bonding(b, host.tryReadLines("/proc/net/bonding/" + b)));
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("namespaces", namespaces);
        model.put("namespaces_skipped", found.skipped());
        model.put("vanished", vanished);
        model.put("pod_interfaces", podIfaces);
        model.put("bonds", bonds);
        model.put("vlans", ProcNet.vlanConfig(host.tryReadLines("/proc/net/vlan/config")));
        model.put("config_files", configs);
        bundle.json(model);
    }

    static final OptionSpec<Integer> MAX_POD_INTERFACES = OptionSpec.integer("max-pod-interfaces", 2000,
            "at most this many jsos_pod_interface_info series per scrape");

    @Override
    public boolean exportsMetrics() {
        return true;
    }

    /**
     * Labels, not counters: node_exporter already counts every node-side veth (node_network_*{device});
     * what it cannot tell is whose pod a veth is. Two ip calls and a /proc walk, no per-namespace command.
     */
    @Override
    public void scrape(ScrapeContext context) {
        Host host = context.host();
        Duration timeout = context.options().get(COMMAND_TIMEOUT);
        NetNamespaces.Found found = NetNamespaces.find(host, true, context.options().get(MAX_NAMESPACES));
        Map<String, Integer> byKind = new LinkedHashMap<>();
        Map<String, PodNetworks.Pod> podsByUid = PodNetworks.podsByUid(host);
        Map<String, PodNetworks.Pod> podByNetns = new LinkedHashMap<>();
        for (NetNamespace ns : found.namespaces()) {
            byKind.merge(ns.kind(), 1, Integer::sum);
            PodNetworks.Pod pod = NetNamespace.NAMED.equals(ns.kind()) ? PodNetworks.podOf(host, ns, podsByUid) : null;
            if (pod != null) {
                podByNetns.put(ns.name(), pod);
            }
        }
        MetricsWriter w = context.metrics();
        byKind.forEach((k, n) -> w.gauge("jsos_network_namespaces", "Network namespaces by kind (self, named, process).", n, "kind", k));
        if (podByNetns.isEmpty()) {
            return;
        }
        CommandResult link = host.run(Command.of("ip", "-j", "-d", "link", "show").timeout(timeout));
        CommandResult ids = host.run(Command.of("ip", "-j", "netns", "list-id").timeout(timeout));
        if (!link.ok() || !ids.ok()) {
            return;
        }
        for (PodNetworks.PodInterface p : PodNetworks.label(IpLinkJson.parse(link.stdoutText()).interfaces(),
                PodNetworks.nsidNames(ids.stdoutText()), podByNetns, context.options().get(MAX_POD_INTERFACES))) {
            w.gauge("jsos_pod_interface_info", "A node-side interface whose peer is in a pod's network namespace (value 1).", 1,
                    "device", p.device(), "netns", p.netns(), "namespace", nz(p.namespace()), "pod", nz(p.pod()), "pod_uid", p.pod_uid());
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** One namespace as read: its entry in interfaces.json, and what the node-wide parts need. */
    private record NsRead(Map<String, Object> model, List<Iface> interfaces, List<String> vanished, PodNetworks.Pod pod) {
    }

    private static NsRead read(CollectContext context, NetNamespace ns, Map<String, PodNetworks.Pod> podsByUid) {
        Host host = context.host();
        Bundle bundle = context.bundle();
        Duration timeout = context.options().get(COMMAND_TIMEOUT);
        String p = ns.filePrefix();
        CommandResult r = bundle.command(p + "ip_-j_-s_-d_addr_show", Command.of(ns.argv("ip", "-j", "-s", "-d", "addr", "show")).timeout(timeout));
        IpLinkJson.Result parsed = r.ok() ? IpLinkJson.parse(r.stdoutText()) : null;
        String error = parsed == null ? "ip: " + r.summary() + stderrLine(r) : parsed.error() == null ? null : "ip: " + parsed.error();
        List<Iface> ifaces = parsed == null ? List.of() : parsed.interfaces();
        List<String> vanished = List.of();
        if (ns.isSelf()) {
            SysfsInterfaces.Result sys = SysfsInterfaces.read(host);
            vanished = sys.vanished();
            ifaces = merge(ifaces, sys.interfaces());
        }
        PodNetworks.Pod pod = PodNetworks.podOf(host, ns, podsByUid);
        if (error != null) {
            bundle.error("namespace " + ns.name() + ": " + error);
        }
        for (String[] c : List.of(new String[]{"route", "ip", "-j", "route", "show", "table", "all"},
                new String[]{"route6", "ip", "-j", "-6", "route", "show", "table", "all"},
                new String[]{"rule", "ip", "-j", "rule", "show"},
                new String[]{"neigh", "ip", "-j", "neigh", "show"})) {
            bundle.command(p + "ip_" + c[0], Command.of(ns.argv(List.of(c).subList(1, c.length).toArray(String[]::new))).timeout(timeout));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", ns.name());
        m.put("id", ns.id());
        m.put("kind", ns.kind());
        m.put("path", ns.path());
        m.put("pids", ns.pids());
        m.put("pod", pod);
        m.put("error", error);
        m.put("interfaces", ifaces);
        return new NsRead(m, ifaces, vanished, pod);
    }

    /**
     * ip's view is the richer one (kinds, addresses, peers in other namespaces); sysfs adds drivers
     * and is all there is when ip is missing or broken.
     */
    static List<Iface> merge(List<Iface> fromIp, List<Iface> fromSysfs) {
        if (fromIp.isEmpty()) {
            return fromSysfs;
        }
        Map<String, Iface> sys = new LinkedHashMap<>();
        fromSysfs.forEach(i -> sys.put(i.name(), i));
        List<Iface> out = new ArrayList<>();
        for (Iface i : fromIp) {
            Iface s = sys.get(i.name());
            out.add(s != null && i.driver() == null ? i.withDriver(s.driver()) : i);
        }
        return out;
    }

    static String stderrLine(CommandResult r) {
        String e = r.stderrText().strip();
        int nl = e.indexOf('\n');
        return e.isEmpty() ? "" : " (" + (nl < 0 ? e : e.substring(0, nl)) + ")";
    }

    /** Copies config files through the scrubber; returns the host paths copied. */
    private static List<String> copyConfigs(Host host, Bundle bundle) {
        List<String> copied = new ArrayList<>();
        for (ConfigTree t : CONFIG_TREES) {
            walk(host, bundle, t.dir(), t.depth(), copied);
        }
        return copied;
    }

    private static void walk(Host host, Bundle bundle, String dir, int depth, List<String> copied) {
        for (String name : host.list(dir)) {
            String path = dir + "/" + name;
            if (copied.size() >= MAX_CONFIG_FILES) {
                bundle.error("more than " + MAX_CONFIG_FILES + " network config files; the rest were not copied");
                return;
            }
            if (host.isDirectory(path)) {
                if (depth > 1) {
                    walk(host, bundle, path, depth - 1, copied);
                }
                continue;
            }
            String text;
            try {
                text = host.read(path, CONFIG_CAP);
            } catch (IOException | HostPathException e) {
                bundle.error(path + ": " + e.getMessage());
                continue;
            }
            bundle.text(path.substring(1), ConfigScrubber.scrub(text).text());
            copied.add(path);
        }
    }
}
