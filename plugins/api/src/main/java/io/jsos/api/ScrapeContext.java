package io.jsos.api;

/** What a collector gets for one exporter scrape. */
public interface ScrapeContext {

    /** The node to read, now: a scrape reports the present state. */
    Host host();

    /** Where this collector emits its samples. */
    MetricsWriter metrics();

    /** This collector's options, with defaults applied. */
    CollectorOptions options();

    /** This collector's log; in {@code jsos serve} warnings go to the exporter's log (see {@link Log}). */
    default Log log() {
        return Log.NONE;
    }
}
