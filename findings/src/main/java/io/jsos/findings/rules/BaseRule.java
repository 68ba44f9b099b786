package io.jsos.findings.rules;

import io.jsos.api.findings.Evidence;
import io.jsos.api.findings.Finding;
import io.jsos.api.findings.Rule;
import io.jsos.api.findings.Severity;
import io.jsos.api.findings.Thresholds;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What built-in rules share: id, description, declared thresholds, and the usual two-level
 * "warning at X, critical at Y" grading.
 */
abstract class BaseRule implements Rule {

    private final String id;
    private final String description;
    private final Map<String, Double> thresholds = new LinkedHashMap<>();

    BaseRule(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** Declares a threshold {@code <id>.<name>} with its default; returns the full key. */
    final String threshold(String name, double defaultValue) {
        String key = id + "." + name;
        thresholds.put(key, defaultValue);
        return key;
    }

    /** The value of a declared threshold. */
    final double value(Thresholds t, String name) {
        String key = id + "." + name;
        Double def = thresholds.get(key);
        if (def == null) {
            throw new IllegalStateException("undeclared threshold " + key);
        }
        return t.get(key, def);
    }

    /** CRITICAL at or above the {@code critical} threshold, WARNING at or above {@code warning}, else null. */
    final Severity grade(Thresholds t, double v) {
        if (v >= value(t, "critical")) {
            return Severity.CRITICAL;
        }
        if (v >= value(t, "warning")) {
            return Severity.WARNING;
        }
        return null;
    }

    final Finding finding(Severity s, String subject, String title, List<Evidence> evidence, String next) {
        return new Finding(id, s, subject, title, evidence, next);
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Map<String, Double> thresholds() {
        return java.util.Collections.unmodifiableMap(thresholds);
    }

    /**
     * Adds a finding when {@code value} reaches the warning or critical threshold: the usual
     * "near a limit" rule in one call.
     */
    final void addGraded(List<Finding> out, Thresholds t, double value, String subject, String title, List<Evidence> evidence,
                         String next) {
        Severity s = grade(t, value);
        if (s != null) {
            out.add(finding(s, subject, title, evidence, next));
        }
    }

    static String pct(double v) {
        return io.jsos.findings.Units.pct(v);
    }

    static String bytes(double b) {
        return io.jsos.findings.Units.bytes(b);
    }
}
