package io.jsos.api;

/** What a collector gets for one exporter scrape. */
public interface ScrapeContext {

    Host host();

    MetricsWriter metrics();

    CollectorOptions options();
}
