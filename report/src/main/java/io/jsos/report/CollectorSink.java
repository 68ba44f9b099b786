package io.jsos.report;

import io.jsos.api.Host;

/**
 * Where a run's collectors write: a {@link BundleSession} (files in a bundle) or a
 * {@link ModelCapture} (models and command outputs kept in memory, for the exporter's findings).
 * The engine runs collectors the same way into either.
 */
public interface CollectorSink {

    /** A collector's view of the sink; everything it writes is recorded in the returned record. */
    CollectorBundle forCollector(String collector, Host host);
}
