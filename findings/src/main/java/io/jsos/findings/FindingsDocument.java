package io.jsos.findings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jsos.api.findings.CollectorState;
import io.jsos.api.findings.Evidence;
import io.jsos.api.findings.Finding;
import io.jsos.api.findings.Rule;
import io.jsos.api.findings.Severity;
import io.jsos.api.findings.Thresholds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jsos/findings.json}: the findings of one bundle with the host summary, the collectors'
 * states, the rules that ran and the thresholds they used, so the answer can be checked later.
 */
public final class FindingsDocument {

    public static final int SCHEMA_VERSION = 1;
    /** Where the document goes in a bundle. */
    public static final String PATH = "jsos/findings.json";

    static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FindingsDocument() {
    }

    /** The document as plain values. */
    public static Map<String, Object> of(BundleModels models, FindingsEngine engine, Thresholds thresholds, List<Finding> findings) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("schemaVersion", SCHEMA_VERSION);
        d.put("host", HostSummary.of(models));
        d.put("counts", counts(findings));
        d.put("findings", findings.stream().map(FindingsDocument::finding).toList());
        d.put("collectors", collectors(models.collectors()));
        List<Object> rules = new ArrayList<>();
        for (Rule r : engine.rules()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("description", r.description());
            rules.add(m);
        }
        d.put("rules", rules);
        Map<String, Double> effective = new LinkedHashMap<>(engine.defaults());
        effective.replaceAll((k, v) -> thresholds.get(k, v));
        d.put("thresholds", effective);
        List<String> problems = new ArrayList<>(models.problems());
        problems.addAll(engine.problems());
        d.put("problems", problems);
        return d;
    }

    /** The collectors' states as plain values. */
    public static List<Object> collectors(List<CollectorState> states) {
        List<Object> out = new ArrayList<>();
        for (CollectorState c : states) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("status", c.status());
            m.put("reason", c.reason());
            out.add(m);
        }
        return out;
    }

    /** Counts by severity, most severe first, every severity present. */
    public static Map<String, Integer> counts(List<Finding> findings) {
        Map<String, Integer> c = new LinkedHashMap<>();
        for (Severity s : List.of(Severity.CRITICAL, Severity.WARNING, Severity.INFO)) {
            c.put(s.wireName(), (int) findings.stream().filter(f -> f.severity() == s).count());
        }
        return c;
    }

    /** One finding as plain values. */
    public static Map<String, Object> finding(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("severity", f.severity().wireName());
        m.put("subject", f.subject());
        m.put("title", f.title());
        List<Object> ev = new ArrayList<>();
        for (Evidence e : f.evidence()) {
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("label", e.label());
            em.put("value", e.value());
            em.put("path", e.path());
            ev.add(em);
        }
        m.put("evidence", ev);
        m.put("next", f.next());
        return m;
    }

    /** Pretty JSON text. */
    public static String toJson(Object doc) {
        try {
            return PRETTY.writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses findings back from a document (e.g. another tool's findings.json). */
    public static List<Finding> findings(Map<String, Object> doc) {
        List<Finding> out = new ArrayList<>();
        for (Map<String, Object> f : J.objs(doc, "findings")) {
            List<Evidence> ev = J.objs(f, "evidence").stream()
                    .map(e -> Evidence.of(J.str(e, "label"), J.at(e, "value"), J.str(e, "path"))).toList();
            out.add(new Finding(J.str(f, "id"), Severity.parse(J.str(f, "severity")), J.str(f, "subject"), J.str(f, "title"),
                    ev, J.str(f, "next")));
        }
        return out;
    }

    /** Reads a findings document. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parse(byte[] json) {
        try {
            return PRETTY.readValue(json, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
