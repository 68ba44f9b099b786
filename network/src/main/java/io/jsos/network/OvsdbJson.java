package io.jsos.network;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses OVSDB's JSON output: {@code ovsdb-client dump --format=json} (one object per table per
 * line, not one document) and {@code ovs-vsctl -f json list <table>} (one object). Cells use
 * OVSDB's tagging: {@code ["uuid","…"]}, {@code ["set",[…]]}, {@code ["map",[[k,v],…]]}; a set of
 * one is written bare, so {@link #list(Object)} evens that out.
 */
final class OvsdbJson {

    private static final Pattern SECRET_PAIR = Pattern.compile(
            "\\[\"([^\"]*(?:psk|password|passwd|secret|private_key|token|auth)[^\"]*)\",\"((?:[^\"\\\\]|\\\\.)*)\"]",
            Pattern.CASE_INSENSITIVE);

    private OvsdbJson() {
    }

    /** Tables by name, rows as column → decoded value (the row's uuid under "_uuid"). */
    record Tables(Map<String, List<Map<String, Object>>> tables, String error) {
        List<Map<String, Object>> rows(String table) {
            return tables.getOrDefault(table, List.of());
        }

        Map<String, Map<String, Object>> byUuid(String table) {
            Map<String, Map<String, Object>> out = new LinkedHashMap<>();
            rows(table).forEach(r -> out.put(String.valueOf(r.get("_uuid")), r));
            return out;
        }
    }

    /** {@code ovsdb-client dump --format=json}: lines of {"caption":"Bridge table","data":…,"headings":…}. */
    static Tables dump(String text) {
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Json.Parsed p = Json.parse(line);
            if (!p.ok() || !p.node().isObject()) {
                errors.add(p.ok() ? "not a table object" : p.error());
                continue;
            }
            String caption = Json.text(p.node(), "caption");
            if (caption == null) {
                errors.add("a table without caption");
                continue;
            }
            tables.put(caption.replaceFirst(" table$", ""), rows(p.node()));
        }
        String error = tables.isEmpty() ? "no table in the output" + (errors.isEmpty() ? "" : ": " + errors.get(0))
                : errors.isEmpty() ? null : errors.size() + " unreadable lines, first: " + errors.get(0);
        return new Tables(tables, error);
    }

    /** One table object: {"data":[[cell,…],…],"headings":[…]}. */
    static List<Map<String, Object>> rows(JsonNode table) {
        List<String> headings = Json.strings(table, "headings");
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode row : table.path("data")) {
            Map<String, Object> r = new LinkedHashMap<>();
            for (int i = 0; i < headings.size() && i < row.size(); i++) {
                r.put(headings.get(i), cell(row.get(i)));
            }
            out.add(r);
        }
        return out;
    }

    static Object cell(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isArray() && n.size() == 2 && n.get(0).isTextual()) {
            String tag = n.get(0).asText();
            switch (tag) {
                case "uuid", "named-uuid" -> {
                    return n.get(1).asText();
                }
                case "set" -> {
                    List<Object> l = new ArrayList<>();
                    n.get(1).forEach(x -> l.add(cell(x)));
                    return l;
                }
                case "map" -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    n.get(1).forEach(kv -> m.put(String.valueOf(cell(kv.get(0))), cell(kv.get(1))));
                    return m;
                }
                default -> {
                }
            }
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        return n.asText();
    }

    /** A set column as a list (a set of one is written bare, an empty one as an empty set). */
    static List<Object> list(Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        return List.of(v);
    }

    /** An optional scalar column (an empty set means "not set"). */
    static Object opt(Object v) {
        List<Object> l = list(v);
        return l.size() == 1 ? l.get(0) : null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object v) {
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    // key=value as ovs-vsctl prints and takes it: "options: {psk=x}", "options:psk=x" in conf.db's _comment
    private static final Pattern SECRET_ASSIGN = Pattern.compile(
            "\\b([\\w-]*(?:psk|password|passwd|secret|private_key|token|auth)[\\w-]*)=(\\\\?\"[^\"]*\"|[^,}\\s\"]+)",
            Pattern.CASE_INSENSITIVE);

    /**
     * Blanks secret values (IPsec PSKs, passwords) in OVSDB JSON map pairs and in ovs-vsctl's
     * key=value form, so conf.db (whose transaction comments repeat the commands), the dump and
     * {@code ovs-vsctl show} keep no secret.
     */
    static String scrub(String text) {
        Matcher m = SECRET_PAIR.matcher(text);
        String pairs = m.replaceAll(r -> Matcher.quoteReplacement("[\"" + r.group(1) + "\",\"" + ConfigScrubber.BLANK + "\"]"));
        return SECRET_ASSIGN.matcher(pairs).replaceAll(r -> Matcher.quoteReplacement(r.group(1) + "=" + ConfigScrubber.BLANK));
    }

    /** Blanks secret keys in a decoded map (interface options). */
    static Map<String, Object> scrubMap(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, SECRET_PAIR.matcher("[\"" + k + "\",\"x\"]").matches() ? ConfigScrubber.BLANK : v));
        return out;
    }
}
