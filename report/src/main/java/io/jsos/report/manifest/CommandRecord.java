package io.jsos.report.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One command a collector ran.
 *
 * @param argv       as run (redacted in the manifest like everything else)
 * @param output     where its stdout is in the bundle, or null when it never started
 * @param exitCode   exit status, -1 when it did not start or was killed
 * @param durationMs wall time
 * @param timedOut   whether its timeout killed it
 * @param truncated  whether the output cap cut its output
 * @param error      why it failed to run or finish, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandRecord(List<String> argv, String output, int exitCode, long durationMs, boolean timedOut,
                            boolean truncated, String error) {
}
