package io.jsos.engine.scrape;

import io.jsos.api.MetricsWriter;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where one collector's samples go during one scrape: the {@link MetricsWriter} a collector is
 * given. It keeps what Prometheus accepts and rejects (and records why) what it would not: an
 * invalid or reserved name, odd label pairs, an invalid or repeated label name, a counter without
 * {@code _total}, a family emitted with two types, a series emitted twice, more series than the cap.
 *
 * <p>Once {@link #seal() sealed} (its collector finished, failed or was abandoned at its timeout)
 * it ignores further samples, so a late write from an abandoned thread cannot change a scrape.
 * Thread-safe: a collector may emit from several threads.
 */
final class SampleSink implements MetricsWriter {

    /** How many problem descriptions are kept per collector and scrape (the count goes on). */
    static final int MAX_PROBLEMS_KEPT = 10;

    enum Type {
        GAUGE, COUNTER;

        String wireName() {
            return this == GAUGE ? "gauge" : "counter";
        }
    }

    /** The samples of one family, in the order they came. */
    static final class Family {
        final String name;        // the sample name: a counter's ends in _total
        final String baseName;    // the family name without a counter's _total (OpenMetrics' family name)
        final Type type;
        final String help;
        final Map<Labels, Double> points = new LinkedHashMap<>();

        Family(String name, Type type, String help) {
            this.name = name;
            this.type = type;
            this.help = help;
            this.baseName = type == Type.COUNTER ? name.substring(0, name.length() - "_total".length()) : name;
        }
    }

    private final int maxSeries;
    private final List<String> reservedPrefixes;
    private final Map<String, Family> families = new LinkedHashMap<>();
    /** Every name a family's samples or OpenMetrics metadata use, to the family that uses it. */
    private final Map<String, String> namesInUse = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private int rejected;
    private int series;
    private boolean overCap;
    private boolean sealed;

    SampleSink(int maxSeries, List<String> reservedPrefixes) {
        this.maxSeries = maxSeries;
        this.reservedPrefixes = List.copyOf(reservedPrefixes);
    }

    @Override
    public synchronized void gauge(String name, String help, double value, String... labelPairs) {
        add(Type.GAUGE, name, help, value, labelPairs);
    }

    @Override
    public synchronized void counter(String name, String help, double value, String... labelPairs) {
        add(Type.COUNTER, name, help, value, labelPairs);
    }

    private void add(Type type, String name, String help, double value, String[] labelPairs) {
        if (sealed) {
            return;
        }
        String problem = checkName(type, name);
        if (problem != null) {
            reject(problem);
            return;
        }
        Labels labels;
        try {
            labels = labels(labelPairs);
        } catch (IllegalArgumentException e) {
            reject(name + ": " + e.getMessage());
            return;
        }
        Family f = families.get(name);
        if (f == null) {
            f = new Family(name, type, help == null ? "" : help);
            String clash = clash(f);
            if (clash != null) {
                reject(name + " (" + type.wireName() + ") clashes with " + clash);
                return;
            }
            families.put(name, f);
            for (String n : exposedNames(f)) {
                namesInUse.put(n, name);
            }
        } else if (f.type != type) {
            reject(name + " emitted as both " + f.type.wireName() + " and " + type.wireName());
            return;
        }
        if (f.points.containsKey(labels)) {
            reject("duplicate series " + name + labels);
            return;
        }
        if (series >= maxSeries) {
            if (!overCap) {
                overCap = true;
                problem("more than " + maxSeries + " series: the rest of this scrape's samples were dropped");
            }
            rejected++;
            return;
        }
        f.points.put(labels, value);
        series++;
    }

    private String checkName(Type type, String name) {
        if (name == null || !PrometheusNaming.isValidLegacyMetricName(name)) {
            return "invalid metric name '" + name + "' (letters, digits, '_' and ':', not starting with a digit)";
        }
        if (name.startsWith("__")) {
            return "metric names starting with __ are reserved: " + name;
        }
        for (String p : reservedPrefixes) {
            if (name.startsWith(p)) {
                return name + ": the prefix " + p + " is reserved for jsos's own metrics";
            }
        }
        if (type == Type.COUNTER && (!name.endsWith("_total") || name.equals("_total"))) {
            return "counter " + name + " does not end in _total";
        }
        return null;
    }

    /** The names a family's samples use, and its OpenMetrics family name: two families must not share any. */
    private static List<String> exposedNames(Family f) {
        return f.type == Type.COUNTER ? List.of(f.name, f.baseName, f.baseName + "_created") : List.of(f.name);
    }

    private String clash(Family f) {
        for (String n : exposedNames(f)) {
            String other = namesInUse.get(n);
            if (other != null) {
                return families.get(other).type.wireName() + " " + other;
            }
        }
        return null;
    }

    private static Labels labels(String[] pairs) {
        if (pairs == null || pairs.length == 0) {
            return Labels.EMPTY;
        }
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs, got " + pairs.length + " strings");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < pairs.length; i += 2) {
            String n = pairs[i];
            if (n == null || !PrometheusNaming.isValidLegacyLabelName(n) || n.startsWith("__")) {
                throw new IllegalArgumentException("invalid label name '" + n + "'");
            }
            if (!seen.add(n)) {
                throw new IllegalArgumentException("label " + n + " given twice");
            }
            if (pairs[i + 1] == null) {
                throw new IllegalArgumentException("label " + n + " has no value (null)");
            }
        }
        return Labels.of(pairs);
    }

    private void reject(String why) {
        rejected++;
        problem(why);
    }

    /** A warning the collector logged ({@code ScrapeContext.log().warn}): reported like a problem, deduplicated by the exporter's log. */
    synchronized void warn(String message) {
        problem(message);
    }

    private void problem(String why) {
        if (problems.size() < MAX_PROBLEMS_KEPT) {
            problems.add(why);
        }
    }

    /** Stops accepting samples; returns what was accepted. */
    synchronized List<Family> seal() {
        sealed = true;
        return List.copyOf(families.values());
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    synchronized int rejected() {
        return rejected;
    }

    synchronized int series() {
        return series;
    }

    synchronized boolean overCap() {
        return overCap;
    }
}
