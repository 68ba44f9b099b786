package io.jsos.report.clean;

import io.jsos.report.BundleArchiver;
import io.jsos.report.PrivateFiles;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.github.luben.zstd.ZstdInputStream;
import io.jsos.report.BundleFormat;
import io.jsos.report.redact.DefaultRedactor;
import io.jsos.report.redact.RedactionConfig;
import io.jsos.report.redact.RedactionFacts;
import io.jsos.report.redact.TokenMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * {@code jsos clean}: the bundle redactor over something that already exists: a jsos bundle, an
 * sos report tarball, any tarball (plain, gzip, xz, zstd, bzip2; recognised by content, not by
 * name) or a folder. Writes a new archive; the input is only read.
 *
 * <p>Two passes over the input: the first reads the files that name the host (etc/hostname,
 * etc/hosts, etc/resolv.conf, etc/passwd, proc/sys/kernel/hostname, sos's {@code hostname}), the
 * second redacts every entry, names included, into the new archive.
 *
 * <p>Safety: the only files written are in the output folder: the archive (a {@code .part} file,
 * then an atomic rename), its {@code .sha256} and its {@code .map.json} (all 0600), and a private
 * scratch folder for entries too big to hold in memory, removed at the end. Nothing of the input is
 * ever unpacked to disk under its own name. Entries whose names are absolute or climb out
 * ({@code ../}), symlinks pointing outside the archive, hard links, devices and FIFOs are left out
 * and recorded; so are files whose content is compressed (it cannot be scanned). Other binary
 * files are scanned as bytes like any other (the redactor works on ISO-8859-1 bytes). The record
 * of what was left out and why is {@code jsos-clean.json} at the top of the new archive.
 */
public final class Cleaner {

    /** Entries up to this size are redacted in memory; bigger ones go through a scratch file. */
    static final int IN_MEMORY = 8 << 20;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Host paths whose content names the host: read in the first pass. */
    private static final Set<String> FACT_FILES = Set.of("/etc/hostname", "/proc/sys/kernel/hostname", "/etc/hosts",
            "/etc/resolv.conf", "/etc/passwd", "/hostname", "/sos_commands/general/hostname",
            "/sos_commands/host/hostname");

    /** One entry left out, and why. */
    public record Skipped(String path, String reason) {
    }

    /** What a clean produced. */
    public record Result(Path archive, String sha256, Path mapFile, int files, int binaryScanned, List<Skipped> skipped,
            long bytesIn, long bytesOut) {
    }

    private final TokenMap tokens;
    private final RedactionConfig config;
    private final RedactionFacts extraFacts;

    /**
     * @param tokens the token table (a reused map, or a new one)
     * @param config the user's rules
     * @param extraFacts names to hide besides those found in the input
     */
    public Cleaner(TokenMap tokens, RedactionConfig config, RedactionFacts extraFacts) {
        this.tokens = Objects.requireNonNull(tokens);
        this.config = Objects.requireNonNull(config);
        this.extraFacts = Objects.requireNonNull(extraFacts);
    }

    /** Cleans {@code input} into a new archive in {@code outDir} (created 0700 when missing). */
    public Result clean(Path input, Path outDir, BundleFormat format) throws IOException {
        if (format == BundleFormat.DIR) {
            throw new IllegalArgumentException("jsos clean writes an archive: zst, gz or xz");
        }
        Path in = input.toAbsolutePath().normalize();
        if (!Files.exists(in, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("no such file or folder: " + input);
        }
        Path out = outDir.toAbsolutePath().normalize();
        PrivateFiles.createPrivateDirectories(out);
        Source source = Files.isDirectory(in) ? new FolderSource(in) : new TarSource(in);

        // Pass 1: the top folder, and what names this host (one read of the input).
        Map<String, String> candidates = new LinkedHashMap<>();
        TopFinder finder = new TopFinder();
        source.forEach(e -> {
            finder.add(e.name, e.type == Type.DIRECTORY);
            if (e.type == Type.FILE && e.size <= (1 << 20)) {
                for (String f : FACT_FILES) {
                    if (("/" + e.name).endsWith(f) && !candidates.containsKey(e.name)) {
                        candidates.put(e.name, new String(e.content().readAllBytes(), StandardCharsets.UTF_8));
                        break;
                    }
                }
            }
        });
        String top = source instanceof FolderSource ? ((FolderSource) source).top() : finder.top();
        Map<String, String> factFiles = new LinkedHashMap<>();
        candidates.forEach((name, content) -> {
            String p = "/" + stripTop(name, top);
            int second = p.indexOf('/', 1);
            if (!FACT_FILES.contains(p) && second > 0 && FACT_FILES.contains(p.substring(second))) {
                p = p.substring(second); // an archive without one top folder: look one level down too
            }
            if (FACT_FILES.contains(p) && !factFiles.containsKey(canonicalFactKey(p))) {
                factFiles.put(canonicalFactKey(p), content);
            }
        });
        RedactionFacts facts = RedactionFacts.fromFiles(factFiles).merge(extraFacts);
        DefaultRedactor redactor = new DefaultRedactor(facts, tokens, config);

        // Pass 2: every entry, redacted, into the new archive.
        String topName = safeName(redactTopName(redactor, facts, top == null ? baseName(in) : top)) + "-clean";
        Path target = freeName(out, topName, format);
        String fileName = target.getFileName().toString();
        String newTop = fileName.substring(0, fileName.length() - format.extension().length());
        Path part = out.resolve("." + fileName + ".part");
        Path scratch = Files.createTempDirectory(out, ".jsos-clean-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        List<Skipped> skipped = new ArrayList<>();
        long[] counts = new long[4]; // files, binary scanned, bytes in, bytes out
        MessageDigest sha = BundleArchiver.sha256();
        Files.deleteIfExists(part);
        try {
            try (OutputStream file = Files.newOutputStream(PrivateFiles.createPrivateFile(part));
                 DigestOutputStream hashed = new DigestOutputStream(new BufferedOutputStream(file, 1 << 16), sha);
                 OutputStream compressed = BundleArchiver.compressor(hashed, format);
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                Set<String> written = new HashSet<>();
                putDirectory(tar, newTop + "/");
                long now = System.currentTimeMillis();
                source.forEach(e -> {
                    String rel = top == null ? e.name : stripTop(e.name, top);
                    if (rel == null) {
                        skipped.add(new Skipped(redactor.redact(e.name), "outside the archive's top folder"));
                        return;
                    }
                    if (rel.isEmpty()) {
                        return; // the top folder itself
                    }
                    String problem = unsafe(e.name);
                    if (problem != null) {
                        skipped.add(new Skipped(redactor.redact(e.name), problem));
                        return;
                    }
                    String cleanRel = redactor.redact(rel);
                    if (unsafe(cleanRel) != null) {
                        skipped.add(new Skipped(cleanRel, "unsafe name after redaction"));
                        return;
                    }
                    cleanRel = unique(cleanRel, written);
                    String name = newTop + "/" + cleanRel;
                    switch (e.type) {
                        case DIRECTORY -> putDirectory(tar, name.endsWith("/") ? name : name + "/");
                        case SYMLINK -> {
                            String why = symlinkProblem(rel, e.linkTarget);
                            if (why != null) {
                                skipped.add(new Skipped(cleanRel, why));
                                return;
                            }
                            String cleanTarget = redactor.redact(e.linkTarget);
                            if (symlinkProblem(cleanRel, cleanTarget) != null) {
                                skipped.add(new Skipped(cleanRel, "symlink target unsafe after redaction"));
                                return;
                            }
                            TarArchiveEntry t = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                            t.setLinkName(cleanTarget);
                            t.setMode(0120777);
                            t.setModTime(now);
                            tar.putArchiveEntry(t);
                            tar.closeArchiveEntry();
                        }
                        case FILE -> {
                            try (InputStream content = new BufferedInputStream(e.content(), 1 << 16)) {
                                content.mark(16);
                                byte[] head = content.readNBytes(8);
                                content.reset();
                                String compressedAs = compressedFormat(head);
                                if (compressedAs != null) {
                                    skipped.add(new Skipped(cleanRel, "compressed content (" + compressedAs
                                            + ") cannot be scanned"));
                                    return;
                                }
                                counts[0]++;
                                Redacted r = redact(redactor, content, cleanRel, rel, scratch);
                                try {
                                    if (r.binary) {
                                        counts[1]++;
                                    }
                                    counts[2] += r.bytesIn;
                                    counts[3] += r.size();
                                    TarArchiveEntry t = new TarArchiveEntry(name);
                                    t.setMode(0100600);
                                    t.setModTime(now);
                                    t.setSize(r.size());
                                    tar.putArchiveEntry(t);
                                    r.writeTo(tar);
                                    tar.closeArchiveEntry();
                                } finally {
                                    r.discard();
                                }
                            }
                        }
                        case HARDLINK -> skipped.add(new Skipped(cleanRel, "hard link: left out"));
                        case OTHER -> skipped.add(new Skipped(cleanRel, "not a regular file, folder or symlink: left out"));
                        default -> throw new IllegalStateException();
                    }
                });
                Map<String, Object> report = new LinkedHashMap<>();
                report.put("tool", "jsos clean");
                report.put("input", redactTopName(redactor, facts, in.getFileName().toString()));
                report.put("files", counts[0]);
                report.put("binaryFilesScannedAsBytes", counts[1]);
                report.put("bytesIn", counts[2]);
                report.put("bytesOut", counts[3]);
                report.put("skipped", skipped);
                byte[] json = (JSON.writeValueAsString(report) + "\n").getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry t = new TarArchiveEntry(newTop + "/jsos-clean.json");
                t.setMode(0100600);
                t.setModTime(now);
                t.setSize(json.length);
                tar.putArchiveEntry(t);
                tar.write(json);
                tar.closeArchiveEntry();
                tar.finish();
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(part);
            throw e;
        } finally {
            PrivateFiles.deleteTree(scratch);
        }
        String hash = HexFormat.of().formatHex(sha.digest());
        Path shaFile = out.resolve(fileName + ".sha256");
        Files.deleteIfExists(shaFile);
        Files.writeString(PrivateFiles.createPrivateFile(shaFile), hash + "  " + fileName + "\n");
        Path mapFile = out.resolve(fileName + ".map.json");
        tokens.write(mapFile);
        return new Result(target, hash, mapFile, (int) counts[0], (int) counts[1], List.copyOf(skipped), counts[2],
                counts[3]);
    }

    /**
     * The input's top folder name, redacted: sos names it {@code sosreport-<host>-<case>-<date>},
     * where the host name is glued to dashes (which the content rules leave alone: {@code web1-eth0}
     * may be another host). Here every known host name between dashes, dots or underscores goes.
     */
    static String redactTopName(DefaultRedactor redactor, RedactionFacts facts, String name) {
        String r = redactor.redact(name);
        List<String> names = new ArrayList<>(facts.hostNames());
        names.addAll(facts.shortHostNames());
        names.addAll(redactor.facts().hostNames());
        names.sort(Comparator.comparingInt(String::length).reversed());
        for (String n : names) {
            if (n.indexOf('.') >= 0) {
                continue;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                    "(?i)(?<![A-Za-z0-9])" + java.util.regex.Pattern.quote(n) + "(?![A-Za-z0-9])").matcher(r);
            if (m.find()) {
                r = m.replaceAll(java.util.regex.Matcher.quoteReplacement(redactor.tokens().host(n)));
            }
        }
        return r;
    }

    private static String canonicalFactKey(String p) {
        return p.equals("/etc/hostname") || p.equals("/proc/sys/kernel/hostname") || p.equals("/etc/hosts")
                || p.equals("/etc/resolv.conf") || p.equals("/etc/passwd") ? p : "hostname";
    }

    // ---- redaction of one entry

    private record Redacted(ByteArrayOutputStream memory, Path file, long bytesIn, boolean binary) {
        long size() throws IOException {
            return memory != null ? memory.size() : Files.size(file);
        }

        void writeTo(OutputStream out) throws IOException {
            if (memory != null) {
                memory.writeTo(out);
            } else {
                Files.copy(file, out);
            }
        }

        void discard() throws IOException {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Redacts one entry into memory, moving to a scratch file once it outgrows {@link #IN_MEMORY}. */
    private static Redacted redact(DefaultRedactor redactor, InputStream content, String cleanRel, String rel, Path scratch)
            throws IOException {
        SpillingBuffer sink = new SpillingBuffer(scratch);
        boolean binary = false;
        long in = 0;
        try (OutputStream out = redactor.wrap(sink, rel)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = content.read(buf)) > 0) {
                if (!binary) {
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == 0) {
                            binary = true;
                            break;
                        }
                    }
                }
                out.write(buf, 0, n);
                in += n;
            }
        }
        return new Redacted(sink.file == null ? sink.memory : null, sink.file, in, binary);
    }

    /** Memory first; a private scratch file once the content outgrows {@link #IN_MEMORY}. */
    private static final class SpillingBuffer extends OutputStream {
        private final Path scratch;
        ByteArrayOutputStream memory = new ByteArrayOutputStream();
        Path file;
        private OutputStream fileOut;

        SpillingBuffer(Path scratch) {
            this.scratch = scratch;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (fileOut == null && memory.size() + len > IN_MEMORY) {
                file = Files.createTempFile(scratch, "entry", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                fileOut = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
                memory.writeTo(fileOut);
                memory = null;
            }
            if (fileOut != null) {
                fileOut.write(b, off, len);
            } else {
                memory.write(b, off, len);
            }
        }

        @Override
        public void close() throws IOException {
            if (fileOut != null) {
                fileOut.close();
            }
        }
    }

    // ---- names

    /** Why an entry name must not be written, or null: absolute, climbing out, empty parts, control characters. */
    static String unsafe(String name) {
        if (name.isEmpty()) {
            return "empty name";
        }
        if (name.startsWith("/")) {
            return "absolute name";
        }
        if (name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0) {
            return "NUL or backslash in the name";
        }
        for (String part : name.split("/", -1)) {
            if (part.equals("..")) {
                return "name climbs out with ..";
            }
        }
        return null;
    }

    /** Why a symlink at {@code rel} to {@code target} must not be written, or null when it stays inside. */
    static String symlinkProblem(String rel, String target) {
        if (target == null || target.isEmpty()) {
            return "symlink without a target";
        }
        if (target.startsWith("/")) {
            return "symlink to an absolute path (outside the archive): left out";
        }
        List<String> parts = new ArrayList<>(List.of(rel.split("/")));
        parts.remove(parts.size() - 1); // the link's folder
        for (String p : target.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    return "symlink pointing outside the archive: left out";
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(p);
            }
        }
        return null;
    }

    private static String unique(String rel, Set<String> written) {
        String r = rel;
        for (int i = 2; !written.add(r); i++) {
            r = rel + "~" + i;
        }
        return r;
    }

    /** The name relative to the top folder; null when it is not under it; "" for the top itself. */
    private static String stripTop(String name, String top) {
        if (top == null) {
            return name;
        }
        String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        if (n.equals(top)) {
            return "";
        }
        return n.startsWith(top + "/") ? n.substring(top.length() + 1) : null;
    }

    static String safeName(String s) {
        String t = s.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[.-]+", "");
        return t.isEmpty() ? "bundle" : t.length() > 120 ? t.substring(0, 120) : t;
    }

    private static String baseName(Path p) {
        String n = p.getFileName() == null ? "input" : p.getFileName().toString();
        for (String ext : List.of(".tar.zst", ".tar.gz", ".tar.xz", ".tar.bz2", ".tgz", ".txz", ".tzst", ".tar")) {
            if (n.endsWith(ext)) {
                return n.substring(0, n.length() - ext.length());
            }
        }
        return n;
    }

    private static Path freeName(Path out, String name, BundleFormat format) {
        Path p = out.resolve(name + format.extension());
        for (int i = 2; Files.exists(p, LinkOption.NOFOLLOW_LINKS); i++) {
            p = out.resolve(name + "-" + i + format.extension());
        }
        return p;
    }

    /** The kind of compressed data {@code head} starts with, or null. */
    static String compressedFormat(byte[] head) {
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return "gzip";
        }
        if (head.length >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X'
                && head[4] == 'Z') {
            return "xz";
        }
        if (head.length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return "zstd";
        }
        if (head.length >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
            return "bzip2";
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return "zip";
        }
        if (head.length >= 6 && head[0] == '7' && head[1] == 'z' && (head[2] & 0xff) == 0xbc) {
            return "7z";
        }
        if (head.length >= 4 && (head[0] & 0xff) == 0x04 && (head[1] & 0xff) == 0x22 && (head[2] & 0xff) == 0x4d
                && (head[3] & 0xff) == 0x18) {
            return "lz4";
        }
        return null;
    }

    // ---- sources

    private enum Type { FILE, DIRECTORY, SYMLINK, HARDLINK, OTHER }

    /** One entry of the input. */
    private static final class Entry {
        final String name;
        final Type type;
        final long size;
        final String linkTarget;
        final IoSupplier content;

        Entry(String name, Type type, long size, String linkTarget, IoSupplier content) {
            this.name = name;
            this.type = type;
            this.size = size;
            this.linkTarget = linkTarget;
            this.content = content;
        }

        InputStream content() throws IOException {
            return content.get();
        }
    }

    @FunctionalInterface
    private interface IoSupplier {
        InputStream get() throws IOException;
    }

    @FunctionalInterface
    private interface EntryHandler {
        void accept(Entry e) throws IOException;
    }

    private interface Source {
        void forEach(EntryHandler handler) throws IOException;
    }

    /** The single top-level folder every entry of an archive is in, or null, from the entries' names. */
    private static final class TopFinder {
        private String common;
        private boolean ok = true;

        void add(String rawName, boolean directory) {
            String n = stripDots(rawName);
            if (!ok || n.isEmpty()) {
                return;
            }
            int slash = n.indexOf('/');
            if (slash < 0 && !directory) {
                ok = false; // a file at the top: no common folder
                return;
            }
            String head = slash < 0 ? n : n.substring(0, slash);
            if (common == null) {
                common = head;
            } else if (!common.equals(head)) {
                ok = false;
            }
        }

        String top() {
            return ok && common != null && !common.isEmpty() && !common.equals("..") && !common.equals(".") ? common : null;
        }
    }

    /** A folder: walked without following symlinks; its own name is the top folder. */
    private static final class FolderSource implements Source {
        private final Path root;

        FolderSource(Path root) {
            this.root = root;
        }

        public String top() {
            return root.getFileName() == null ? "root" : root.getFileName().toString();
        }

        @Override
        public void forEach(EntryHandler handler) throws IOException {
            List<Path> paths;
            try (Stream<Path> walk = Files.walk(root)) {
                paths = walk.sorted().toList();
            }
            String top = top();
            for (Path p : paths) {
                String rel = root.relativize(p).toString();
                String name = rel.isEmpty() ? top : top + "/" + rel;
                if (Files.isSymbolicLink(p)) {
                    handler.accept(new Entry(name, Type.SYMLINK, 0, Files.readSymbolicLink(p).toString(), null));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    handler.accept(new Entry(name, Type.DIRECTORY, 0, null, null));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    long size = Files.size(p);
                    handler.accept(new Entry(name, Type.FILE, size, null,
                            () -> Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)));
                } else {
                    handler.accept(new Entry(name, Type.OTHER, 0, null, null));
                }
            }
        }
    }

    /** A tarball, compressed or not (gzip, xz, zstd, bzip2: recognised by their magic bytes). */
    private static final class TarSource implements Source {
        private final Path file;

        TarSource(Path file) {
            this.file = file;
        }

        private TarArchiveInputStream open() throws IOException {
            InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            raw.mark(16);
            byte[] head = raw.readNBytes(8);
            raw.reset();
            String kind = compressedFormat(head);
            InputStream in;
            if (kind == null) {
                in = raw;
            } else {
                in = switch (kind) {
                    case "gzip" -> new GZIPInputStream(raw, 1 << 16);
                    case "xz" -> new XZInputStream(raw);
                    case "zstd" -> new ZstdInputStream(raw);
                    case "bzip2" -> new BZip2CompressorInputStream(raw);
                    default -> throw new IllegalArgumentException(file + ": a " + kind + " archive, not a tarball");
                };
                in = new BufferedInputStream(in, 1 << 16);
            }
            return new TarArchiveInputStream(in);
        }

        @Override
        public void forEach(EntryHandler handler) throws IOException {
            try (TarArchiveInputStream tar = open()) {
                TarArchiveEntry e;
                while ((e = nextEntry(tar)) != null) {
                    String name = stripDots(e.getName());
                    Type type = e.isSymbolicLink() ? Type.SYMLINK : e.isLink() ? Type.HARDLINK : e.isDirectory() ? Type.DIRECTORY
                            : e.isFIFO() || e.isCharacterDevice() || e.isBlockDevice() ? Type.OTHER
                            : e.isFile() ? Type.FILE : Type.OTHER;
                    InputStream body = new java.io.FilterInputStream(tar) {
                        @Override
                        public void close() {
                            // the archive stays open: the next entry follows
                        }
                    };
                    handler.accept(new Entry(name, type, e.getSize(), e.getLinkName(), () -> body));
                }
            }
        }

        private TarArchiveEntry nextEntry(TarArchiveInputStream tar) throws IOException {
            try {
                return tar.getNextEntry();
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": not a readable tarball: " + e.getMessage(), e);
            }
        }
    }

    private static String stripDots(String name) {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        return n;
    }

    // ---- files

    private static void putDirectory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry d = new TarArchiveEntry(name);
        d.setMode(040700);
        d.setModTime(System.currentTimeMillis());
        tar.putArchiveEntry(d);
        tar.closeArchiveEntry();
    }




}
