package io.jsos.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;

/**
 * The one way a collector's model becomes JSON ({@code jsos/<collector>.json}), and its plain
 * values read back. Built on first use: the exporter's findings run converts models with
 * {@link PlainValues} and never needs it.
 */
public final class ModelJson {

    private ModelJson() {
    }

    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .findAndRegisterModules();
    }

    /** The mapper bundles are written with (indented, empty beans allowed, modules on the class path). */
    public static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    /** The model as JSON text, as written into a bundle. */
    public static String write(Object model) throws IOException {
        return mapper().writeValueAsString(model);
    }

    /**
     * The model as a reader of its bundle file sees it: written, then read as plain values (Map,
     * List, String, Integer/Long/BigInteger, Double, Boolean, null).
     */
    public static Object roundTrip(Object model) throws IOException {
        return mapper().readValue(mapper().writeValueAsBytes(model), Object.class);
    }
}
