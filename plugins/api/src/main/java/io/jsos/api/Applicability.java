package io.jsos.api;

import java.util.Objects;

/**
 * Whether a collector applies to a host, with the reason shown by {@code jsos list} and
 * recorded in the manifest ("etc/lvm/lvm.conf exists", "no lvs on PATH").
 */
public record Applicability(boolean applies, String reason) {

    /** Checks that a reason is given: a "no" without one helps nobody. */
    public Applicability {
        Objects.requireNonNull(reason, "reason");
    }

    /** Applies, because of {@code reason}. */
    public static Applicability yes(String reason) {
        return new Applicability(true, reason);
    }

    /** Does not apply, because of {@code reason}. */
    public static Applicability no(String reason) {
        return new Applicability(false, reason);
    }

    /** Applies when any of the given host paths exists; the reason names the first one found. */
    public static Applicability ifAnyExists(Host host, String... hostPaths) {
        for (String p : hostPaths) {
            if (host.exists(p)) {
                return yes(p + " exists");
            }
        }
        return no("none of " + String.join(", ", hostPaths) + " exists");
    }

    /** Applies when the program is on the host's PATH. */
    public static Applicability ifProgram(Host host, String program) {
        return host.which(program)
                .map(p -> yes(program + " found at " + p))
                .orElseGet(() -> no(program + " not found on PATH"));
    }
}
