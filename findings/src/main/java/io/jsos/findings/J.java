package io.jsos.findings;

import java.util.List;
import java.util.Map;

/**
 * Reading plain JSON values (Map, List, String, Number, Boolean) without casts at every step.
 * Every accessor answers null or an empty list for a missing or mistyped value: rules treat
 * missing facts as "no finding", never as an error.
 */
public final class J {

    /** Limits above this are "no limit" (cgroup v1 writes 2^63 rounded down to a page as its max). */
    private static final double UNLIMITED = 0x1p60;

    private J() {
    }

    /** Follows keys through nested objects; null when any step is missing. */
    @SuppressWarnings("unchecked")
    public static Object at(Object node, String... keys) {
        Object cur = node;
        for (String k : keys) {
            if (!(cur instanceof Map)) {
                return null;
            }
            cur = ((Map<String, Object>) cur).get(k);
        }
        return cur;
    }

    /** The object at the path, or null. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> obj(Object node, String... keys) {
        Object v = at(node, keys);
        return v instanceof Map ? (Map<String, Object>) v : null;
    }

    /** The objects in the list at the path (non-objects skipped), or an empty list. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> objs(Object node, String... keys) {
        Object v = at(node, keys);
        if (!(v instanceof List)) {
            return List.of();
        }
        return ((List<Object>) v).stream().filter(Map.class::isInstance).map(m -> (Map<String, Object>) m).toList();
    }

    /** The list at the path, or an empty list. */
    @SuppressWarnings("unchecked")
    public static List<Object> list(Object node, String... keys) {
        Object v = at(node, keys);
        return v instanceof List ? (List<Object>) v : List.of();
    }

    /** The text at the path (numbers and booleans as text), or null. */
    public static String str(Object node, String... keys) {
        Object v = at(node, keys);
        return v == null || v instanceof Map || v instanceof List ? null : v.toString();
    }

    /** The number at the path (a numeric string too), or null ("max", "", garbage). */
    public static Double num(Object node, String... keys) {
        Object v = at(node, keys);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** A limit at the path: a number below "unlimited", else null ({@code "max"}, v1's 2^63). */
    public static Double limit(Object node, String... keys) {
        Double v = num(node, keys);
        return v == null || v >= UNLIMITED || v <= 0 ? null : v;
    }

    /** The boolean at the path, or null. */
    public static Boolean bool(Object node, String... keys) {
        Object v = at(node, keys);
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        return null;
    }

    /** The first non-null of several keys (models in snake_case and camelCase alike). */
    public static Object first(Object node, String... keys) {
        for (String k : keys) {
            Object v = at(node, k);
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
