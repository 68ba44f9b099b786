package io.jsos.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for the text that ovs-appctl and ovs-ofctl print. */
final class OvsText {

    private static final Pattern DP_HEADER = Pattern.compile("^(\\S+@\\S+):\\s*(.*)$");
    private static final Pattern COUNTER = Pattern.compile("(hit|missed|lost):(\\d+)");
    private static final Pattern FLOWS = Pattern.compile("^\\s+flows:\\s*(\\d+)");
    private static final Pattern DPIF_PORT = Pattern.compile("^\\s{4}(\\S+) (\\d+)/(\\S+): \\(([^):]+)(?::\\s*([^)]*))?\\)");
    private static final Pattern DPIF_BRIDGE = Pattern.compile("^\\s{2}(\\S+):\\s*$");
    private static final Pattern TABLE = Pattern.compile("[ ,]table=(\\d+)");

    private OvsText() {
    }

    /** A datapath from {@code dpctl/show} or {@code dpif/show}; counters null when not printed. */
    public record Datapath(String name, Long hit, Long missed, Long lost, Long flows, List<DpPort> ports) {
    }

    /** A datapath port from {@code dpif/show}: {@code int0 3/4: (tap)}, {@code vx0 5/6: (vxlan: remote_ip=…)}. */
    public record DpPort(String bridge, String name, Integer ofport, String dp_port, String type, String config) {
    }

    /**
     * {@code ovs-appctl dpctl/show} ("netdev@ovs-netdev:" then "lookups: hit:10 missed:12 lost:0",
     * "flows: 2") and {@code dpif/show} ("netdev@ovs-netdev: hit:10 missed:12", bridges, ports); the
     * kernel datapath prints "system@ovs-system" and ports as (system)/(internal).
     */
    static List<Datapath> datapaths(String text) {
        List<Datapath> out = new ArrayList<>();
        String name = null;
        Long[] c = new Long[4];
        List<DpPort> ports = new ArrayList<>();
        String bridge = null;
        for (String line : text.split("\n")) {
            Matcher h = DP_HEADER.matcher(line);
            if (h.matches()) {
                if (name != null) {
                    out.add(new Datapath(name, c[0], c[1], c[2], c[3], ports));
                }
                name = h.group(1);
                c = new Long[4];
                ports = new ArrayList<>();
                bridge = null;
                counters(h.group(2), c);
                continue;
            }
            if (name == null) {
                continue;
            }
            if (line.trim().startsWith("lookups:")) {
                counters(line, c);
            }
            Matcher f = FLOWS.matcher(line);
            if (f.find()) {
                c[3] = Num.parseLong(f.group(1));
            }
            Matcher b = DPIF_BRIDGE.matcher(line);
            if (b.matches()) {
                bridge = b.group(1);
            }
            Matcher p = DPIF_PORT.matcher(line);
            if (p.find()) {
                ports.add(new DpPort(bridge, p.group(1), Num.parseInt(p.group(2)), p.group(3), p.group(4), p.group(5)));
            }
        }
        if (name != null) {
            out.add(new Datapath(name, c[0], c[1], c[2], c[3], ports));
        }
        return out;
    }

    private static void counters(String s, Long[] c) {
        Matcher m = COUNTER.matcher(s);
        while (m.find()) {
            int i = switch (m.group(1)) {
                case "hit" -> 0;
                case "missed" -> 1;
                default -> 2;
            };
            c[i] = Num.parseLong(m.group(2));
        }
    }

    /** Flows per OpenFlow table in {@code ovs-ofctl dump-flows} output (a flow line without table= is table 0). */
    static Map<String, Integer> flowCounts(String text) {
        Map<String, Integer> out = new TreeMap<>((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        for (String line : text.split("\n")) {
            if (!line.contains("actions=")) {
                continue; // the reply header, or a cut-off last line
            }
            Matcher m = TABLE.matcher(line);
            String table = m.find() ? m.group(1) : "0";
            out.merge(table, 1, Integer::sum);
        }
        return out;
    }
}
