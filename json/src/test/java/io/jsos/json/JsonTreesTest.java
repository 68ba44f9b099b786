package io.jsos.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The streaming tree reader gives what {@code ObjectMapper.readTree} gives, node class by node class. */
class JsonTreesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static void same(String text) throws Exception {
        JsonNode expected = MAPPER.readTree(text);
        JsonNode fromText = JsonTrees.read(text);
        JsonNode fromBytes = JsonTrees.read(text.getBytes(StandardCharsets.UTF_8));
        assertThat(fromText).as(text).isEqualTo(expected);
        assertThat(fromBytes).as(text).isEqualTo(expected);
        assertSameClasses(expected, fromText);
    }

    /** JsonNode.equals compares numbers by value within a kind; the kinds (int, long, big, double) must match too. */
    private static void assertSameClasses(JsonNode a, JsonNode b) {
        assertThat(b.getClass()).isEqualTo(a.getClass());
        for (int i = 0; i < a.size(); i++) {
            if (a.isArray()) {
                assertSameClasses(a.get(i), b.get(i));
            }
        }
        a.properties().forEach(e -> assertSameClasses(e.getValue(), b.get(e.getKey())));
    }

    @Test
    void toolOutputsReadAlike() throws Exception {
        for (String doc : List.of(
                "[{\"ifindex\":1,\"ifname\":\"lo\",\"flags\":[\"LOOPBACK\",\"UP\"],\"mtu\":65536,\"addr_info\":[]}]",
                "{\"report\":[{\"lv\":[{\"lv_name\":\"thin\",\"data_percent\":\"12.50\",\"lv_size\":\"1073741824B\"}]}]}",
                "{\"a\":1,\"a\":2}",
                "{\"int\":2147483647,\"long\":2147483648,\"big\":18446744073709551616,\"neg\":-9223372036854775808,"
                        + "\"d\":1.5,\"e\":1e3,\"z\":-0.0,\"t\":true,\"f\":false,\"n\":null,\"s\":\"\\u00e9\\n\"}",
                "5", "\"text\"", "null", "[]", "{}", "[[[]]]", "  {\"x\": [1, 2.0, \"3\"]}  trailing",
                "", "   ")) {
            same(doc);
        }
    }

    @Test
    void randomDocumentsReadAlike() throws Exception {
        Random r = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            same(randomValue(r, 0));
        }
    }

    @Test
    void malformedInputFailsAsTheMapperDoes() {
        for (String bad : List.of("{", "[1,", "{\"a\" 1}", "nope", "[1 2]", "{\"a\":NaN}", "\"open")) {
            assertThatThrownBy(() -> MAPPER.readTree(bad)).as(bad).isInstanceOf(JsonProcessingException.class);
            assertThatThrownBy(() -> JsonTrees.read(bad)).as(bad).isInstanceOf(JsonProcessingException.class);
        }
    }

    private static String randomValue(Random r, int depth) {
        int kind = depth > 4 ? r.nextInt(5) : r.nextInt(7);
        switch (kind) {
            case 0:
                return Long.toString(r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(1000) - 500);
            case 1:
                return Double.toString(r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20));
            case 2:
                return List.of("\"\"", "\"abc\"", "\"a\\\"b\"", "\"é\\u0001\\n\"", "\"\\ud83d\\ude00\"").get(r.nextInt(5));
            case 3:
                return r.nextBoolean() ? "true" : "false";
            case 4:
                return r.nextInt(3) == 0 ? "null" : "123456789012345678901234567890";
            case 5: {
                StringBuilder s = new StringBuilder("[");
                for (int i = r.nextInt(4); i > 0; i--) {
                    s.append(randomValue(r, depth + 1)).append(i > 1 ? "," : "");
                }
                return s.append(']').toString();
            }
            default: {
                StringBuilder s = new StringBuilder("{");
                for (int i = r.nextInt(4); i > 0; i--) {
                    s.append("\"k").append(r.nextInt(3)).append("\":").append(randomValue(r, depth + 1)).append(i > 1 ? "," : "");
                }
                return s.append('}').toString();
            }
        }
    }
}
