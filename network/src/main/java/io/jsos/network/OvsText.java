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
    private static final Pattern STATS_TABLE = Pattern.compile("^\\s*table (\\d+)(?: \\(\"[^\"]*\"\\))?:\\s*(ditto)?\\s*$");
    private static final Pattern STATS_TABLES = Pattern.compile("^\\s*tables (\\d+)\\.\\.\\.(\\d+): ditto\\s*$");
    private static final Pattern ACTIVE = Pattern.compile("^\\s*active=(\\d+)");

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

    /**
     * Flows per table from {@code ovs-ofctl dump-tables} ("table 0:" then "active=3, …"; "table 2: ditto"
     * and "tables 5...253: ditto" repeat the table before). Exact and cheap however many flows there
     * are, unlike counting dump-flows lines. Tables without flows are left out; null when the output
     * names no table at all.
     */
    static Map<String, Integer> tableCounts(String text) {
        Map<String, Integer> out = new TreeMap<>((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        Integer current = null;
        long previous = 0;
        boolean any = false;
        for (String line : text.split("\n")) {
            Matcher t = STATS_TABLE.matcher(line);
            Matcher ts = STATS_TABLES.matcher(line);
            Matcher a = ACTIVE.matcher(line);
            if (t.matches()) {
                any = true;
                current = Integer.parseInt(t.group(1));
                if (t.group(2) != null) {
                    put(out, current, previous);
                    current = null;
                }
            } else if (ts.matches()) {
                any = true;
                for (int i = Integer.parseInt(ts.group(1)); i <= Integer.parseInt(ts.group(2)) && i < 256; i++) {
                    put(out, i, previous);
                }
                current = null;
            } else if (a.find() && current != null) {
                previous = Long.parseLong(a.group(1));
                put(out, current, previous);
                current = null;
            }
        }
        return any ? out : null;
    }

    private static void put(Map<String, Integer> out, int table, long active) {
        if (active > 0) {
            out.put(String.valueOf(table), (int) Math.min(active, Integer.MAX_VALUE));
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
