package io.jsos.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * {@code ObjectMapper.readTree} without an ObjectMapper: the same {@link JsonNode} tree, built
 * from Jackson's streaming parser. Collectors parse tool output ({@code ip -j}, {@code lvs
 * --reportformat json}, {@code ceph -f json}) on every findings run of the exporter, and the
 * first {@code new ObjectMapper()} loads about 600 classes (5 MiB of metaspace that a JVM never
 * gives back); the parser and the node classes are a tenth of that.
 *
 * <p>Same answers as {@code new ObjectMapper().readTree(text)} with its defaults (checked by
 * {@code JsonTreesTest} against it): integers as int, long or BigInteger nodes by size, other
 * numbers as double nodes, the last of duplicate keys wins, nothing after the first value is read,
 * empty input is a {@link MissingNode}, malformed input a {@link
 * com.fasterxml.jackson.core.JsonProcessingException}.
 *
 * <p>Never call {@code toString()} on the nodes in exporter code: Jackson prints a node through an
 * internal ObjectMapper.
 */
public final class JsonTrees {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {
    }

    /** The document in {@code text} as a tree; a {@link MissingNode} when there is none. */
    public static JsonNode read(String text) throws IOException {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            return first == null ? MissingNode.getInstance() : value(p, first);
        }
    }

    /** As {@link #read(String)}, from UTF-8 (or UTF-16/32, detected as Jackson does) bytes. */
    public static JsonNode read(byte[] bytes) throws IOException {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            JsonToken first = p.nextToken();
            return first == null ? MissingNode.getInstance() : value(p, first);
        }
    }

    private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                ObjectNode o = NODES.objectNode();
                for (JsonToken k = p.nextToken(); k == JsonToken.FIELD_NAME; k = p.nextToken()) {
                    String name = p.currentName();
                    o.set(name, value(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    a.add(value(p, e));
                }
                return a;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                // END_OBJECT/END_ARRAY where a value belongs cannot come from the parser (it
                // reports them as syntax errors); embedded objects only come from binary formats.
                throw new IOException("unexpected JSON token " + t);
        }
    }
}
