package io.jsos.testkit;

import io.jsos.api.Collector;
import io.jsos.api.CollectorOptions;
import io.jsos.api.Host;
import io.jsos.api.MetricsWriter;
import io.jsos.api.ScrapeContext;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Runs one collector's metrics half once, the way a scrape does, and records every sample, for
 * assertions. It also checks what Prometheus would reject: duplicate series, a counter without
 * {@code _total}, odd label pairs, and one family with two types or help texts.
 *
 * <pre>{@code
 * Scrape s = ScrapeHarness.scrape(new CgroupsCollector(), host);
 * assertThat(s.value("container_memory_usage_bytes", "id", "/kubepods.slice")).isEqualTo(1.5e9);
 * }</pre>
 */
public final class ScrapeHarness {

    private ScrapeHarness() {
    }

    /** One sample as the collector emitted it. */
    public record Sample(String name, String type, String help, Map<String, String> labels, double value) {
    }

    public static Scrape scrape(Collector collector, Host host) {
        return scrape(collector, host, Map.of());
    }

    /**
     * @throws AssertionError when the collector emitted something Prometheus would reject
     */
    public static Scrape scrape(Collector collector, Host host, Map<String, String> options) {
        Recorder rec = new Recorder();
        CollectorOptions opts = CollectorOptions.of(collector.options(), options);
        try {
            collector.scrape(new ScrapeContext() {
                public Host host() {
                    return host;
                }

                public MetricsWriter metrics() {
                    return rec;
                }

                public CollectorOptions options() {
                    return opts;
                }
            });
        } catch (Exception e) {
            throw new AssertionError(collector.name() + ".scrape threw", e);
        }
        if (!rec.problems.isEmpty()) {
            throw new AssertionError("metrics Prometheus would reject:\n  " + String.join("\n  ", rec.problems));
        }
        return new Scrape(Collections.unmodifiableList(rec.samples));
    }

    /** The samples of one scrape. */
    public record Scrape(List<Sample> samples) {

        /** The samples of one family. */
        public List<Sample> family(String name) {
            return samples.stream().filter(s -> s.name().equals(name)).toList();
        }

        public Set<String> names() {
            return samples.stream().map(Sample::name).collect(Collectors.toCollection(java.util.TreeSet::new));
        }

        /** The value of the one sample of a family whose labels include the given pairs. */
        public Optional<Double> value(String name, String... labelPairs) {
            Map<String, String> want = pairs(labelPairs);
            List<Sample> hits = family(name).stream()
                    .filter(s -> s.labels().entrySet().containsAll(want.entrySet())).toList();
            if (hits.size() > 1) {
                throw new AssertionError(hits.size() + " samples of " + name + " match " + want + ": " + hits);
            }
            return hits.stream().findFirst().map(Sample::value);
        }
    }

    private static Map<String, String> pairs(String... labelPairs) {
        if (labelPairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs: " + List.of(labelPairs));
        }
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            m.put(labelPairs[i], labelPairs[i + 1]);
        }
        return m;
    }

    private static final class Recorder implements MetricsWriter {
        final List<Sample> samples = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        final Map<String, String> typeOf = new LinkedHashMap<>();
        final Map<String, String> helpOf = new LinkedHashMap<>();
        final Set<String> series = new java.util.HashSet<>();

        @Override
        public synchronized void gauge(String name, String help, double value, String... labelPairs) {
            add(name, "gauge", help, value, labelPairs);
        }

        @Override
        public synchronized void counter(String name, String help, double value, String... labelPairs) {
            if (!name.endsWith("_total")) {
                problems.add("counter " + name + " does not end in _total");
            }
            add(name, "counter", help, value, labelPairs);
        }

        private void add(String name, String type, String help, double value, String... labelPairs) {
            if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
                problems.add("invalid metric name " + name);
            }
            Map<String, String> labels;
            try {
                labels = pairs(labelPairs);
            } catch (IllegalArgumentException e) {
                problems.add(name + ": " + e.getMessage());
                return;
            }
            String t = typeOf.putIfAbsent(name, type);
            if (t != null && !t.equals(type)) {
                problems.add(name + " emitted as both " + t + " and " + type);
            }
            String h = helpOf.putIfAbsent(name, help);
            if (h != null && !h.equals(help)) {
                problems.add(name + " has two help texts");
            }
            if (!series.add(name + labels)) {
                problems.add("duplicate series " + name + labels);
            }
            samples.add(new Sample(name, type, help, labels, value));
        }
    }
}
