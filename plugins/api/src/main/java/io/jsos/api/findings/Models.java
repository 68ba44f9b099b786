package io.jsos.api.findings;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What rules read: each collector's structured model ({@code jsos/<collector>.json}) as plain JDK
 * JSON values (Map, List, String, Number, Boolean, null), the collectors' states from the
 * manifest, and, for the few facts no model holds, the raw files of the bundle.
 *
 * <p>The same object is built at collect time (over the bundle being written) and offline over
 * any existing bundle, so a rule never knows which.
 */
public interface Models {

    /** The model of a collector, or empty when the collector did not run or wrote none. */
    Optional<Object> model(String collector);

    /** The model as a JSON object, or empty when it is missing or not an object. */
    @SuppressWarnings("unchecked")
    default Optional<Map<String, Object>> object(String collector) {
        return model(collector).filter(Map.class::isInstance).map(m -> (Map<String, Object>) m);
    }

    /** The bundle path of a collector's model, for evidence. */
    default String modelPath(String collector) {
        return "jsos/" + collector + ".json";
    }

    /** Every collector the manifest lists, in its order. */
    List<CollectorState> collectors();

    /** The state of one collector, or empty when the manifest does not list it. */
    default Optional<CollectorState> collector(String name) {
        return collectors().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * A raw bundle file as text (UTF-8), or empty when the bundle has no such file. Prefer models;
     * this is for facts only a command's output holds (e.g. kernel log lines in
     * {@code sos_commands/system/dmesg}). In the exporter, rules see command outputs and collector
     * texts ({@code sos_commands/...}) but not copied host files, which it does not keep.
     */
    Optional<String> text(String bundlePath);

    /** Host facts from the manifest (hostname, kernel, os, arch, cpus); empty map when unknown. */
    Map<String, Object> host();
}
