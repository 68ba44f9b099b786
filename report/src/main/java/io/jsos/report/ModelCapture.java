package io.jsos.report;

import io.jsos.api.Host;
import io.jsos.json.PlainValues;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A run's outputs kept in memory instead of written into a bundle, for the exporter's findings:
 * each collector's model as the plain values its {@code jsos/<collector>.json} would read back as
 * (made by {@link PlainValues}, without JSON text or Jackson's data binding), and the command
 * outputs and texts collectors write under {@code sos_commands/}, by bundle path, each cut to its
 * last {@link #TEXT_CAP} bytes. Copied host files are not kept: no built-in rule reads one, and
 * the exporter runs this every minute.
 */
public final class ModelCapture implements CollectorSink {

    /** The most of one command output or text kept (its tail, like a bundle keeps a log's tail). */
    public static final int TEXT_CAP = 2 << 20;

    private final Map<String, Object> models = new ConcurrentHashMap<>();
    private final Map<String, byte[]> texts = new ConcurrentHashMap<>();
    private final Map<String, String> problems = new ConcurrentHashMap<>();

    @Override
    public CollectorBundle forCollector(String collector, Host host) {
        return new CollectorBundle(collector, host, this);
    }

    /** A collector's model as plain values (Map, List, String, Number, Boolean), or empty when it wrote none. */
    public Optional<Object> model(String collector) {
        return Optional.ofNullable(models.get(collector));
    }

    /** A command output or text by bundle path ({@code sos_commands/system/dmesg}), or empty. */
    public Optional<byte[]> text(String bundlePath) {
        return Optional.ofNullable(texts.get(bundlePath));
    }

    /** The bundle paths of the texts kept, sorted. */
    public List<String> paths() {
        return texts.keySet().stream().sorted().toList();
    }

    /** Models that could not be turned into plain values, by collector, and why. */
    public Map<String, String> problems() {
        return Map.copyOf(problems);
    }

    void putModel(String collector, Object model) {
        try {
            Object plain = PlainValues.of(model);
            if (plain != null) { // a bundle file "null" reads back as no model
                models.put(collector, plain);
            }
        } catch (IOException | RuntimeException e) {
            problems.put(collector, "could not convert the model: " + e.getMessage());
        }
    }

    void putText(String bundlePath, byte[] bytes) {
        texts.put(bundlePath, bytes.length <= TEXT_CAP ? bytes : Arrays.copyOfRange(bytes, bytes.length - TEXT_CAP, bytes.length));
    }
}
