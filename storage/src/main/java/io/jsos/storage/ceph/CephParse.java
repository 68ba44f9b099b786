package io.jsos.storage.ceph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jsos.storage.Nums;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.jsos.storage.StorageJson.doubleValue;
import static io.jsos.storage.StorageJson.longValue;
import static io.jsos.storage.StorageJson.text;

/**
 * Reads the ceph CLI's JSON documents into {@link CephModel} parts. Written against Pacific
 * (16.x) and tolerant of other releases: fields that moved or vanished give nulls, and the
 * pre-Luminous health shape ({@code overall_status} + {@code summary}) is understood too.
 * Every method accepts null (the command failed) and returns an empty part.
 */
public final class CephParse {

    private CephParse() {
    }

    /** The health from {@code health detail} (preferred: it has the detail lines) or {@code status}'s "health". */
    public static CephModel.Health health(JsonNode h) {
        if (h == null || !h.isObject()) {
            return new CephModel.Health(null, List.of());
        }
        String status = text(h, "status");
        if (status == null) {
            status = text(h, "overall_status");        // jewel and older
        }
        List<CephModel.Check> checks = new ArrayList<>();
        JsonNode c = h.get("checks");
        if (c != null && c.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                JsonNode summary = v.get("summary");
                String message = summary != null && summary.isObject() ? text(summary, "message") : text(v, "summary");
                List<String> detail = new ArrayList<>();
                JsonNode d = v.get("detail");
                if (d != null && d.isArray()) {
                    d.forEach(x -> detail.add(x.isObject() ? String.valueOf(text(x, "message")) : x.asText()));
                }
                Boolean muted = v.has("muted") ? v.get("muted").asBoolean() : null;
                checks.add(new CephModel.Check(e.getKey(), text(v, "severity"), message, detail,
                        summary != null ? longValue(summary, "count") : null, muted));
            }
        } else if (arr(h, "summary") instanceof ArrayNode s) {
            // jewel: "summary":[{"severity":"HEALTH_WARN","summary":"..."}], "detail":["..."]
            List<String> detail = new ArrayList<>();
            if (arr(h, "detail") instanceof ArrayNode d) {
                d.forEach(x -> detail.add(x.asText()));
            }
            for (JsonNode x : s) {
                checks.add(new CephModel.Check(null, text(x, "severity"), text(x, "summary"), detail, null, null));
            }
        }
        return new CephModel.Health(status, checks);
    }

    public static List<CephModel.PgState> pgStates(JsonNode status) {
        List<CephModel.PgState> out = new ArrayList<>();
        JsonNode states = status == null ? null : status.at("/pgmap/pgs_by_state");
        if (states != null && states.isArray()) {
            for (JsonNode s : states) {
                String name = text(s, "state_name");
                Long n = longValue(s, "count");
                if (name != null && n != null) {
                    out.add(new CephModel.PgState(name, n));
                }
            }
        }
        return out;
    }

    public static Long numPgs(JsonNode status) {
        return status == null ? null : longValue(status.get("pgmap"), "num_pgs");
    }

    /** Cluster capacity from {@code df}'s stats, else (older releases had total_space in KiB) from {@code status}'s pgmap. */
    public static CephModel.Capacity capacity(JsonNode df, JsonNode status) {
        JsonNode s = df == null ? null : df.get("stats");
        if (s != null && s.isObject() && longValue(s, "total_bytes") != null) {
            Long total = longValue(s, "total_bytes");
            Long used = longValue(s, "total_used_raw_bytes");
            if (used == null) {
                used = longValue(s, "total_used_bytes");
            }
            Double ratio = doubleValue(s, "total_used_raw_ratio");
            return new CephModel.Capacity(total, used, longValue(s, "total_avail_bytes"), ratio != null ? ratio : Nums.ratio(used, total));
        }
        JsonNode p = status == null ? null : status.get("pgmap");
        if (p != null && p.isObject()) {
            Long total = longValue(p, "bytes_total");
            Long used = longValue(p, "bytes_used");
            return new CephModel.Capacity(total, used, longValue(p, "bytes_avail"), Nums.ratio(used, total));
        }
        return new CephModel.Capacity(null, null, null, null);
    }

    /** OSDs from {@code osd tree} (up/down, in = reweight above 0, host = the parent host bucket), with {@code osd df} usage. */
    public static List<CephModel.Osd> osds(JsonNode tree, JsonNode osdDf) {
        List<CephModel.Osd> out = new ArrayList<>();
        JsonNode nodes = tree == null ? null : tree.get("nodes");
        if (nodes == null || !nodes.isArray()) {
            return out;
        }
        Map<Long, String> hostOf = new LinkedHashMap<>();
        for (JsonNode n : nodes) {
            if ("host".equals(text(n, "type")) && arr(n, "children") instanceof ArrayNode ch) {
                ch.forEach(id -> hostOf.put(id.asLong(), text(n, "name")));
            }
        }
        Map<Long, JsonNode> usage = new LinkedHashMap<>();
        if (osdDf != null && arr(osdDf, "nodes") instanceof ArrayNode dn) {
            dn.forEach(n -> usage.put(n.path("id").asLong(), n));
        }
        for (JsonNode n : nodes) {
            if (!"osd".equals(text(n, "type"))) {
                continue;
            }
            long id = n.path("id").asLong();
            Double reweight = doubleValue(n, "reweight");
            JsonNode u = usage.get(id);
            Long kb = u == null ? null : longValue(u, "kb");
            Long kbUsed = u == null ? null : longValue(u, "kb_used");
            out.add(new CephModel.Osd(id, text(n, "name"), "up".equals(text(n, "status")), reweight != null && reweight > 0,
                    hostOf.get(id), text(n, "device_class"), reweight, doubleValue(n, "crush_weight"),
                    kb == null ? null : kb * 1024, kbUsed == null ? null : kbUsed * 1024,
                    u == null ? null : doubleValue(u, "utilization"), u == null ? null : longValue(u, "pgs")));
        }
        return out;
    }

    /** Pools from {@code df} (usage) merged with {@code osd pool ls detail} (replication, pg_num, applications). */
    public static List<CephModel.Pool> pools(JsonNode df, JsonNode lsDetail) {
        Map<Long, JsonNode> detail = new LinkedHashMap<>();
        if (lsDetail != null && lsDetail.isArray()) {
            lsDetail.forEach(p -> detail.put(p.path("pool_id").asLong(), p));
        }
        List<CephModel.Pool> out = new ArrayList<>();
        JsonNode pools = df == null ? null : df.get("pools");
        List<Long> seen = new ArrayList<>();
        if (pools != null && pools.isArray()) {
            for (JsonNode p : pools) {
                long id = p.path("id").asLong();
                seen.add(id);
                JsonNode s = p.get("stats");
                Long stored = longValue(s, "stored");
                Long used = longValue(s, "bytes_used");
                if (stored == null) {
                    stored = used;           // before Nautilus only bytes_used existed
                }
                Long maxAvail = longValue(s, "max_avail");
                Double ratio = doubleValue(s, "percent_used");
                if (ratio == null && used != null && maxAvail != null) {
                    ratio = Nums.ratio(used, used + maxAvail);
                }
                out.add(pool(id, text(p, "name"), stored, used, ratio, maxAvail, longValue(s, "objects"), detail.get(id)));
            }
        }
        for (Map.Entry<Long, JsonNode> e : detail.entrySet()) {
            if (!seen.contains(e.getKey())) {
                out.add(pool(e.getKey(), text(e.getValue(), "pool_name"), null, null, null, null, null, e.getValue()));
            }
        }
        return out;
    }

    private static CephModel.Pool pool(long id, String name, Long stored, Long used, Double ratio, Long maxAvail, Long objects, JsonNode d) {
        List<String> apps = new ArrayList<>();
        if (d != null && obj(d, "application_metadata") instanceof ObjectNode a) {
            a.fieldNames().forEachRemaining(apps::add);
        }
        return new CephModel.Pool(id, name, stored, used, ratio, maxAvail, objects,
                longValue(d, "size"), longValue(d, "min_size"), longValue(d, "pg_num"), apps);
    }

    public static List<CephModel.Mon> mons(JsonNode monDump) {
        List<CephModel.Mon> out = new ArrayList<>();
        if (monDump != null && arr(monDump, "mons") instanceof ArrayNode ms) {
            ms.forEach(m -> out.add(new CephModel.Mon(text(m, "name"), longValue(m, "rank"), text(m, "addr"))));
        }
        return out;
    }

    public static List<String> quorum(JsonNode status) {
        List<String> out = new ArrayList<>();
        if (status != null && arr(status, "quorum_names") instanceof ArrayNode q) {
            q.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    /** Health status as ceph-mgr's prometheus module encodes it: 0 OK, 1 WARN, 2 ERR; null when unknown. */
    public static Integer healthCode(String status) {
        if (status == null) {
            return null;
        }
        return switch (status) {
            case "HEALTH_OK" -> 0;
            case "HEALTH_WARN" -> 1;
            case "HEALTH_ERR" -> 2;
            default -> null;
        };
    }

    /** The field when it is an array, else null (so "instanceof ArrayNode a" both checks and binds). */
    private static JsonNode arr(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.isArray() ? v : null;
    }

    private static JsonNode obj(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.isObject() ? v : null;
    }
}
