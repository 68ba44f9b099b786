package io.jsos.report.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** One collector's line in manifest.json. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CollectorEntry(String name, String origin, CollectorStatus status, String reason, long durationMs,
                             List<FileRecord> files, List<CommandRecord> commands, List<String> errors) {
}
