package io.jsos.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** A bundle opened in memory: every entry by its path inside the archive. */
record BundleFiles(String top, Map<String, byte[]> files, Map<String, Integer> modes) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static BundleFiles open(Path archive) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, Integer> modes = new LinkedHashMap<>();
        String name = archive.getFileName().toString();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
             InputStream in = name.endsWith(".zst") ? new ZstdInputStream(raw)
                     : name.endsWith(".gz") ? new GZIPInputStream(raw)
                     : new org.tukaani.xz.XZInputStream(raw);
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                modes.put(e.getName(), e.getMode());
                if (!e.isDirectory()) {
                    files.put(e.getName(), tar.readAllBytes());
                }
            }
        }
        String top = files.keySet().iterator().next().split("/")[0];
        return new BundleFiles(top, files, modes);
    }

    String text(String path) {
        byte[] b = files.get(top + "/" + path);
        if (b == null) {
            throw new AssertionError("no " + path + " in the bundle");
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    boolean has(String path) {
        return files.containsKey(top + "/" + path);
    }

    JsonNode json(String path) {
        try {
            return JSON.readTree(text(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every byte of every entry (and every entry name) as one string, for planted-secret searches. */
    String everything() {
        StringBuilder sb = new StringBuilder();
        files.forEach((k, v) -> sb.append(k).append('\n').append(new String(v, StandardCharsets.ISO_8859_1)).append('\n'));
        return sb.toString();
    }
}
