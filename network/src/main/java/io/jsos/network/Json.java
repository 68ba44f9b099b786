package io.jsos.network;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.jsos.json.JsonTrees;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Tolerant reading of the JSON that ip, bridge and ovs-vsctl print: a garbage or truncated document
 * is an {@link Parsed#error()}, never an exception, and missing fields read as null.
 */
final class Json {

    private Json() {
    }

    /** A parsed document, or why it could not be parsed (then {@code node} is a missing node). */
    record Parsed(JsonNode node, String error) {
        boolean ok() {
            return error == null;
        }
    }

    static Parsed parse(String text) {
        if (text == null || text.isBlank()) {
            return new Parsed(MissingNode.getInstance(), "empty output");
        }
        try {
            return new Parsed(JsonTrees.read(text), null);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            return new Parsed(MissingNode.getInstance(), "not JSON: " + firstLine(why));
        }
    }

    /** Parses a document that must be an array (what {@code ip -j} and {@code bridge -j} print). */
    static Parsed array(String text) {
        Parsed p = parse(text);
        if (p.ok() && !p.node().isArray()) {
            return new Parsed(MissingNode.getInstance(), "expected a JSON array, got " + p.node().getNodeType());
        }
        return p;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    static Long number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.asLong();
        }
        return Num.parseLong(v.asText());
    }

    static Integer integer(JsonNode n, String field) {
        Long l = number(n, field);
        return l == null ? null : (int) (long) l;
    }

    /** A boolean that ip prints as true/false or as 0/1. */
    static Boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber()) {
            return v.asLong() != 0;
        }
        return "true".equalsIgnoreCase(v.asText()) || "1".equals(v.asText());
    }

    static List<String> strings(JsonNode n, String field) {
        List<String> out = new ArrayList<>();
        JsonNode v = n.get(field);
        if (v != null && v.isArray()) {
            v.forEach(x -> out.add(x.asText()));
        }
        return out;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
