package io.jsos.findings;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsos.api.findings.CollectorState;
import io.jsos.api.findings.Models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Models} over a bundle's files: {@code jsos/<collector>.json} parsed into plain JDK
 * values on first use, collector states from {@code manifest.json} (or given, at collect time,
 * before the manifest is written).
 */
public final class BundleModels implements Models {

    static final ObjectMapper JSON = new ObjectMapper();

    private final BundleSource source;
    private final List<CollectorState> collectors;
    private final Map<String, Object> host;
    private final Map<String, Optional<Object>> cache = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    private BundleModels(BundleSource source, List<CollectorState> collectors, Map<String, Object> host) {
        this.source = source;
        this.collectors = List.copyOf(collectors);
        this.host = host == null ? Map.of() : host;
    }

    /** Models of a bundle being written: the states come from the run, not from a manifest. */
    public static BundleModels of(BundleSource source, List<CollectorState> collectors, Map<String, Object> host) {
        return new BundleModels(source, collectors, host);
    }

    /** Models of a finished bundle, states and host facts from its manifest. */
    public static BundleModels read(BundleSource source) throws IOException {
        Map<String, Object> manifest = manifest(source);
        List<CollectorState> states = new ArrayList<>();
        for (Map<String, Object> c : J.objs(manifest, "collectors")) {
            states.add(new CollectorState(J.str(c, "name"), J.str(c, "status"), J.str(c, "reason")));
        }
        return new BundleModels(source, states, J.obj(manifest, "host"));
    }

    /** The bundle's manifest as plain values, or an empty map when it has none (not a jsos bundle). */
    public static Map<String, Object> manifest(BundleSource source) throws IOException {
        Optional<byte[]> raw = source.read("manifest.json");
        if (raw.isEmpty()) {
            return Map.of();
        }
        Object doc = JSON.readValue(raw.get(), Object.class);
        return J.obj(doc) == null ? Map.of() : J.obj(doc);
    }

    public BundleSource source() {
        return source;
    }

    /** Models that could not be parsed, and why (the rules saw them as missing). */
    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    @Override
    public synchronized Optional<Object> model(String collector) {
        return cache.computeIfAbsent(collector, c -> {
            String path = modelPath(c);
            try {
                return source.read(path).map(bytes -> {
                    try {
                        return JSON.readValue(bytes, Object.class);
                    } catch (IOException e) {
                        problems.add(path + ": not valid JSON: " + e.getMessage());
                        return null;
                    }
                });
            } catch (IOException e) {
                problems.add(path + ": " + e.getMessage());
                return Optional.empty();
            }
        });
    }

    @Override
    public List<CollectorState> collectors() {
        return collectors;
    }

    @Override
    public Optional<String> text(String bundlePath) {
        try {
            return source.read(bundlePath).map(b -> new String(b, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public Map<String, Object> host() {
        return host;
    }
}
