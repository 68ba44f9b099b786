package io.jsos.api;

/**
 * Where a collector says what it did or why it could not, in words for the person reading the
 * bundle or the exporter's log. Lines pass the redactor like everything else in a bundle.
 *
 * <p>In {@code jsos collect} the lines of a collector go to {@code sos_commands/<collector>/collector.log}
 * in the bundle, and {@link #warn} lines are also recorded as errors in its manifest entry. In
 * {@code jsos serve} warnings go to the exporter's log. Never log secrets on purpose: redaction is a
 * safety net, not a licence.
 */
public interface Log {

    /** A log that drops everything (the default where no log is wired, e.g. a hand-made context in a test). */
    Log NONE = new Log() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
        }
    };

    /** Something worth knowing when reading the bundle ("controller 1 has no volumes"). */
    void info(String message);

    /** Something went wrong but the collector carries on ("raidctl printed no JSON; kept its raw output"). */
    void warn(String message);
}
