package io.jsos.api.findings;

import java.util.List;
import java.util.Map;

/**
 * Knowledge about a node, as code: reads the collectors' models and says what is wrong.
 *
 * <p>Rules are found with {@link java.util.ServiceLoader} like collectors: list the class in
 * {@code META-INF/services/io.jsos.api.findings.Rule} of a plugin jar. A rule must not touch the
 * host (it may run offline on a bundle from another machine), must be quick, and must treat every
 * model field as possibly missing (older collectors, failed collectors, other kernels): a missing
 * fact means no finding, never an exception.
 */
public interface Rule {

    /** Stable id, {@code <domain>.<what>} in kebab case ({@code storage.thin-pool-full}); the id of its findings. */
    String id();

    /** One line: what the rule looks for. */
    String description();

    /**
     * The thresholds this rule reads, with their defaults, by full dotted key. Users override them
     * in the {@code findings} section of the config; an unknown key there is an error.
     */
    default Map<String, Double> thresholds() {
        return Map.of();
    }

    /** The findings for this bundle; empty when all is well or the facts are missing. */
    List<Finding> evaluate(Models models, Thresholds thresholds);
}
