package io.jsos.engine.scrape;

import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One scrape-time collection: every applicable collector's samples, already in the Prometheus
 * client's data model, plus how each collector fared.
 *
 * @param time       when it started
 * @param seconds    how long it took
 * @param collectors how each collector ended, by name
 * @param snapshots  the families, sorted by name, the per-collector meta families included
 * @param families   the same families described, for listings
 */
public record Scrape(Instant time, double seconds, List<CollectorScrape> collectors, MetricSnapshots snapshots,
                     List<FamilyInfo> families) {

    public Scrape {
        collectors = List.copyOf(collectors);
        families = List.copyOf(families);
    }

    public Optional<CollectorScrape> collector(String name) {
        return collectors.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
