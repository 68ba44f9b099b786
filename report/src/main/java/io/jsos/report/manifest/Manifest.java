package io.jsos.report.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/**
 * manifest.json at the top of every bundle. The schema is documented in docs/manifest.md; bump
 * {@link #SCHEMA_VERSION} when a field changes meaning or disappears (adding fields does not).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schemaVersion", "tool", "createdUtc", "durationMs", "host", "options", "redacted", "summary", "collectors"})
public record Manifest(int schemaVersion, Tool tool, String createdUtc, long durationMs, Map<String, Object> host,
                       Map<String, Object> options, boolean redacted, Map<String, Integer> summary,
                       List<CollectorEntry> collectors) {

    public static final int SCHEMA_VERSION = 1;

    public record Tool(String name, String version, String java) {
    }
}
