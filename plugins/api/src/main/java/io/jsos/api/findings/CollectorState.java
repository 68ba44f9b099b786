package io.jsos.api.findings;

/**
 * How a collector's run ended, as the bundle's manifest says.
 *
 * @param name   the collector's name
 * @param status {@code ok}, {@code failed}, {@code timed_out}, {@code skipped} or {@code not_applicable}
 * @param reason why (the failure, the applicability reason), or null
 */
public record CollectorState(String name, String status, String reason) {

    /** True when the collector ran to its end. */
    public boolean ok() {
        return "ok".equals(status);
    }

    /** True when it failed or ran out of time: its section of the bundle is missing or partial. */
    public boolean broken() {
        return "failed".equals(status) || "timed_out".equals(status);
    }
}
