package io.jsos.report.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * Where collectors came from in a run: the plugin API jsos ran with, the plugin directories
 * searched, what was loaded from them and what was skipped and why.
 *
 * @param apiVersion the plugin API version of this jsos
 * @param dirs       the plugin directories searched, in order
 * @param loaded     each collector loaded from a plugin jar
 * @param skipped    each jar, service entry or collector that was not loaded, with the reason
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Plugins(String apiVersion, List<String> dirs, List<Loaded> loaded, List<Skipped> skipped) {

    /**
     * @param collector  its name
     * @param jar        the jar's path
     * @param version    the jar's or the collector's version, or null
     * @param apiVersion the plugin API it was built against, or null when it does not say
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Loaded(String collector, String jar, String version, String apiVersion) {
    }

    /**
     * @param source the jar (or folder) concerned
     * @param reason why it, or a collector in it, was skipped
     */
    public record Skipped(String source, String reason) {
    }
}
