package io.jsos.report.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One collector's line in manifest.json.
 *
 * @param origin  {@code built-in}, or the path of the plugin jar it came from
 * @param version the plugin jar's Implementation-Version or the collector's own version; null (left out) when unknown
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CollectorEntry(String name, String origin, String version, CollectorStatus status, String reason,
                             long durationMs, List<FileRecord> files, List<CommandRecord> commands, List<String> errors) {

    /** An entry without a version (schema 1 as first written). */
    public CollectorEntry(String name, String origin, CollectorStatus status, String reason, long durationMs,
                          List<FileRecord> files, List<CommandRecord> commands, List<String> errors) {
        this(name, origin, null, status, reason, durationMs, files, commands, errors);
    }
}
