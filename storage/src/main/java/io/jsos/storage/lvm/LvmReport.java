package io.jsos.storage.lvm;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.storage.Nums;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.jsos.storage.StorageJson.longValue;
import static io.jsos.storage.StorageJson.text;

/**
 * Parses {@code pvs/vgs/lvs --reportformat json --units b --nosuffix} and decodes lvm2's attribute
 * strings (lvs(8) "lv_attr bits"). Every value in lvm2's JSON is a string; "" means unknown.
 * Fields lvm2 adds in later releases are ignored, missing ones become null.
 */
public final class LvmReport {

    private LvmReport() {
    }

    /** The rows of one report kind ("pv", "vg", "lv") from {"report":[{"lv":[...]}]}. */
    static List<JsonNode> rows(JsonNode doc, String kind) throws IOException {
        JsonNode report = doc.get("report");
        if (report == null || !report.isArray()) {
            throw new IOException("no \"report\" array in the " + kind + "s output");
        }
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode r : report) {
            JsonNode rows = r.get(kind);
            if (rows != null && rows.isArray()) {
                rows.forEach(out::add);
            }
        }
        return out;
    }

    public static List<LvmModel.Pv> pvs(JsonNode doc) throws IOException {
        List<LvmModel.Pv> out = new ArrayList<>();
        for (JsonNode r : rows(doc, "pv")) {
            String attr = text(r, "pv_attr");
            out.add(new LvmModel.Pv(text(r, "pv_name"), text(r, "vg_name"), longValue(r, "pv_size"), longValue(r, "pv_free"),
                    attr, decodePvAttr(attr), text(r, "pv_uuid"), text(r, "pv_fmt"), longValue(r, "dev_size"), list(text(r, "pv_tags"))));
        }
        return out;
    }

    public static List<LvmModel.Vg> vgs(JsonNode doc) throws IOException {
        List<LvmModel.Vg> out = new ArrayList<>();
        for (JsonNode r : rows(doc, "vg")) {
            String attr = text(r, "vg_attr");
            out.add(new LvmModel.Vg(text(r, "vg_name"), text(r, "vg_uuid"), longValue(r, "vg_size"), longValue(r, "vg_free"),
                    longValue(r, "pv_count"), longValue(r, "lv_count"), longValue(r, "snap_count"), attr, decodeVgAttr(attr),
                    longValue(r, "vg_extent_size"), longValue(r, "vg_missing_pv_count"), list(text(r, "vg_tags"))));
        }
        return out;
    }

    /**
     * LVs; lvm2 prints one row per segment when a segment field ({@code devices}) is asked for, so
     * rows of the same LV are merged and their devices joined.
     */
    public static List<LvmModel.Lv> lvs(JsonNode doc) throws IOException {
        Map<String, LvmModel.Lv> byKey = new LinkedHashMap<>();
        for (JsonNode r : rows(doc, "lv")) {
            String printed = text(r, "lv_name");
            boolean hidden = printed != null && printed.startsWith("[") && printed.endsWith("]");
            String name = hidden ? printed.substring(1, printed.length() - 1) : printed;
            String vg = text(r, "vg_name");
            String key = vg + "/" + name + "/" + text(r, "lv_uuid");
            List<String> devices = list(text(r, "devices"));
            LvmModel.Lv prev = byKey.get(key);
            if (prev != null) {
                List<String> all = new ArrayList<>(prev.devices());
                devices.stream().filter(d -> !all.contains(d)).forEach(all::add);
                byKey.put(key, withDevices(prev, all));
                continue;
            }
            String attr = text(r, "lv_attr");
            Map<String, Object> decoded = decodeLvAttr(attr);
            Double snap = percent(text(r, "snap_percent"));
            byKey.put(key, new LvmModel.Lv(name, hidden, vg, text(r, "lv_uuid"), attr, decoded, longValue(r, "lv_size"),
                    text(r, "segtype"), list(text(r, "lv_role")), list(text(r, "lv_layout")),
                    text(r, "pool_lv"), text(r, "origin"),
                    percent(text(r, "data_percent")), percent(text(r, "metadata_percent")), snap,
                    percent(text(r, "copy_percent")), longValue(r, "lv_metadata_size"),
                    active(text(r, "lv_active"), attr), health(text(r, "lv_health_status"), attr),
                    text(r, "lv_when_full"), devices, text(r, "lv_dm_path"), list(text(r, "lv_tags"))));
        }
        return List.copyOf(byKey.values());
    }

    private static LvmModel.Lv withDevices(LvmModel.Lv l, List<String> devices) {
        return new LvmModel.Lv(l.name(), l.hidden(), l.vg(), l.uuid(), l.attr(), l.attr_decoded(), l.size_bytes(), l.segtype(), l.roles(),
                l.layout(), l.pool(), l.origin(), l.data_percent(), l.metadata_percent(), l.snap_percent(), l.copy_percent(),
                l.metadata_size_bytes(), l.active(), l.health(), l.when_full(), List.copyOf(devices), l.dm_path(), l.tags());
    }

    /** "15.62" → 15.62; "" (unknown: inactive, or no device-mapper) → null; out-of-range values are kept as printed. */
    static Double percent(String s) {
        return Nums.parseDouble(s);
    }

    static List<String> list(String commaSeparated) {
        if (commaSeparated == null) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Whether the LV is active: lv_active when lvm2 knows it ("active", "local exclusive", ...),
     * else the attr's state bit; null when neither knows (state X: no device-mapper to ask).
     */
    static Boolean active(String lvActive, String attr) {
        char state = bit(attr, 4);
        if (lvActive != null) {
            return !lvActive.startsWith("inactive") && !lvActive.equals("unknown");
        }
        if (state == 'X' || state == 0) {
            return null;
        }
        return state != '-';
    }

    /**
     * One health word: lv_health_status when lvm2 names a problem, else the attr's health bit
     * ("ok" for '-', "unknown" for 'X').
     */
    static String health(String healthStatus, String attr) {
        if (healthStatus != null) {
            return healthStatus;
        }
        char h = bit(attr, 8);
        return switch (h) {
            case '-' -> "ok";
            case 'p' -> "partial";
            case 'r' -> "refresh needed";
            case 'm' -> "mismatches exist";
            case 'w' -> "writemostly";
            case 'F' -> "failed";
            case 'D' -> "out of data space";
            case 'M' -> "metadata read only";
            case 'E' -> "error";
            case 'X' -> "unknown";
            case 0 -> null;
            default -> "unknown (" + h + ")";
        };
    }

    private static char bit(String attr, int i) {
        return attr != null && attr.length() > i ? attr.charAt(i) : 0;
    }

    /** lvs(8): the ten lv_attr characters. */
    static Map<String, Object> decodeLvAttr(String attr) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (attr == null || attr.length() < 6) {
            return m;
        }
        m.put("volume_type", switch (attr.charAt(0)) {
            case 'C' -> "cache";
            case 'm' -> "mirrored";
            case 'M' -> "mirrored without initial sync";
            case 'o' -> "origin";
            case 'O' -> "origin with merging snapshot";
            case 'r' -> "raid";
            case 'R' -> "raid without initial sync";
            case 's' -> "snapshot";
            case 'S' -> "merging snapshot";
            case 'p' -> "pvmove";
            case 'v' -> "virtual";
            case 'i' -> "mirror or raid image";
            case 'I' -> "mirror or raid image out-of-sync";
            case 'l' -> "mirror log";
            case 'c' -> "under conversion";
            case 'V' -> "thin volume";
            case 't' -> "thin pool";
            case 'T' -> "thin pool data";
            case 'd' -> "vdo pool";
            case 'D' -> "vdo pool data";
            case 'e' -> "raid or pool metadata or pool metadata spare";
            case '-' -> "plain";
            default -> "unknown (" + attr.charAt(0) + ")";
        });
        m.put("permissions", switch (attr.charAt(1)) {
            case 'w' -> "writeable";
            case 'r' -> "read-only";
            case 'R' -> "read-only activation of non-read-only volume";
            case 'X' -> "unknown";
            default -> "unknown (" + attr.charAt(1) + ")";
        });
        char alloc = attr.charAt(2);
        m.put("allocation_policy", allocation(Character.toLowerCase(alloc)));
        m.put("allocation_locked", Character.isUpperCase(alloc));
        m.put("fixed_minor", attr.charAt(3) == 'm');
        m.put("state", switch (attr.charAt(4)) {
            case 'a' -> "active";
            case 'h' -> "historical";
            case 's' -> "suspended";
            case 'I' -> "invalid snapshot";
            case 'S' -> "invalid suspended snapshot";
            case 'm' -> "snapshot merge failed";
            case 'M' -> "suspended snapshot merge failed";
            case 'd' -> "mapped device present without tables";
            case 'i' -> "mapped device present with inactive table";
            case 'c' -> "thin-pool check needed";
            case 'C' -> "suspended thin-pool check needed";
            case 'X' -> "unknown";
            case '-' -> "inactive";
            default -> "unknown (" + attr.charAt(4) + ")";
        });
        m.put("open", switch (attr.charAt(5)) {
            case 'o' -> Boolean.TRUE;
            case '-' -> Boolean.FALSE;
            default -> null;
        });
        if (attr.length() >= 10) {
            m.put("target_type", switch (attr.charAt(6)) {
                case 'C' -> "cache";
                case 'm' -> "mirror";
                case 'r' -> "raid";
                case 's' -> "snapshot";
                case 't' -> "thin";
                case 'u' -> "unknown";
                case 'v' -> "virtual";
                case '-' -> null;
                default -> "unknown (" + attr.charAt(6) + ")";
            });
            m.put("zeroed", attr.charAt(7) == 'z');
            m.put("health", health(null, attr));
            m.put("skip_activation", attr.charAt(9) == 'k');
        }
        return m;
    }

    private static String allocation(char c) {
        return switch (c) {
            case 'a' -> "anywhere";
            case 'c' -> "contiguous";
            case 'i' -> "inherited";
            case 'l' -> "cling";
            case 'n' -> "normal";
            default -> "unknown (" + c + ")";
        };
    }

    /** vgs(8): the six vg_attr characters. */
    static Map<String, Object> decodeVgAttr(String attr) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (attr == null || attr.length() < 6) {
            return m;
        }
        m.put("permissions", attr.charAt(0) == 'w' ? "writeable" : attr.charAt(0) == 'r' ? "read-only" : "unknown");
        m.put("resizeable", attr.charAt(1) == 'z');
        m.put("exported", attr.charAt(2) == 'x');
        m.put("partial", attr.charAt(3) == 'p');
        m.put("allocation_policy", allocation(attr.charAt(4)));
        m.put("clustered", attr.charAt(5) == 'c');
        m.put("shared", attr.charAt(5) == 's');
        return m;
    }

    /** pvs(8): the three pv_attr characters. */
    static Map<String, Object> decodePvAttr(String attr) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (attr == null || attr.length() < 3) {
            return m;
        }
        m.put("duplicate", attr.charAt(0) == 'd');
        m.put("allocatable", attr.charAt(0) == 'a');
        m.put("exported", attr.charAt(1) == 'x');
        m.put("missing", attr.charAt(2) == 'm');
        return m;
    }
}
