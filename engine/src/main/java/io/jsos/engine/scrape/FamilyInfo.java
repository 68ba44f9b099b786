package io.jsos.engine.scrape;

import java.util.List;

/**
 * One metric family as a scrape exposed it, for listings and docs ({@code jsos serve --list-metrics}).
 *
 * @param name       the name samples carry (a counter's ends in {@code _total})
 * @param type       {@code gauge} or {@code counter}
 * @param help       its HELP text
 * @param labelNames every label name its series use, sorted
 * @param collector  the collector that emitted it ({@value ScrapeEngine#ENGINE} for the per-collector meta families)
 * @param series     how many series it had in this scrape
 */
public record FamilyInfo(String name, String type, String help, List<String> labelNames, String collector, int series) {

    public FamilyInfo {
        labelNames = List.copyOf(labelNames);
    }
}
