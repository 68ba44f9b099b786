package io.jsos.api.findings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The numbers rules compare against, by dotted key ({@code cgroups.memory-near-limit.percent}).
 * Each rule declares its keys and defaults ({@link Rule#thresholds()}); a user's overrides (the
 * {@code findings} section of the YAML config) replace them.
 */
public final class Thresholds {

    private final Map<String, Double> values;

    private Thresholds(Map<String, Double> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Thresholds holding exactly these values (no validation: see the findings engine for that). */
    public static Thresholds of(Map<String, Double> values) {
        return new Thresholds(values);
    }

    /** No overrides: every rule uses its defaults. */
    public static Thresholds defaults() {
        return new Thresholds(Map.of());
    }

    /** The value of a key, or the rule's default when nobody set it. */
    public double get(String key, double fallback) {
        Double v = values.get(key);
        return v == null ? fallback : v;
    }

    /** Every value set, by key. */
    public Map<String, Double> values() {
        return values;
    }
}
