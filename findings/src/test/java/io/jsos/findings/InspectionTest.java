package io.jsos.findings;

import io.jsos.api.findings.Finding;
import io.jsos.api.findings.Thresholds;
import io.jsos.report.BundleFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code jsos inspect}'s reading side: archives and folders alike, sos reports named as such, hostile archives harmless. */
class InspectionTest {

    @TempDir
    Path tmp;

    private final FindingsEngine engine = FindingsEngine.builtIn();

    static void tarXz(Path file, Map<String, String> entries) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             XZOutputStream xz = new XZOutputStream(raw, new LZMA2Options(1));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(xz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, String> e : entries.entrySet()) {
                byte[] b = e.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry t = new TarArchiveEntry(e.getKey(), true);
                t.setSize(b.length);
                tar.putArchiveEntry(t);
                tar.write(b);
                tar.closeArchiveEntry();
            }
        }
    }

    /** A small tarball shaped like sos report's output (sosreport-<host>-<case>-<date>/...). */
    static Path sosReport(Path dir) throws IOException {
        String top = "sosreport-web1-0042-2026-11-21-abcdef/";
        Map<String, String> e = new LinkedHashMap<>();
        e.put(top + "version.txt", "sosreport: 4.5.6\n");
        e.put(top + "hostname", "web1\n");
        e.put(top + "uname", "Linux web1 5.14.0-362.el9.x86_64 #1 SMP x86_64 GNU/Linux\n");
        e.put(top + "uptime", " 10:00:00 up 3 days,  2 users,  load average: 0.10, 0.20, 0.30\n");
        e.put(top + "etc/os-release", "NAME=\"Rocky Linux\"\nPRETTY_NAME=\"Rocky Linux 9.3 (Blue Onyx)\"\n");
        e.put(top + "sos_commands/kernel/dmesg", "[1.0] INFO: task kworker:12 blocked for more than 120 seconds.\n");
        e.put(top + "sos_commands/block/lsblk", "NAME MAJ:MIN\nvda 252:0\n");
        e.put(top + "sos_commands/networking/ip_-d_address", "1: lo: <LOOPBACK,UP>\n");
        e.put(top + "sos_reports/manifest.json", "{\"version\": \"4.5.6\"}\n");
        e.put(top + "sos_logs/sos.log", "started\n");
        Path file = dir.resolve("sosreport-web1-0042-2026-11-21-abcdef.tar.xz");
        tarXz(file, e);
        return file;
    }

    @Test
    void sosReportIsNamedAndListedNeverShownAsHealthy() throws IOException {
        Inspection i = Inspection.open(sosReport(tmp), engine, Thresholds.defaults());
        assertThat(i.kind()).isEqualTo(Inspection.Kind.SOS);
        assertThat(i.findings()).isEmpty();
        String text = i.toText(false);
        assertThat(text).contains("This is an sos report, not a jsos bundle", "no rule ran",
                "web1", "Rocky Linux 9.3", "5.14.0-362.el9", "sosreport: 4.5.6", "block kernel networking")
                .doesNotContain("no rule found a problem");
        Map<String, Object> json = i.toJson();
        assertThat(json).containsEntry("kind", "sos").containsKey("note");
        assertThat(J.list(json, "summary", "plugins")).containsExactly("block", "kernel", "networking");
    }

    @Test
    void archiveAndFolderOfOneBundleGiveTheSameFindings() throws IOException {
        FixtureNode node = new FixtureNode();
        node.zombies = true;
        node.hungTask = true;
        io.jsos.api.Host host = node.build(tmp.resolve("root")).build();
        Path folder = BundleMaker.collect(host, tmp.resolve("dir"), "n");
        Path archive = BundleMaker.collect(host, tmp.resolve("gz"), "n", BundleMaker.modelCollectors(), null, Map.of(), BundleFormat.GZ);
        assertThat(archive.getFileName().toString()).endsWith(".tar.gz");
        List<Finding> fromFolder = Inspection.open(folder, engine, Thresholds.defaults()).findings();
        Inspection fromArchive = Inspection.open(archive, engine, Thresholds.defaults());
        assertThat(fromArchive.kind()).isEqualTo(Inspection.Kind.JSOS);
        assertThat(fromArchive.findings()).extracting(Finding::key).containsExactlyElementsOf(fromFolder.stream().map(Finding::key).toList())
                .containsExactlyInAnyOrder("processes.zombies", "system.hung-task");
        String plain = fromArchive.toText(false);
        assertThat(plain).contains("WARNING", "zombie", "node-a", "Collectors:").doesNotContain("\u001b[");
        assertThat(fromArchive.toText(true)).contains("\u001b[");
    }

    @Test
    void hostileArchiveEntriesAreSkippedAndNothingIsWritten() throws IOException {
        Path evil = tmp.resolve("evil.tar.xz");
        tarXz(evil, Map.of("../escape.txt", "x", "/tmp/abs.txt", "y", "b/manifest.json", "{not json"));
        ArchiveSource src = ArchiveSource.open(evil);
        assertThat(src.skipped()).hasSize(2).allSatisfy(s -> assertThat(s).contains("leaves the archive"));
        assertThat(Files.exists(tmp.resolve("escape.txt"))).isFalse();
        assertThatThrownBy(() -> Inspection.of(src, engine, Thresholds.defaults())).isInstanceOf(IOException.class);
    }

    @Test
    void notATarballIsAClearError() throws IOException {
        Path junk = Files.writeString(tmp.resolve("junk.tar.zst"), "hello, not a tarball at all".repeat(40));
        assertThatThrownBy(() -> Inspection.open(junk, engine, Thresholds.defaults())).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> Inspection.open(tmp.resolve("missing"), engine, Thresholds.defaults()))
                .isInstanceOf(IOException.class).hasMessageContaining("no such file");
    }
}
