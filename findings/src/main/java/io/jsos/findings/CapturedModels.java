package io.jsos.findings;

import io.jsos.api.findings.CollectorState;
import io.jsos.api.findings.Models;
import io.jsos.report.ModelCapture;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Models} over a run kept in memory ({@link ModelCapture}): what the exporter's findings
 * run gives the rules. The models are the same plain values a bundle's {@code jsos/<collector>.json}
 * reads back as; {@link #text} answers for command outputs and collector texts
 * ({@code sos_commands/...}) but not for copied host files, which the capture does not keep.
 */
public final class CapturedModels implements Models {

    private final ModelCapture capture;
    private final List<CollectorState> collectors;

    public CapturedModels(ModelCapture capture, List<CollectorState> collectors) {
        this.capture = capture;
        this.collectors = List.copyOf(collectors);
    }

    @Override
    public Optional<Object> model(String collector) {
        return capture.model(collector);
    }

    @Override
    public List<CollectorState> collectors() {
        return collectors;
    }

    @Override
    public Optional<String> text(String bundlePath) {
        return capture.text(bundlePath).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** No manifest in memory: host facts are unknown here, as the interface allows. */
    @Override
    public Map<String, Object> host() {
        return Map.of();
    }
}
