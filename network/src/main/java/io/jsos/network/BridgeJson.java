package io.jsos.network;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parsers for the bridge views of {@code ip -j -d link show} and {@code bridge -j}. */
final class BridgeJson {

    /** A VLAN range is expanded at most this far (a whole 1–4094 trunk is 4094 entries). */
    static final int MAX_VID = 4094;

    private BridgeJson() {
    }

    record Bridges(List<Bridge> bridges, String error) {
    }

    /** Bridges and their ports from {@code ip -j -d link show}: kind "bridge" and slave kind "bridge". */
    static Bridges fromIpLink(String text, String namespace) {
        Json.Parsed p = Json.array(text);
        if (!p.ok()) {
            return new Bridges(List.of(), p.error());
        }
        Map<String, List<JsonNode>> portsOf = new LinkedHashMap<>();
        List<JsonNode> bridges = new ArrayList<>();
        for (JsonNode n : p.node()) {
            JsonNode info = n.path("linkinfo");
            if ("bridge".equals(Json.text(info, "info_kind"))) {
                bridges.add(n);
            }
            if ("bridge".equals(Json.text(info, "info_slave_kind")) && Json.text(n, "master") != null) {
                portsOf.computeIfAbsent(Json.text(n, "master"), k -> new ArrayList<>()).add(n);
            }
        }
        List<Bridge> out = new ArrayList<>();
        for (JsonNode b : bridges) {
            String name = Json.text(b, "ifname");
            JsonNode d = b.path("linkinfo").path("info_data");
            boolean stp = Boolean.TRUE.equals(Json.bool(d, "stp_state"));
            String bridgeId = Json.text(d, "bridge_id");
            Integer rootPort = Json.integer(d, "root_port");
            List<Bridge.Port> ports = new ArrayList<>();
            for (JsonNode pn : portsOf.getOrDefault(name, List.of())) {
                JsonNode s = pn.path("linkinfo").path("info_slave_data");
                Integer no = Json.integer(s, "no");
                String state = Json.text(s, "state");
                String designated = Json.text(s, "bridge_id");
                ports.add(new Bridge.Port(Json.text(pn, "ifname"), no, state,
                        Bridge.role(stp, no, rootPort, designated, bridgeId, state), Json.integer(s, "cost"),
                        Json.integer(s, "priority"), Json.bool(s, "learning"), Json.bool(s, "flood"), Json.bool(s, "hairpin"),
                        Json.bool(s, "guard"), Json.bool(s, "root_block"), Json.bool(s, "isolated"), designated, List.of()));
            }
            // a kernel without VLAN filtering prints no vlan_filtering: it is off
            out.add(new Bridge(name, namespace, "ip", stp, Boolean.TRUE.equals(Json.bool(d, "vlan_filtering")),
                    Bridge.seconds(Json.number(d, "forward_delay")), Bridge.seconds(Json.number(d, "hello_time")),
                    Bridge.seconds(Json.number(d, "max_age")), Bridge.seconds(Json.number(d, "ageing_time")),
                    Json.integer(d, "priority"), bridgeId, Json.text(d, "root_id"), rootPort,
                    Json.bool(d, "topology_change"), Json.bool(d, "mcast_snooping"), ports, null, null, List.of()));
        }
        return new Bridges(out, null);
    }

    record Vlans(Map<String, List<Bridge.Vlan>> byPort, String error) {
    }

    /**
     * {@code bridge -j [-d] vlan show}: per port a list of {@code {"vlan":10,"flags":["PVID","Egress Untagged"]}},
     * a range as {@code "vlan":20,"vlanEnd":22}. Older iproute2 printed an object keyed by port name.
     */
    static Vlans vlans(String text) {
        Json.Parsed p = Json.parse(text);
        if (!p.ok()) {
            return new Vlans(Map.of(), p.error());
        }
        Map<String, List<Bridge.Vlan>> out = new LinkedHashMap<>();
        if (p.node().isArray()) {
            for (JsonNode port : p.node()) {
                String name = Json.text(port, "ifname");
                if (name != null) {
                    out.put(name, vlanList(port.path("vlans")));
                }
            }
        } else if (p.node().isObject()) {
            p.node().fields().forEachRemaining(e -> out.put(e.getKey(), vlanList(e.getValue())));
        } else {
            return new Vlans(Map.of(), "expected a JSON array");
        }
        return new Vlans(out, null);
    }

    private static List<Bridge.Vlan> vlanList(JsonNode list) {
        List<Bridge.Vlan> out = new ArrayList<>();
        for (JsonNode v : list) {
            Integer vid = Json.integer(v, "vlan");
            if (vid == null) {
                continue;
            }
            Integer end = Json.integer(v, "vlanEnd");
            List<String> flags = Json.strings(v, "flags");
            boolean pvid = flags.contains("PVID");
            boolean untagged = flags.contains("Egress Untagged");
            int last = Math.min(end != null ? end : vid, MAX_VID);
            for (int i = vid; i <= last; i++) {
                out.add(new Bridge.Vlan(i, pvid, untagged));
            }
        }
        return out;
    }

    record FdbCount(int entries, List<Bridge.Fdb> kept, String error) {
    }

    /**
     * {@code bridge -j fdb show br <bridge>}: counts the bridge's entries (learned or static on its
     * ports, and the bridge's own), keeping the first {@code max}. A port's own hardware entries
     * ("self" on a port) are not the bridge's and are left out.
     */
    static FdbCount fdb(String text, String bridge, int max) {
        Json.Parsed p = Json.array(text);
        if (!p.ok()) {
            return new FdbCount(0, List.of(), p.error());
        }
        int n = 0;
        List<Bridge.Fdb> kept = new ArrayList<>();
        for (JsonNode e : p.node()) {
            String port = Json.text(e, "ifname");
            if (!bridge.equals(Json.text(e, "master")) && !bridge.equals(port)) {
                continue;
            }
            n++;
            if (kept.size() < max) {
                kept.add(new Bridge.Fdb(Json.text(e, "mac"), port, Json.integer(e, "vlan"), Json.text(e, "state"), Json.strings(e, "flags")));
            }
        }
        return new FdbCount(n, kept, null);
    }
}
