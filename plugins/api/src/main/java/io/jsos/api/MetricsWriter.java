package io.jsos.api;

/**
 * Where a collector emits samples at scrape time. Names follow Prometheus conventions: base
 * units ({@code _bytes}, {@code _seconds}), {@code _total} on counters, {@code jsos_} for series
 * no established exporter defines; a family's HELP text is taken from its first sample.
 *
 * <p>Labels are given as alternating name/value pairs:
 * {@code gauge("node_procs_state", "Processes by state.", 3, "state", "R")}.
 */
public interface MetricsWriter {

    /** A value that goes up and down (a size, a state, a temperature). */
    void gauge(String name, String help, double value, String... labelPairs);

    /** A monotonically increasing value; the name must end in {@code _total}. */
    void counter(String name, String help, double value, String... labelPairs);
}
