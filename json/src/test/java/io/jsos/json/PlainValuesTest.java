package io.jsos.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Plain values equal the bundle file read back, whether converted directly or through Jackson. */
class PlainValuesTest {

    enum State { UP, DOWN }

    enum Wire {
        OK("ok"), TIMED_OUT("timed_out");
        private final String wire;

        Wire(String wire) {
            this.wire = wire;
        }

        @JsonValue
        String wire() {
            return wire;
        }
    }

    record Port(String name, int mtu, long bytes, Double load, State state, List<String> flags) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Sparse(String present, String absent, Integer count) {
    }

    record PartlySparse(@JsonInclude(JsonInclude.Include.NON_NULL) String hidden, String shown) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MostlySparse(String hidden, @JsonInclude(JsonInclude.Include.ALWAYS) String shown) {
    }

    record Bridge(String name, Map<String, Port> ports, Port[] array, int[] ids, double[] loads, Set<Integer> vlans,
                  Map<Integer, String> byId, float ratio, BigDecimal exact, BigInteger huge, AtomicLong counter,
                  char letter, Short small) {
    }

    record Renamed(@JsonProperty("other") String name) {
    }

    record WithGetter(String name) {
        public String getDisplay() {
            return "<" + name + ">";
        }
    }

    /** A bean, not a record: Jackson's getter rules. */
    public static final class Bean {
        public String getName() {
            return "bean";
        }

        public boolean isUp() {
            return true;
        }
    }

    private static void same(Object model, boolean direct) throws Exception {
        long before = PlainValues.fallbacks();
        Object expected = ModelJson.roundTrip(model);
        Object actual = PlainValues.of(model);
        assertThat(actual).as(String.valueOf(expected)).isEqualTo(expected);
        assertSameTypes(expected, actual);
        assertThat(PlainValues.fallbacks() - before).as("went through Jackson").isEqualTo(direct ? 0 : 1);
    }

    /** Map/List equality ignores Integer vs Long; rules that compare with equals would not. */
    private static void assertSameTypes(Object a, Object b) {
        if (a == null) {
            assertThat(b).isNull();
            return;
        }
        assertThat(b.getClass()).as(String.valueOf(a)).isEqualTo(a.getClass() == ArrayList.class ? ArrayList.class
                : a.getClass() == LinkedHashMap.class ? LinkedHashMap.class : a.getClass());
        if (a instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                assertSameTypes(l.get(i), ((List<?>) b).get(i));
            }
        } else if (a instanceof Map<?, ?> m) {
            assertThat(new ArrayList<>(((Map<?, ?>) b).keySet())).isEqualTo(new ArrayList<>(m.keySet()));
            m.forEach((k, v) -> assertSameTypes(v, ((Map<?, ?>) b).get(k)));
        }
    }

    @Test
    void recordsMapsListsAndScalarsConvertDirectly() throws Exception {
        Port eth = new Port("eth0", 1500, 5_000_000_000L, 0.25, State.UP, List.of("UP", "LOWER_UP"));
        Port idle = new Port("eth1", 9000, 3, null, State.DOWN, List.of());
        Map<String, Port> ports = new TreeMap<>(Map.of("eth0", eth, "eth1", idle));
        Map<Integer, String> byId = new LinkedHashMap<>();
        byId.put(7, "seven");
        byId.put(-1, null);
        same(new Bridge("br0", ports, new Port[]{eth, null}, new int[]{1, 2}, new double[]{0.1, Double.NaN},
                Set.of(10), byId, 0.1f, new BigDecimal("12.50"), new BigInteger("123456789012345678901234567890"),
                new AtomicLong(1L << 40), 'x', (short) 3), true);
        same(new Bridge("br1", Map.of(), new Port[0], new int[0], new double[]{Double.POSITIVE_INFINITY, -0.0},
                Set.of(), Map.of(), Float.NaN, new BigDecimal("1E+3"), BigInteger.valueOf(5), new AtomicLong(), 'é', null), true);
        same(new Sparse("here", null, null), true);
        same(new PartlySparse(null, null), true);
        same(new MostlySparse(null, null), true);
        same(List.of(Map.of("k", List.of(1, 2L, 3.5, "x", true))), true);
        same(null, true);
        same("text", true);
        same(new BigDecimal("100"), true);
    }

    @Test
    void whatJacksonDecidesGoesThroughJackson() throws Exception {
        same(List.of(Wire.OK, Wire.TIMED_OUT), false);
        same(new Renamed("x"), false);
        same(new WithGetter("x"), false);
        same(List.of(new Bean()), false);
        same(Map.of(State.UP, 1), false);
        same(new byte[]{1, 2, 3}, false);
    }

    @Test
    void randomModelsConvertAlike() throws Exception {
        Random r = new Random(7);
        for (int i = 0; i < 3_000; i++) {
            List<Object> flags = new ArrayList<>();
            for (int j = r.nextInt(4); j > 0; j--) {
                flags.add(Long.toHexString(r.nextLong()));
            }
            Port p = new Port(r.nextBoolean() ? null : "p" + r.nextInt(), r.nextInt(), r.nextLong() >> r.nextInt(64),
                    r.nextBoolean() ? null : r.nextGaussian() * Math.pow(10, r.nextInt(30) - 15),
                    r.nextBoolean() ? State.UP : null, flags.stream().map(String::valueOf).toList());
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("port", p);
            doc.put("numbers", Arrays.asList(r.nextFloat() * 1e6f, r.nextLong(), r.nextInt(), null));
            same(doc, true);
        }
    }
}
