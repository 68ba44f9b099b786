package io.jsos.json;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A collector's model as the plain values its bundle file reads back as ({@link
 * ModelJson#roundTrip}), without writing JSON and without Jackson's ObjectMapper: what the
 * exporter's findings run hands to the rules every minute.
 *
 * <p>Converted directly: records (components in declaration order; {@code @JsonInclude(NON_NULL)}
 * on the record or a component drops nulls), maps with string, number or boolean keys,
 * collections and object or primitive arrays, enums without Jackson annotations (their name),
 * strings, characters, booleans and numbers (whole numbers as Integer, Long or BigInteger by size,
 * others as Double; NaN and the infinities as the strings Jackson writes). Anything else (a bean,
 * a Jackson annotation that changes the output, {@code Optional}, {@code byte[]}...) sends the whole
 * model through {@link ModelJson#roundTrip}, so the answer is always the file's.
 * {@code PlainValuesTest} checks both paths against the round trip.
 */
public final class PlainValues {

    private static final AtomicLong FALLBACKS = new AtomicLong();

    private PlainValues() {
    }

    /** Thrown inside the conversion when a value needs Jackson's rules. */
    private static final class NeedsJackson extends Exception {
        NeedsJackson() {
            super(null, null, false, false);
        }
    }

    private static final NeedsJackson NEEDS_JACKSON = new NeedsJackson();

    /** The model's plain values; equal to {@code ModelJson.roundTrip(model)}. */
    public static Object of(Object model) throws IOException {
        try {
            return convert(model);
        } catch (NeedsJackson e) {
            FALLBACKS.incrementAndGet();
            return ModelJson.roundTrip(model);
        }
    }

    /** How many models so far needed the round trip through Jackson (for tests and diagnosis). */
    public static long fallbacks() {
        return FALLBACKS.get();
    }

    private static Object convert(Object v) throws NeedsJackson {
        if (v == null || v instanceof String || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).intValue();
        }
        if (v instanceof Long || v instanceof AtomicInteger || v instanceof AtomicLong || v instanceof LongAdder) {
            return whole(((Number) v).longValue());
        }
        if (v instanceof Double d) {
            return decimal(d);
        }
        if (v instanceof Float f) {
            // Jackson prints a float's shortest text, which reads back as that decimal, not as the float widened.
            return f.isNaN() || f.isInfinite() ? decimal(f.doubleValue()) : Double.valueOf(Float.toString(f));
        }
        if (v instanceof BigInteger b) {
            return whole(b);
        }
        if (v instanceof BigDecimal b) {
            String text = b.toString();
            return text.indexOf('.') < 0 && text.indexOf('E') < 0 ? whole(b.toBigIntegerExact()) : Double.valueOf(text);
        }
        if (v instanceof Character c) {
            return String.valueOf(c);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>(Math.max(4, m.size() * 4 / 3 + 1));
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(key(e.getKey()), convert(e.getValue()));
            }
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object e : c) {
                out.add(convert(e));
            }
            return out;
        }
        Class<?> type = v.getClass();
        if (type.isArray()) {
            return array(v, type.getComponentType());
        }
        if (type.isRecord()) {
            return record(v, SHAPES.get(type));
        }
        if (v instanceof Enum<?> e && !SHAPES.get(e.getDeclaringClass()).jacksonRules) {
            return e.name();
        }
        throw NEEDS_JACKSON;
    }

    private static Object whole(long l) {
        return l == (int) l ? (Object) (int) l : (Object) l;
    }

    private static Object whole(BigInteger b) {
        return b.bitLength() < 64 ? whole(b.longValue()) : b;
    }

    private static Object decimal(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return d;
    }

    private static String key(Object k) throws NeedsJackson {
        if (k instanceof String s) {
            return s;
        }
        if (k instanceof Number || k instanceof Boolean || k instanceof Character) {
            return k.toString();
        }
        throw NEEDS_JACKSON; // null keys fail in Jackson; enum and bean keys have rules of their own
    }

    private static Object array(Object a, Class<?> element) throws NeedsJackson {
        if (element == byte.class || element == char.class) {
            throw NEEDS_JACKSON; // base64 text and a string
        }
        int n = java.lang.reflect.Array.getLength(a);
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(convert(java.lang.reflect.Array.get(a, i)));
        }
        return out;
    }

    private static Object record(Object r, Shape shape) throws NeedsJackson {
        if (shape.jacksonRules) {
            throw NEEDS_JACKSON;
        }
        Map<String, Object> out = new LinkedHashMap<>(shape.names.length * 4 / 3 + 1);
        for (int i = 0; i < shape.names.length; i++) {
            Object value;
            try {
                value = (Object) shape.accessors[i].invokeExact(r);
            } catch (Throwable e) {
                throw NEEDS_JACKSON;
            }
            if (value == null && shape.omitNull[i]) {
                continue;
            }
            out.put(shape.names[i], convert(value));
        }
        return out;
    }

    /** What the conversion needs to know of a record or enum type, found once per type. */
    private static final class Shape {
        final String[] names;
        /**
         * Record accessors as method handles of type (Object)Object: {@code Method.invoke} would
         * spin a generated accessor class (and a class loader) per component after 15 calls, and
         * the exporter converts the same records every minute for days.
         */
        final MethodHandle[] accessors;
        final boolean[] omitNull;
        /** Jackson annotations or bean getters that this class does not reproduce. */
        final boolean jacksonRules;

        Shape(Class<?> type) {
            boolean rules = false;
            if (type.isRecord()) {
                RecordComponent[] cs = type.getRecordComponents();
                names = new String[cs.length];
                accessors = new MethodHandle[cs.length];
                omitNull = new boolean[cs.length];
                Inclusion forClass = include(type);
                rules = forClass == Inclusion.JACKSON;
                for (int i = 0; i < cs.length && !rules; i++) {
                    names[i] = cs[i].getName();
                    Method accessor = cs[i].getAccessor();
                    Inclusion own = include(accessor);
                    rules = own == Inclusion.JACKSON || jackson(cs[i]);
                    omitNull[i] = own == Inclusion.NON_NULL || (forClass == Inclusion.NON_NULL && own == Inclusion.UNSAID);
                    if (!rules) {
                        try {
                            accessor.setAccessible(true);
                            accessors[i] = MethodHandles.lookup().unreflect(accessor)
                                    .asType(MethodType.methodType(Object.class, Object.class));
                        } catch (RuntimeException | IllegalAccessException e) {
                            rules = true;
                        }
                    }
                }
                rules = rules || beanGetters(type, cs);
            } else {
                names = new String[0];
                accessors = new MethodHandle[0];
                omitNull = new boolean[0];
                rules = jackson(type) || java.util.Arrays.stream(type.getDeclaredFields()).anyMatch(PlainValues::jackson)
                        || java.util.Arrays.stream(type.getDeclaredMethods()).anyMatch(PlainValues::jackson);
            }
            this.jacksonRules = rules;
        }
    }

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return new Shape(type);
        }
    };

    /** What an element's {@code @JsonInclude} says. */
    private enum Inclusion {
        /** No {@code @JsonInclude}: the enclosing rule holds. */
        UNSAID,
        ALWAYS,
        NON_NULL,
        /** Another inclusion rule (NON_EMPTY, NON_DEFAULT...) or another Jackson annotation: left to Jackson. */
        JACKSON
    }

    private static Inclusion include(AnnotatedElement e) {
        Inclusion answer = Inclusion.UNSAID;
        for (Annotation a : e.getDeclaredAnnotations()) {
            if (a instanceof JsonInclude inc) {
                boolean plainContent = inc.content() == JsonInclude.Include.ALWAYS || inc.content() == JsonInclude.Include.USE_DEFAULTS;
                if (!plainContent) {
                    return Inclusion.JACKSON;
                }
                answer = switch (inc.value()) {
                    case NON_NULL -> Inclusion.NON_NULL;
                    case ALWAYS -> Inclusion.ALWAYS;
                    case USE_DEFAULTS -> Inclusion.UNSAID;
                    default -> Inclusion.JACKSON;
                };
                if (answer == Inclusion.JACKSON) {
                    return answer;
                }
            } else if (isJackson(a)) {
                return Inclusion.JACKSON;
            }
        }
        return answer;
    }

    private static boolean jackson(AnnotatedElement e) {
        for (Annotation a : e.getDeclaredAnnotations()) {
            if (isJackson(a)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isJackson(Annotation a) {
        String pkg = a.annotationType().getPackageName();
        return pkg.startsWith("com.fasterxml.jackson.");
    }

    /** Jackson also writes a record's other public getters ({@code getX()}, {@code isX()}) as properties. */
    private static boolean beanGetters(Class<?> type, RecordComponent[] cs) {
        java.util.Set<String> accessors = new java.util.HashSet<>();
        for (RecordComponent c : cs) {
            accessors.add(c.getName());
        }
        for (Method m : type.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0 || m.getDeclaringClass() == Object.class
                    || m.getDeclaringClass() == Record.class || accessors.contains(m.getName())) {
                continue;
            }
            String n = m.getName();
            boolean getter = n.startsWith("get") && n.length() > 3 && m.getReturnType() != void.class;
            boolean is = n.startsWith("is") && n.length() > 2 && (m.getReturnType() == boolean.class || m.getReturnType() == Boolean.class);
            if (getter || is || jackson(m)) {
                return true;
            }
        }
        return false;
    }
}
