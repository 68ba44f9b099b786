package io.jsos.findings;

import io.jsos.api.findings.Evidence;
import io.jsos.api.findings.Finding;
import io.jsos.api.findings.Models;
import io.jsos.api.findings.Rule;
import io.jsos.api.findings.Severity;
import io.jsos.api.findings.Thresholds;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs every rule over a bundle's models. Rules come from {@link ServiceLoader}: the built-in
 * ones and those in plugin jars (the same folders collectors come from). A rule that throws
 * does not stop the others: it becomes a {@code jsos.rule-failed} finding.
 */
public final class FindingsEngine {

    /** Orders findings for people: most severe first, then by id and subject. */
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::severity).reversed()
            .thenComparing(Finding::id).thenComparing(Finding::subject);

    private final List<Rule> rules;
    private final List<String> problems;

    private FindingsEngine(List<Rule> rules, List<String> problems) {
        this.rules = List.copyOf(rules);
        this.problems = List.copyOf(problems);
    }

    /** An engine with exactly these rules. */
    public static FindingsEngine of(List<Rule> rules) {
        return new FindingsEngine(rules, List.of());
    }

    /** The built-in rules and those on the class path. */
    public static FindingsEngine builtIn() {
        return discover(List.of());
    }

    /** The built-in rules plus those in the jars of these folders; a broken jar is reported, not fatal. */
    public static FindingsEngine discover(List<Path> pluginDirs) {
        Map<String, Rule> byId = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        load(ServiceLoader.load(Rule.class, FindingsEngine.class.getClassLoader()), "built-in", byId, problems);
        for (Path dir : pluginDirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> jars;
            try (Stream<Path> s = Files.list(dir)) {
                jars = s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            } catch (IOException e) {
                problems.add(dir + ": " + e.getMessage());
                continue;
            }
            for (Path jar : jars) {
                try {
                    URLClassLoader loader = new URLClassLoader("jsos-rules:" + jar.getFileName(), new URL[]{jar.toUri().toURL()},
                            FindingsEngine.class.getClassLoader());
                    // Only the jar's own services: the parent's are loaded already.
                    ServiceLoader<Rule> sl = ServiceLoader.load(Rule.class, loader);
                    List<Rule> own = new ArrayList<>();
                    for (ServiceLoader.Provider<Rule> p : sl.stream().toList()) {
                        if (p.type().getClassLoader() == loader) {
                            own.add(p.get());
                        }
                    }
                    load(own, jar.getFileName().toString(), byId, problems);
                } catch (IOException | ServiceConfigurationError | RuntimeException e) {
                    problems.add(jar + ": " + e.getMessage());
                }
            }
        }
        return new FindingsEngine(new ArrayList<>(byId.values()), problems);
    }

    private static void load(Iterable<Rule> rules, String origin, Map<String, Rule> byId, List<String> problems) {
        try {
            for (Rule r : rules) {
                if (byId.putIfAbsent(r.id(), r) != null) {
                    problems.add(origin + ": rule id " + r.id() + " is taken; " + r.getClass().getName() + " skipped");
                }
            }
        } catch (ServiceConfigurationError e) {
            problems.add(origin + ": " + e.getMessage());
        }
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Plugin jars whose rules could not be loaded. */
    public List<String> problems() {
        return problems;
    }

    /** Every threshold key of every rule with its default, sorted by key. */
    public Map<String, Double> defaults() {
        Map<String, Double> all = new TreeMap<>();
        rules.forEach(r -> all.putAll(r.thresholds()));
        return all;
    }

    /**
     * Thresholds from the {@code findings} section of the config: either dotted keys
     * ({@code "storage.thin-pool-full.warning": 70}) or nested maps ({@code storage: {thin-pool-full:
     * {warning: 70}}}). An unknown key or a non-number is an error naming the key, so a typo is
     * never silently ignored.
     */
    public Thresholds thresholds(Map<String, ?> overrides) {
        Map<String, Double> flat = new TreeMap<>();
        flatten("", overrides == null ? Map.of() : overrides, flat);
        Map<String, Double> known = defaults();
        for (String key : flat.keySet()) {
            if (!known.containsKey(key)) {
                throw new IllegalArgumentException("findings: unknown threshold '" + key + "'; known: " + String.join(", ", known.keySet()));
            }
        }
        return Thresholds.of(flat);
    }

    private static void flatten(String prefix, Map<String, ?> map, Map<String, Double> out) {
        map.forEach((k, v) -> {
            String key = prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k;
            if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, ?> sub = (Map<String, ?>) m;
                flatten(key, sub, out);
            } else if (v instanceof Number n) {
                out.put(key, n.doubleValue());
            } else {
                try {
                    out.put(key, Double.parseDouble(String.valueOf(v).trim().replaceAll("%$", "")));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("findings: threshold '" + key + "' must be a number, got '" + v + "'");
                }
            }
        });
    }

    /** Runs every rule; findings sorted most severe first. */
    public List<Finding> evaluate(Models models, Thresholds thresholds) {
        List<Finding> out = new ArrayList<>();
        for (Rule r : rules) {
            try {
                List<Finding> found = r.evaluate(models, thresholds);
                if (found != null) {
                    out.addAll(found);
                }
            } catch (RuntimeException | StackOverflowError e) {
                out.add(new Finding("jsos.rule-failed", Severity.INFO, r.id(), "rule " + r.id() + " failed: " + e,
                        List.of(Evidence.of("rule", r.getClass().getName(), null)),
                        "A bug in the rule or an unexpected model: report it with this bundle's jsos/ folder."));
            }
        }
        out.sort(ORDER);
        return out;
    }
}
