package io.jsos.report.manifest;

import com.fasterxml.jackson.annotation.JsonValue;

/** How one collector's part of a run ended; written lower-case into manifest.json. */
public enum CollectorStatus {
    /** Ran to the end (it may still have recorded errors about single files or commands). */
    OK,
    /** Threw an exception; its reason holds the message. */
    FAILED,
    /** Did not finish within its timeout or the run's deadline and was abandoned. */
    TIMED_OUT,
    /** Not run on request (--only/--skip, not enabled by default) or because the run's deadline had passed. */
    SKIPPED,
    /** Has nothing to do on this host (its reason says why). */
    NOT_APPLICABLE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
