package io.jsos.guest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsos.testkit.ScrapeHarness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link RunCollector} wrote in the guest, read back on the host: the collector's manifest
 * entry, its bundle files and its scrape, in the test kit's own types.
 *
 * @param dir    the folder it wrote ({@code <out>/<name>} on the host)
 * @param entry  its manifest entry ({@code status}, {@code reason}, {@code files}, {@code errors})
 * @param scrape every sample of the scrape in the guest
 */
public record GuestCollectorRun(Path dir, JsonNode entry, ScrapeHarness.Scrape scrape) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static GuestCollectorRun read(Path dir, GuestResult from) {
        Path entry = dir.resolve("entry.json");
        Path metrics = dir.resolve("metrics.json");
        if (!Files.isRegularFile(entry) || !Files.isRegularFile(metrics)) {
            String why = Files.isRegularFile(dir.resolve("scrape-error.txt")) ? GuestResult.read(dir.resolve("scrape-error.txt")) : "";
            throw new AssertionError("the collector run in the guest left no entry.json/metrics.json in " + dir + " " + why
                    + "\n" + from.describe());
        }
        try {
            List<ScrapeHarness.Sample> samples = JSON.readValue(metrics.toFile(), new TypeReference<>() { });
            return new GuestCollectorRun(dir, JSON.readTree(entry.toFile()), new ScrapeHarness.Scrape(samples));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A bundle file as text ({@code jsos/cgroups.json}, {@code proc/self/mountinfo}); fails when missing. */
    public String text(String bundlePath) {
        Path p = dir.resolve("bundle").resolve(bundlePath).normalize();
        if (!p.startsWith(dir.resolve("bundle")) || !Files.isRegularFile(p)) {
            throw new AssertionError("no " + bundlePath + " in the guest's bundle " + dir.resolve("bundle"));
        }
        return GuestResult.read(p);
    }

    /** The collector's structured document, {@code jsos/<name>.json}. */
    public JsonNode json() {
        try {
            return JSON.readTree(text("jsos/" + entry.path("name").asText() + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The manifest status as the manifest spells it ({@code ok}, {@code partial}, ...). */
    public String status() {
        return entry.path("status").asText();
    }
}
