package io.jsos.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A collector's option values, parsed and checked against its {@link OptionSpec}s, defaults applied. */
public final class CollectorOptions {

    private final Map<String, Object> values;

    private CollectorOptions(Map<String, Object> values) {
        this.values = values;
    }

    /** Every option at its default. */
    public static CollectorOptions defaults(List<OptionSpec<?>> specs) {
        return of(specs, Map.of());
    }

    /**
     * Parses raw values against the specs.
     *
     * @throws IllegalArgumentException for an unknown option (naming the valid ones) or a bad value
     */
    public static CollectorOptions of(List<OptionSpec<?>> specs, Map<String, String> raw) {
        Map<String, Object> values = new HashMap<>();
        Map<String, OptionSpec<?>> byName = new HashMap<>();
        for (OptionSpec<?> s : specs) {
            byName.put(s.name(), s);
            values.put(s.name(), s.defaultValue());
        }
        raw.forEach((k, v) -> {
            OptionSpec<?> s = byName.get(k);
            if (s == null) {
                throw new IllegalArgumentException("unknown option '" + k + "'; valid: "
                        + (byName.isEmpty() ? "(none)" : String.join(", ", byName.keySet().stream().sorted().toList())));
            }
            values.put(k, s.parse(v));
        });
        return new CollectorOptions(values);
    }

    /**
     * The value of an option this collector declared.
     *
     * @throws IllegalArgumentException when the collector did not declare it in {@link Collector#options()}
     */
    public <T> T get(OptionSpec<T> spec) {
        if (!values.containsKey(spec.name())) {
            throw new IllegalArgumentException("option " + spec.name() + " is not declared by this collector");
        }
        return spec.type().cast(values.get(spec.name()));
    }
}
