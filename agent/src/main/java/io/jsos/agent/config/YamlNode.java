package io.jsos.agent.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers where each value stands (line and column), so an error
 * can name the place in the file. Scalars stay text: each key's reader decides what it must be.
 */
public final class YamlNode {

    /** A mapping, a list, a scalar (text), or null ({@code ~}, or nothing after the colon). */
    public enum Kind { MAP, LIST, SCALAR, NULL }

    private final Kind kind;
    private final int line;
    private final int column;
    private final String text;
    private final Map<String, YamlNode> map;
    private final Map<String, int[]> keyPositions;
    private final List<YamlNode> list;

    private YamlNode(Kind kind, int line, int column, String text, Map<String, YamlNode> map,
                     Map<String, int[]> keyPositions, List<YamlNode> list) {
        this.kind = kind;
        this.line = line;
        this.column = column;
        this.text = text;
        this.map = map;
        this.keyPositions = keyPositions;
        this.list = list;
    }

    /**
     * Parses a YAML document (one; JSON is YAML too).
     *
     * @throws ConfigException at the place the YAML is broken, or when a key appears twice in a mapping
     */
    public static YamlNode parse(String source, String yaml) {
        try (JsonParser p = new YAMLFactory().createParser(yaml)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return new YamlNode(Kind.NULL, 1, 1, null, null, null, null);
            }
            return read(source, p, t);
        } catch (ConfigException e) {
            throw e;
        } catch (IOException e) {
            int line = 0;
            int col = 0;
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null) {
                line = jpe.getLocation().getLineNr();
                col = jpe.getLocation().getColumnNr();
            }
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new ConfigException(source, line, col, "not valid YAML: " + msg.replaceAll(" at \\[Source.*", ""));
        }
    }

    private static YamlNode read(String source, JsonParser p, JsonToken t) throws IOException {
        int line = p.currentTokenLocation().getLineNr();
        int col = p.currentTokenLocation().getColumnNr();
        switch (t) {
            case START_OBJECT -> {
                Map<String, YamlNode> m = new LinkedHashMap<>();
                Map<String, int[]> pos = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) != JsonToken.END_OBJECT) {
                    String name = p.currentName();
                    int kl = p.currentTokenLocation().getLineNr();
                    int kc = p.currentTokenLocation().getColumnNr();
                    if (m.containsKey(name)) {
                        throw new ConfigException(source, kl, kc, "key '" + name + "' appears twice (first on line "
                                + pos.get(name)[0] + ")");
                    }
                    pos.put(name, new int[]{kl, kc});
                    m.put(name, read(source, p, p.nextToken()));
                }
                return new YamlNode(Kind.MAP, line, col, null, m, pos, null);
            }
            case START_ARRAY -> {
                List<YamlNode> l = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    l.add(read(source, p, e));
                }
                return new YamlNode(Kind.LIST, line, col, null, null, null, l);
            }
            case VALUE_NULL -> {
                return new YamlNode(Kind.NULL, line, col, null, null, null, null);
            }
            default -> {
                return new YamlNode(Kind.SCALAR, line, col, p.getText(), null, null, null);
            }
        }
    }

    public Kind kind() {
        return kind;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** A scalar's text (null for other kinds). */
    public String text() {
        return text;
    }

    /** A mapping's entries in file order (empty for other kinds). */
    public Map<String, YamlNode> map() {
        return map == null ? Map.of() : map;
    }

    /** A list's items (empty for other kinds). */
    public List<YamlNode> list() {
        return list == null ? List.of() : list;
    }

    /** Where a key of this mapping stands: {line, column}. */
    public int[] keyPosition(String key) {
        int[] p = keyPositions == null ? null : keyPositions.get(key);
        return p == null ? new int[]{line, column} : p;
    }

    /** The value as plain JDK values (Map, List, String, null), e.g. for a section jsos passes on unread. */
    public Object plain() {
        return switch (kind) {
            case MAP -> {
                Map<String, Object> m = new LinkedHashMap<>();
                map.forEach((k, v) -> m.put(k, v.plain()));
                yield m;
            }
            case LIST -> list.stream().map(YamlNode::plain).toList();
            case SCALAR -> text;
            case NULL -> null;
        };
    }
}
