package io.jsos.storage;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.json.JsonTrees;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Lenient JSON reading for tool outputs. lvm2 repeats keys when a field is asked for twice
 * ({@code -o +pool_lv} on top of the defaults), so duplicate detection stays off (the last value
 * wins); ceph prints an empty line before some documents. Garbage is an {@link IOException} with
 * the first characters of the output, so the caller can record what the tool printed.
 */
public final class StorageJson {

    private StorageJson() {
    }

    public static JsonNode parse(byte[] output) throws IOException {
        return parse(new String(output, StandardCharsets.UTF_8));
    }

    public static JsonNode parse(String output) throws IOException {
        String text = output == null ? "" : output.strip();
        if (text.isEmpty()) {
            throw new IOException("empty output, no JSON");
        }
        try {
            JsonNode n = JsonTrees.read(text);
            if (n == null || n.isMissingNode()) {
                throw new IOException("no JSON document");
            }
            return n;
        } catch (IOException e) {
            String head = text.length() > 80 ? text.substring(0, 80) + "…" : text;
            throw new IOException("not JSON (" + e.getClass().getSimpleName() + "): " + head.replace('\n', ' '), e);
        }
    }

    /** A field as text, or null when absent, JSON null or blank (lvm2 prints "" for "not known"). */
    public static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText().strip();
        return s.isEmpty() ? null : s;
    }

    /** A field as a whole number (a JSON number or a numeric string), or null. */
    public static Long longValue(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v != null && v.isNumber()) {
            return v.asLong();
        }
        return Nums.parseLong(text(n, field));
    }

    /** A field as a number (a JSON number or a numeric string), or null. */
    public static Double doubleValue(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v != null && v.isNumber()) {
            return v.asDouble();
        }
        return Nums.parseDouble(text(n, field));
    }
}
