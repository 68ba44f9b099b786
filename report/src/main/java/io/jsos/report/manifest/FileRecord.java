package io.jsos.report.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One host file a collector copied or tried to copy.
 *
 * @param path      the host path (also its path inside the bundle, without the leading '/')
 * @param bytes     bytes written into the bundle (after the size cap), 0 when not copied
 * @param truncated whether the size cap cut it (the tail is kept)
 * @param error     why it was not copied ("missing", "permission denied", "vanished while reading"), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileRecord(String path, long bytes, boolean truncated, String error) {
}
