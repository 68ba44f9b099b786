package io.jsos.engine.scrape;

import java.util.List;

/**
 * How one collector's part of a scrape ended.
 *
 * @param name     the collector
 * @param status   ok, failed, timed out, or not applicable on this host
 * @param seconds  how long it ran in this scrape
 * @param reason   why it failed, timed out or does not apply; null when ok
 * @param series   the series it emitted that were kept
 * @param rejected the samples it emitted that Prometheus would not accept (see {@code problems})
 * @param problems the first few of those, described
 */
public record CollectorScrape(String name, Status status, double seconds, String reason, int series, int rejected,
                              List<String> problems) {

    public enum Status {
        OK, FAILED, TIMED_OUT, NOT_APPLICABLE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public CollectorScrape {
        problems = List.copyOf(problems);
    }

    /** Whether the scrape reports it: collectors that do not apply here have no series, not even the meta ones. */
    public boolean reported() {
        return status != Status.NOT_APPLICABLE;
    }

    public boolean success() {
        return status == Status.OK;
    }
}
