package io.jsos.findings;

import com.github.luben.zstd.ZstdInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * A bundle (or an sos report) as a tarball, plain or compressed (zstd, gzip, xz, bzip2,
 * recognised by their magic bytes, not the name). It is read once into memory and never
 * unpacked to disk, so entry names that are absolute or climb out of the archive cannot do harm;
 * they are skipped. The single top-level folder is stripped: paths are bundle paths.
 */
public final class ArchiveSource implements BundleSource {

    /** Larger files are listed but not kept: no model or config file is anywhere near this. */
    static final long FILE_CAP = 16L << 20;
    /** Stop keeping contents beyond this much in all (a huge sos report still lists). */
    static final long TOTAL_CAP = 256L << 20;

    private final String name;
    private final String top;
    private final Map<String, byte[]> files;
    private final List<String> paths;
    private final List<String> skipped;

    private ArchiveSource(String name, String top, Map<String, byte[]> files, List<String> paths, List<String> skipped) {
        this.name = name;
        this.top = top;
        this.files = files;
        this.paths = paths;
        this.skipped = skipped;
    }

    /** Reads an archive. */
    public static ArchiveSource open(Path file) throws IOException {
        Map<String, byte[]> raw = new TreeMap<>();
        List<String> skipped = new ArrayList<>();
        long total = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(decompress(file))) {
            TarArchiveEntry e;
            while ((e = next(tar, file)) != null) {
                String n = e.getName();
                while (n.startsWith("./")) {
                    n = n.substring(2);
                }
                if (!e.isFile()) {
                    continue;
                }
                if (n.startsWith("/") || ("/" + n + "/").contains("/../")) {
                    skipped.add(n + ": name leaves the archive");
                    continue;
                }
                if (e.getSize() > FILE_CAP || total + e.getSize() > TOTAL_CAP) {
                    raw.put(n, null);
                    skipped.add(n + ": too large to read (" + e.getSize() + " bytes)");
                    continue;
                }
                byte[] b = tar.readAllBytes();
                total += b.length;
                raw.put(n, b);
            }
        }
        // Strip the single top folder every entry is in (jsos-<host>-<time>/, sosreport-<host>-.../).
        String top = null;
        boolean common = true;
        for (String n : raw.keySet()) {
            int slash = n.indexOf('/');
            String head = slash < 0 ? null : n.substring(0, slash);
            if (head == null || (top != null && !top.equals(head))) {
                common = false;
                break;
            }
            top = head;
        }
        Map<String, byte[]> files = new TreeMap<>();
        List<String> paths = new ArrayList<>();
        for (Map.Entry<String, byte[]> en : raw.entrySet()) {
            String p = common && top != null ? en.getKey().substring(top.length() + 1) : en.getKey();
            paths.add(p);
            if (en.getValue() != null) {
                files.put(p, en.getValue());
            }
        }
        return new ArchiveSource(file.getFileName().toString(), common ? top : null, files, List.copyOf(paths), List.copyOf(skipped));
    }

    private static TarArchiveEntry next(TarArchiveInputStream tar, Path file) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": not a readable tarball: " + e.getMessage(), e);
        }
    }

    private static InputStream decompress(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(16);
        byte[] h = raw.readNBytes(6);
        raw.reset();
        if (h.length >= 2 && (h[0] & 0xff) == 0x1f && (h[1] & 0xff) == 0x8b) {
            return new GZIPInputStream(raw, 1 << 16);
        }
        if (h.length >= 4 && (h[0] & 0xff) == 0x28 && (h[1] & 0xff) == 0xb5 && (h[2] & 0xff) == 0x2f && (h[3] & 0xff) == 0xfd) {
            return new BufferedInputStream(new ZstdInputStream(raw), 1 << 16);
        }
        if (h.length >= 6 && (h[0] & 0xff) == 0xfd && h[1] == '7' && h[2] == 'z' && h[3] == 'X' && h[4] == 'Z') {
            return new BufferedInputStream(new XZInputStream(raw), 1 << 16);
        }
        if (h.length >= 3 && h[0] == 'B' && h[1] == 'Z' && h[2] == 'h') {
            return new BufferedInputStream(new BZip2CompressorInputStream(raw), 1 << 16);
        }
        return raw;
    }

    @Override
    public String name() {
        return name;
    }

    /** The archive's top folder, or null when its entries share none. */
    public String top() {
        return top;
    }

    /** Entries not read, and why. */
    public List<String> skipped() {
        return skipped;
    }

    @Override
    public List<String> paths() {
        return paths;
    }

    @Override
    public Optional<byte[]> read(String bundlePath) {
        return Optional.ofNullable(files.get(bundlePath));
    }
}
