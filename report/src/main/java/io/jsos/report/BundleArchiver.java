package io.jsos.report;

import com.github.luben.zstd.ZstdOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/** Packs a staged bundle folder into one tarball, hashing the compressed bytes as they are written. */
public final class BundleArchiver {

    private BundleArchiver() {
    }

    /**
     * Writes {@code folder} (as the archive's single top-level folder) to {@code target}, created 0600.
     *
     * @return the SHA-256 of the archive, hex
     */
    static String pack(Path folder, Path target, BundleFormat format) throws IOException {
        MessageDigest sha = sha256();
        Path base = folder.getParent();
        try (OutputStream file = Files.newOutputStream(PrivateFiles.createPrivateFile(target));
             DigestOutputStream hashed = new DigestOutputStream(new BufferedOutputStream(file, 1 << 16), sha);
             OutputStream compressed = compressor(hashed, format);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            List<Path> entries;
            try (Stream<Path> walk = Files.walk(folder)) {
                entries = walk.sorted().toList();
            }
            long now = System.currentTimeMillis();
            byte[] buf = new byte[1 << 16];
            for (Path p : entries) {
                String name = base.relativize(p).toString();
                boolean dir = Files.isDirectory(p);
                TarArchiveEntry e = new TarArchiveEntry(dir ? name + "/" : name);
                // No owner names and fixed modes: the archive must not leak local user names,
                // and whoever unpacks it gets private files.
                e.setMode(dir ? 040700 : 0100600);
                e.setModTime(now);
                e.setUserId(0);
                e.setGroupId(0);
                if (!dir) {
                    e.setSize(Files.size(p));
                }
                tar.putArchiveEntry(e);
                if (!dir) {
                    try (InputStream in = Files.newInputStream(p)) {
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            tar.write(buf, 0, n);
                        }
                    }
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * Preset 6 with a 2 MiB dictionary: the preset's 8 MiB dictionary makes the encoder allocate
     * ~94 MiB, more than jsos's whole heap on a node; bundles rarely gain from a longer window.
     */
    private static LZMA2Options xzOptions() throws IOException {
        LZMA2Options o = new LZMA2Options(6);
        o.setDictSize(2 << 20);
        return o;
    }

    /** The compressing stream of an archive format (zstd level 3, gzip, xz with a heap-friendly dictionary). */
    public static OutputStream compressor(OutputStream out, BundleFormat format) throws IOException {
        return switch (format) {
            case ZST -> new ZstdOutputStream(out, 3);
            case GZ -> new GZIPOutputStream(out, 1 << 16);
            case XZ -> new XZOutputStream(out, xzOptions());
            case DIR -> throw new IllegalArgumentException("a folder bundle is not packed");
        };
    }

    /** SHA-256, which every JDK has. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
