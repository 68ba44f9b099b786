package io.jsos.api.findings;

import java.util.Locale;

/** How bad a finding is; the order is from least to most severe. */
public enum Severity {
    /** Worth knowing, nothing to act on by itself. */
    INFO,
    /** Needs attention soon: degraded, or near a limit. */
    WARNING,
    /** Broken now or about to break: act first on these. */
    CRITICAL;

    /** The name in JSON, labels and the terminal: {@code info}, {@code warning}, {@code critical}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name, case-insensitively. */
    public static Severity parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
}
