package io.jsos.network;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses {@code ip -j -s -d addr show} (or {@code link show}): one object per interface. */
final class IpLinkJson {

    static final List<String> STAT_KEYS = List.of("bytes", "packets", "errors", "dropped");

    private IpLinkJson() {
    }

    record Result(List<Iface> interfaces, List<JsonNode> raw, String error) {
    }

    static Result parse(String text) {
        Json.Parsed p = Json.array(text);
        if (!p.ok()) {
            return new Result(List.of(), List.of(), p.error());
        }
        List<JsonNode> raw = new ArrayList<>();
        Map<String, Integer> indexByName = new HashMap<>();
        for (JsonNode n : p.node()) {
            if (n.isObject() && Json.text(n, "ifname") != null) {
                raw.add(n);
                Integer idx = Json.integer(n, "ifindex");
                if (idx != null) {
                    indexByName.put(Json.text(n, "ifname"), idx);
                }
            }
        }
        List<Iface> out = new ArrayList<>();
        for (JsonNode n : raw) {
            out.add(iface(n, indexByName));
        }
        return new Result(out, raw, null);
    }

    private static Iface iface(JsonNode n, Map<String, Integer> indexByName) {
        JsonNode info = n.path("linkinfo");
        String kind = Json.text(info, "info_kind");
        String tunType = Json.text(info.path("info_data"), "type");
        String linkType = Json.text(n, "link_type");
        // a peer in this namespace is named ("link"); one elsewhere is an index in another netns id
        String peer = Json.text(n, "link");
        Integer peerIndex = Json.integer(n, "link_index");
        if (peerIndex == null && peer != null) {
            peerIndex = indexByName.get(peer);
        }
        List<String> addrs = new ArrayList<>();
        for (JsonNode a : n.path("addr_info")) {
            String local = Json.text(a, "local");
            if (local != null) {
                addrs.add(local + "/" + Json.text(a, "prefixlen"));
            }
        }
        return new Iface(Json.text(n, "ifname"), Json.integer(n, "ifindex"), Iface.typeOf(kind, tunType, linkType, null, null),
                kind, Json.text(info, "info_slave_kind"), Json.text(n, "operstate"), Json.strings(n, "flags"),
                Json.integer(n, "mtu"), Json.text(n, "address"), Json.text(n, "master"), peerIndex,
                Json.integer(n, "link_netnsid"), peer, null, addrs, stats(n.path("stats64").isMissingNode() ? n.path("stats") : n.path("stats64")));
    }

    private static Map<String, Long> stats(JsonNode s) {
        if (s.isMissingNode()) {
            return null;
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (String dir : List.of("rx", "tx")) {
            for (String k : STAT_KEYS) {
                out.put(dir + "_" + k, Json.number(s.path(dir), k));
            }
        }
        return out;
    }
}
