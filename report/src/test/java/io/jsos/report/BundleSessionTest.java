package io.jsos.report;

import io.jsos.api.Command;
import io.jsos.api.CommandResult;
import io.jsos.api.Host;
import io.jsos.api.HostPathException;
import io.jsos.report.manifest.Manifest;
import io.jsos.report.redact.Redactor;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class BundleSessionTest {

    @TempDir
    Path tmp;

    /** A minimal host over a folder: the report module cannot see the engine's LocalHost. */
    record DirHost(Path root) implements Host {
        public Path resolve(String p) {
            if (p.contains("loop")) {
                throw new HostPathException("too many levels of symbolic links: " + p);
            }
            return root.resolve(p.substring(1));
        }

        public boolean exists(String p) {
            return Files.exists(resolve(p));
        }

        public boolean isDirectory(String p) {
            return Files.isDirectory(resolve(p));
        }

        public List<String> list(String d) {
            try (var s = Files.list(resolve(d))) {
                return s.map(x -> x.getFileName().toString()).sorted().toList();
            } catch (IOException e) {
                return List.of();
            }
        }

        public InputStream open(String p) throws IOException {
            return Files.newInputStream(resolve(p));
        }

        public String read(String p, int max) throws IOException {
            return new String(open(p).readNBytes(max), StandardCharsets.UTF_8);
        }

        public Optional<String> which(String program) {
            return Optional.empty();
        }

        public CommandResult run(Command c) {
            return new CommandResult(c.argv(), 0, false, Duration.ofMillis(1), "out of my command".getBytes(),
                    "a warning".getBytes(), false, null);
        }

        public String hostname() {
            return "h";
        }
    }

    /** Upper-cases everything: makes it visible that every written byte went through the redactor. */
    static final Redactor SHOUT = new Redactor() {
        public OutputStream wrap(OutputStream sink) {
            return new OutputStream() {
                public void write(int b) throws IOException {
                    sink.write(Character.toUpperCase((char) b));
                }

                public void close() throws IOException {
                    sink.close();
                }
            };
        }

        public Map<String, String> mapping() {
            return Map.of("TOKEN-1", "original");
        }
    };

    private Manifest manifest() {
        return new Manifest(1, new Manifest.Tool("jsos", "t", "17"), "now", 0, Map.of(), Map.of(), true, Map.of(), List.of());
    }

    @Test
    void writesAPrivateArchiveWithOneTopFolderAChecksumAndTheMapBesideIt() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root/etc"));
        Files.writeString(root.resolve("hostname"), "node\n");
        Host host = new DirHost(tmp.resolve("root"));
        BundleSession s = new BundleSession(tmp.resolve("out"), "jsos-x-1", BundleFormat.ZST, SHOUT, 1 << 20);
        CollectorBundle b = s.forCollector("demo", host);
        b.copy("/etc/hostname", "/etc/missing", "/etc/loop");
        b.command("ls", Command.of("ls"));
        b.text("table", "a table");
        b.json(Map.of("k", "v"));
        BundleSession.BundleResult r = s.finish(manifest());

        assertThat(r.path().getFileName().toString()).isEqualTo("jsos-x-1.tar.zst");
        assertThat(Files.getPosixFilePermissions(r.path())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(r.mapFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(r.mapFile())).contains("TOKEN-1");
        assertThat(Files.readString(tmp.resolve("out/jsos-x-1.tar.zst.sha256"))).startsWith(r.sha256());
        try (var s2 = Files.list(tmp.resolve("out"))) {
            assertThat(s2.map(p -> p.getFileName().toString()))
                    .as("no staging or .part left behind")
                    .containsExactlyInAnyOrder("jsos-x-1.tar.zst", "jsos-x-1.tar.zst.sha256", "jsos-x-1.tar.zst.map.json");
        }
        Map<String, String> entries = untar(r.path());
        assertThat(entries.keySet()).allMatch(n -> n.startsWith("jsos-x-1/"));
        assertThat(entries).containsEntry("jsos-x-1/etc/hostname", "NODE\n")
                .containsEntry("jsos-x-1/sos_commands/demo/ls", "OUT OF MY COMMAND")
                .containsEntry("jsos-x-1/sos_commands/demo/ls.stderr", "A WARNING")
                .containsEntry("jsos-x-1/sos_commands/demo/table", "A TABLE");
        assertThat(entries.get("jsos-x-1/jsos/demo.json")).contains("\"K\"");
        assertThat(entries).containsKey("jsos-x-1/manifest.json");
        assertThat(b.files()).extracting(f -> f.path() + ":" + f.error()).containsExactly(
                "/etc/hostname:null", "/etc/missing:missing", "/etc/loop:too many levels of symbolic links: /etc/loop");
        assertThat(b.commands()).singleElement().satisfies(c -> assertThat(c.output()).isEqualTo("sos_commands/demo/ls"));
    }

    @Test
    void aSecondBundleWithTheSameNameGetsASuffixInsteadOfBeingLost() throws IOException {
        Path first = new BundleSession(tmp.resolve("out"), "same", BundleFormat.GZ, Redactor.none(), 1 << 20).finish(manifest()).path();
        Path second = new BundleSession(tmp.resolve("out"), "same", BundleFormat.GZ, Redactor.none(), 1 << 20).finish(manifest()).path();
        assertThat(first.getFileName().toString()).isEqualTo("same.tar.gz");
        assertThat(second.getFileName().toString()).isEqualTo("same-2.tar.gz");
    }

    @Test
    void bigFilesKeepTheirTail() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root/var/log"));
        Files.writeString(root.resolve("big.log"), "old\n".repeat(1000) + "NEWEST LINE\n");
        BundleSession s = new BundleSession(tmp.resolve("out"), "t", BundleFormat.DIR, Redactor.none(), 1 << 20);
        CollectorBundle b = s.forCollector("logs", new DirHost(tmp.resolve("root")));
        b.copyTail("/var/log/big.log", 100);
        Path dir = s.finish(manifest()).path();
        String kept = Files.readString(dir.resolve("var/log/big.log"));
        assertThat(kept).hasSize(100).endsWith("NEWEST LINE\n");
        assertThat(b.files().get(0).truncated()).isTrue();
    }

    @Test
    void pathsCannotLeaveTheBundle() throws IOException {
        BundleSession s = new BundleSession(tmp.resolve("out"), "t", BundleFormat.DIR, Redactor.none(), 1 << 20);
        CollectorBundle b = s.forCollector("evil", new DirHost(tmp));
        b.text("../../../../escaped", "x");
        assertThat(b.errors()).singleElement().asString().contains("refused to write").contains("only inside sos_commands/evil/");
        // Inside the bundle but outside its own folder: another collector's file, or the manifest.
        CollectorBundle other = s.forCollector("other", new DirHost(tmp));
        other.text("mine", "other's own");
        b.text("../other/mine", "replaced");
        b.text("../../manifest.json", "{}");
        b.text("/etc/passwd", "x");
        b.text("own", "fine");
        assertThat(b.errors()).hasSize(4);
        Path dir = s.finish(manifest()).path();
        assertThat(tmp.resolve("escaped")).doesNotExist();
        assertThat(tmp.resolve("out/escaped")).doesNotExist();
        assertThat(dir.resolve("sos_commands/other/mine")).hasContent("other's own");
        assertThat(dir.resolve("sos_commands/evil/own")).hasContent("fine");
        assertThat(dir.resolve("etc/passwd")).doesNotExist();
    }

    @Test
    void aSealedCollectorCannotWriteAnyMore() throws IOException {
        BundleSession s = new BundleSession(tmp.resolve("out"), "t", BundleFormat.DIR, Redactor.none(), 1 << 20);
        CollectorBundle b = s.forCollector("late", new DirHost(tmp));
        b.seal();
        b.text("late", "too late");
        b.error("too late");
        Path dir = s.finish(manifest()).path();
        assertThat(dir.resolve("sos_commands/late/late")).doesNotExist();
        assertThat(b.errors()).isEmpty();
    }

    private static Map<String, String> untar(Path archive) throws IOException {
        Map<String, String> out = new java.util.TreeMap<>();
        try (InputStream in = new com.github.luben.zstd.ZstdInputStream(Files.newInputStream(archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            List<Integer> modes = new ArrayList<>();
            while ((e = tar.getNextEntry()) != null) {
                modes.add(e.getMode() & 0777);
                if (!e.isDirectory()) {
                    out.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            assertThat(modes).allMatch(m -> m == 0600 || m == 0700);
        }
        return out;
    }
}
