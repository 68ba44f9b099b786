package io.jsos.report;

import io.jsos.api.Host;
import io.jsos.json.ModelJson;
import io.jsos.report.manifest.Manifest;
import io.jsos.report.redact.Redactor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * One bundle being written. Collectors write (through {@link #forCollector}) into a private
 * staging folder beside the final bundle; {@link #finish} writes manifest.json, packs the folder
 * atomically (temp file, then rename) and removes the staging folder. Staging on disk keeps
 * memory bounded whatever the collectors write, and lets collectors write concurrently.
 */
public final class BundleSession implements CollectorSink, AutoCloseable {

    /** Files bigger than this are cut to their tail unless a collector asks otherwise. */
    public static final long DEFAULT_FILE_CAP = 32L << 20;

    private final Path outDir;
    private final String name;
    private final BundleFormat format;
    private final Redactor redactor;
    private final Path staging;
    private final Path top;
    private final long fileCap;
    private boolean finished;

    /**
     * @param outDir folder the bundle goes to (created 0700 when missing)
     * @param name   bundle name without extension, also the top-level folder inside the archive
     */
    public BundleSession(Path outDir, String name, BundleFormat format, Redactor redactor, long fileCap) throws IOException {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("bundle name must be a plain file name: " + name);
        }
        this.outDir = outDir.toAbsolutePath().normalize();
        this.name = freeName(this.outDir, name, format);
        this.format = format;
        this.redactor = redactor;
        this.fileCap = fileCap;
        PrivateFiles.createPrivateDirectories(this.outDir);
        this.staging = Files.createTempDirectory(this.outDir, ".jsos-staging-");
        this.top = staging.resolve(name);
        PrivateFiles.createPrivateDirectories(top);
    }

    /**
     * The name, or {@code name-2}, {@code name-3}, ... when a bundle of that name is already there
     * (two runs within one second): a run's work is never thrown away over a name.
     */
    private static String freeName(Path outDir, String name, BundleFormat format) {
        String candidate = name;
        for (int i = 2; Files.exists(outDir.resolve(candidate + format.extension())); i++) {
            candidate = name + "-" + i;
        }
        return candidate;
    }

    public Redactor redactor() {
        return redactor;
    }

    /** The folder collectors write into (the bundle's top-level folder, while staging). */
    public Path stagingTop() {
        return top;
    }

    @Override
    public CollectorBundle forCollector(String collector, Host host) {
        return new CollectorBundle(collector, host, top, redactor, fileCap);
    }

    /** Writes a file the framework itself makes (e.g. a summary) at a bundle path, through the redactor. */
    public void writeText(String bundlePath, String text) throws IOException {
        Path target = BundlePaths.inside(top, bundlePath);
        PrivateFiles.createPrivateDirectories(target.getParent());
        try (OutputStream out = redactor.wrap(Files.newOutputStream(PrivateFiles.createPrivateFile(target)), bundlePath)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Writes manifest.json, packs the bundle, and writes the checksum and the redaction map beside it.
     * Nothing is visible under the final name until it is complete.
     */
    public BundleResult finish(Manifest manifest) throws IOException {
        if (finished) {
            throw new IllegalStateException("bundle already finished");
        }
        finished = true;
        writeText("manifest.json", ModelJson.write(manifest) + "\n");
        Path finalPath = outDir.resolve(name + format.extension());
        if (Files.exists(finalPath)) {
            throw new IOException("refusing to overwrite " + finalPath);
        }
        String sha256 = null;
        if (format == BundleFormat.DIR) {
            Files.move(top, finalPath, StandardCopyOption.ATOMIC_MOVE);
        } else {
            Path part = outDir.resolve("." + name + format.extension() + ".part");
            Files.deleteIfExists(part);
            try {
                sha256 = BundleArchiver.pack(top, part, format);
                Files.move(part, finalPath, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException | Error e) {
                // Never leave a half-written archive behind to be mistaken for a bundle.
                Files.deleteIfExists(part);
                throw e;
            }
            Path shaFile = outDir.resolve(finalPath.getFileName() + ".sha256");
            writePrivate(shaFile, sha256 + "  " + finalPath.getFileName() + "\n");
        }
        Path mapFile = null;
        Map<String, String> mapping = redactor.mapping();
        if (redactor.enabled()) {
            mapFile = outDir.resolve(finalPath.getFileName() + ".map.json");
            writePrivate(mapFile, ModelJson.write(new TreeMap<>(mapping)) + "\n");
        }
        deleteStaging();
        long size = format == BundleFormat.DIR ? 0 : Files.size(finalPath);
        return new BundleResult(finalPath, sha256, size, mapFile);
    }

    private static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.writeString(PrivateFiles.createPrivateFile(file), text, StandardCharsets.UTF_8);
    }

    private void deleteStaging() throws IOException {
        PrivateFiles.deleteTree(staging);
    }

    /** Removes the staging folder of an unfinished bundle (after a crash in the framework itself). */
    @Override
    public void close() throws IOException {
        deleteStaging();
    }

    /** Where the bundle went. */
    public record BundleResult(Path path, String sha256, long sizeBytes, Path mapFile) {
    }
}
