package io.jsos.report.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/**
 * manifest.json at the top of every bundle. The schema is documented in docs/manifest.md; bump
 * {@link #SCHEMA_VERSION} when a field changes meaning or disappears (adding fields does not).
 *
 * @param plugins  where collectors came from, and the plugins skipped (null: not recorded)
 * @param warnings things the run went on despite, e.g. a profile naming a collector that is not installed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schemaVersion", "tool", "createdUtc", "durationMs", "host", "options", "redacted", "summary",
        "warnings", "plugins", "collectors"})
public record Manifest(int schemaVersion, Tool tool, String createdUtc, long durationMs, Map<String, Object> host,
                       Map<String, Object> options, boolean redacted, Map<String, Integer> summary,
                       List<CollectorEntry> collectors, Plugins plugins, List<String> warnings) {

    public static final int SCHEMA_VERSION = 1;

    /** A manifest without plugin records or warnings. */
    public Manifest(int schemaVersion, Tool tool, String createdUtc, long durationMs, Map<String, Object> host,
                    Map<String, Object> options, boolean redacted, Map<String, Integer> summary,
                    List<CollectorEntry> collectors) {
        this(schemaVersion, tool, createdUtc, durationMs, host, options, redacted, summary, collectors, null, null);
    }

    public record Tool(String name, String version, String java) {
    }
}
