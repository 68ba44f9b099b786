package io.jsos.report.clean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import io.jsos.report.BundleFormat;
import io.jsos.report.redact.RedactionConfig;
import io.jsos.report.redact.RedactionFacts;
import io.jsos.report.redact.TokenMap;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class CleanerTest {

    @TempDir
    Path tmp;

    private static final String MESSAGES = "Nov 21 03:12:44 web1 sshd[1]: Accepted password for alice from 10.1.2.3 port 22\n"
            + "Nov 21 03:12:45 web1 app[2]: connecting to db3.corp.acme.com with password=Hunter2Secret\n";

    @Test
    void aFolderIsCleanedIntoANewArchiveWithChecksumAndMap() throws Exception {
        Path in = tmp.resolve("sosreport-web1-2026");
        write(in.resolve("etc/hostname"), "web1.corp.acme.com\n");
        write(in.resolve("etc/passwd"), "root:x:0:0::/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n");
        write(in.resolve("var/log/messages"), MESSAGES);
        write(in.resolve("sys/fs/cgroup/kubepods.slice/cgroup.procs"), "web1.corp.acme.com 10.1.2.3\n");
        write(in.resolve("proc/net/tcp"), "   0: 0302010A:0016 00000000:0000 0A\n");
        write(in.resolve("sos_commands/networking/ip_addr_show_10.1.2.3"), "inet 10.1.2.3/24\n");
        Files.createDirectories(in.resolve("var/lib"));
        Files.write(in.resolve("var/lib/bin.db"), new byte[] {0, 1, 2, 'w', 'e', 'b', '1', ' ', '1', '0', '.', '1', '.', '2', '.', '3', 0, (byte) 0xff});
        Files.write(in.resolve("var/log/old.gz"), gzip("password=Hunter2Secret\n"));
        Files.createSymbolicLink(in.resolve("var/log/current"), Path.of("messages"));
        Files.createSymbolicLink(in.resolve("var/log/passwd-link"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(in.resolve("var/log/up"), Path.of("../../../../etc/shadow"));

        Cleaner.Result r = new Cleaner(new TokenMap(), RedactionConfig.NONE, RedactionFacts.empty())
                .clean(in, tmp.resolve("out"), BundleFormat.ZST);

        assertThat(r.archive().getFileName().toString()).isEqualTo("sosreport-host-1-2026-clean.tar.zst");
        assertThat(Files.getPosixFilePermissions(r.archive())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(r.mapFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(r.archive())));
        assertThat(Files.readString(Path.of(r.archive() + ".sha256"))).isEqualTo(sha + "  " + r.archive().getFileName() + "\n");
        try (Stream<Path> s = Files.list(tmp.resolve("out"))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder(
                    "sosreport-host-1-2026-clean.tar.zst", "sosreport-host-1-2026-clean.tar.zst.sha256",
                    "sosreport-host-1-2026-clean.tar.zst.map.json");
        }

        Map<String, byte[]> files = open(r.archive());
        String all = everything(files);
        assertThat(all).doesNotContain("web1").doesNotContain("acme").doesNotContain("10.1.2.3").doesNotContain("alice")
                .doesNotContain("Hunter2Secret").doesNotContain("0302010A");
        String top = "sosreport-host-1-2026-clean/";
        assertThat(text(files, top + "var/log/messages")).contains("host-1 sshd[1]: Accepted password for user-1 from ip4-1.3")
                .contains("host-2.domain-1.example with password=<redacted>");
        assertThat(text(files, top + "sys/fs/cgroup/kubepods.slice/cgroup.procs")).isEqualTo("host-1.domain-1.example ip4-1.3\n");
        assertThat(text(files, top + "proc/net/tcp")).contains("ip4-1.3:0016");
        assertThat(files).containsKey(top + "sos_commands/networking/ip_addr_show_ip4-1.3");
        byte[] bin = files.get(top + "var/lib/bin.db");
        assertThat(new String(bin, StandardCharsets.ISO_8859_1)).isEqualTo("\0\1\2host-1 ip4-1.3\0\u00ff");
        assertThat(files).doesNotContainKey(top + "var/log/old.gz").doesNotContainKey(top + "var/log/passwd-link")
                .doesNotContainKey(top + "var/log/up");
        JsonNode report = new ObjectMapper().readTree(files.get(top + "jsos-clean.json"));
        assertThat(report.get("skipped").toString()).contains("var/log/old.gz").contains("compressed content (gzip)")
                .contains("var/log/passwd-link").contains("absolute path").contains("var/log/up").contains("outside the archive");
        assertThat(report.get("binaryFilesScannedAsBytes").asInt()).isEqualTo(1);
        assertThat(symlinks(r.archive())).containsEntry(top + "var/log/current", "messages");

        Map<String, String> map = new ObjectMapper().readValue(r.mapFile().toFile(),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { });
        assertThat(map).containsEntry("host-1", "web1").containsEntry("ip4-1.3", "10.1.2.3").containsEntry("user-1", "alice");
        assertThat(map.values().toString()).doesNotContain("Hunter2Secret");
    }

    @Test
    void aMaliciousTarballWritesNothingOutsideItsOutputFolder() throws IOException {
        Path evil = tmp.resolve("evil.tar.gz");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(evil)))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            file(tar, "sos/etc/hostname", "web1\n");
            file(tar, "sos/../../escaped-by-dots", "x 10.9.8.7\n");
            file(tar, "/tmp/escaped-absolute", "x\n");
            file(tar, "sos/ok/../../../escaped-nested", "x\n");
            file(tar, "sos/fine.txt", "web1 10.9.8.7\n");
            link(tar, "sos/to-etc", "/etc", TarArchiveEntry.LF_SYMLINK);
            link(tar, "sos/climb", "../../../../tmp", TarArchiveEntry.LF_SYMLINK);
            link(tar, "sos/hard", "/etc/shadow", TarArchiveEntry.LF_LINK);
            file(tar, "sos/to-etc/written-through-link", "x\n");
            TarArchiveEntry fifo = new TarArchiveEntry("sos/fifo", TarArchiveEntry.LF_FIFO);
            tar.putArchiveEntry(fifo);
            tar.closeArchiveEntry();
        }
        Path work = tmp.resolve("work");
        Files.createDirectories(work);
        Path out = work.resolve("out");
        List<Path> before = listAll(tmp);

        Cleaner.Result r = new Cleaner(new TokenMap(), RedactionConfig.NONE, RedactionFacts.empty())
                .clean(evil, out, BundleFormat.ZST);

        List<Path> after = listAll(tmp);
        after.removeIf(p -> p.startsWith(out));
        assertThat(after).containsExactlyInAnyOrderElementsOf(before.stream().filter(p -> !p.startsWith(out)).toList())
                .contains(work); // nothing new beside the output folder
        assertThat(Path.of("/tmp/escaped-absolute")).doesNotExist();
        Map<String, byte[]> files = open(r.archive());
        // an absolute entry: no common top folder, so the archive's name gives the new one
        assertThat(files.keySet()).allMatch(n -> Cleaner.unsafe(n) == null).allMatch(n -> n.startsWith("evil-clean/"));
        assertThat(text(files, "evil-clean/sos/fine.txt")).isEqualTo("host-1 ip4-1.7\n");
        String skipped = new ObjectMapper().readTree(files.get("evil-clean/jsos-clean.json")).get("skipped").toString();
        assertThat(skipped).contains("escaped-by-dots").contains("escaped-nested").contains("/tmp/escaped-absolute")
                .contains("to-etc").contains("climb").contains("hard link").contains("fifo");
        assertThat(symlinks(r.archive())).isEmpty();
    }

    @Test
    void sosTarballsInEveryCompressionAndAReusedMap() throws IOException {
        TokenMap shared = new TokenMap();
        Path first = null;
        for (String kind : List.of("xz", "gz", "zst", "tar")) {
            Path t = tmp.resolve("sosreport-node-" + kind + ".tar" + (kind.equals("tar") ? "" : "." + kind));
            try (OutputStream raw = Files.newOutputStream(t);
                 OutputStream c = switch (kind) {
                     case "xz" -> new XZOutputStream(raw, new LZMA2Options());
                     case "gz" -> new GZIPOutputStream(raw);
                     case "zst" -> new ZstdOutputStream(raw);
                     default -> raw;
                 };
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(c)) {
                file(tar, "sosreport-node/hostname", "web1\n");
                file(tar, "sosreport-node/var/log/messages", MESSAGES);
            }
            Cleaner.Result r = new Cleaner(shared, RedactionConfig.NONE, RedactionFacts.empty())
                    .clean(t, tmp.resolve("out-" + kind), BundleFormat.XZ);
            assertThat(r.archive().toString()).endsWith(".tar.xz");
            String messages = text(open(r.archive()), "sosreport-node-clean/var/log/messages");
            assertThat(messages).doesNotContain("web1").doesNotContain("10.1.2.3").contains("host-1 sshd").contains("ip4-1.3");
            first = r.mapFile();
        }
        // the map written beside the last one reads back into the same tokens
        TokenMap again = TokenMap.read(first);
        assertThat(again.mapping()).isEqualTo(shared.mapping());
    }

    @Test
    void notAnArchive() throws IOException {
        Path zip = tmp.resolve("x.tar.gz");
        Files.write(zip, new byte[] {'P', 'K', 3, 4, 0, 0});
        assertThatThrownBy(() -> new Cleaner(new TokenMap(), RedactionConfig.NONE, RedactionFacts.empty())
                .clean(zip, tmp.resolve("o"), BundleFormat.ZST)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Cleaner(new TokenMap(), RedactionConfig.NONE, RedactionFacts.empty())
                .clean(tmp.resolve("missing"), tmp.resolve("o"), BundleFormat.ZST)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- helpers

    private static List<Path> listAll(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return new java.util.ArrayList<>(s.toList());
        }
    }

    private static void write(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    private static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(b.length);
        tar.putArchiveEntry(e);
        tar.write(b);
        tar.closeArchiveEntry();
    }

    private static void link(TarArchiveOutputStream tar, String name, String target, byte type) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    static Map<String, byte[]> open(Path archive) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = tarIn(archive)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.isFile()) {
                    files.put(e.getName(), tar.readAllBytes());
                }
            }
        }
        return files;
    }

    private static Map<String, String> symlinks(Path archive) throws IOException {
        Map<String, String> links = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = tarIn(archive)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.isSymbolicLink() || e.isLink()) {
                    links.put(e.getName(), e.getLinkName());
                }
            }
        }
        return links;
    }

    private static TarArchiveInputStream tarIn(Path archive) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
        String n = archive.toString();
        InputStream in = n.endsWith(".zst") ? new ZstdInputStream(raw) : n.endsWith(".xz") ? new org.tukaani.xz.XZInputStream(raw)
                : new java.util.zip.GZIPInputStream(raw);
        return new TarArchiveInputStream(in);
    }

    private static String text(Map<String, byte[]> files, String name) {
        byte[] b = files.get(name);
        assertThat(b).as("%s in %s", name, files.keySet()).isNotNull();
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String everything(Map<String, byte[]> files) {
        StringBuilder sb = new StringBuilder();
        files.forEach((k, v) -> sb.append(k).append('\n').append(new String(v, StandardCharsets.ISO_8859_1)).append('\n'));
        return sb.toString();
    }
}
