package io.jsos.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsos.testkit.Real;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The OCI image tarball the package phase built: well-formed, non-root, no shell, and it runs. */
class ImageIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static Path image;
    static final Map<String, byte[]> files = new HashMap<>();
    static JsonNode config;
    static JsonNode manifest;
    /** Every layer's entries, in order (later layers win). */
    static final Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
    static final List<byte[]> layers = new ArrayList<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void open() throws Exception {
        image = Path.of(System.getProperty("jsos.image", "target/jsos-image.tar"));
        assertThat(image).as("the image tarball (built in the package phase)").isRegularFile();
        try (TarArchiveInputStream t = new TarArchiveInputStream(Files.newInputStream(image))) {
            TarArchiveEntry e;
            while ((e = t.getNextEntry()) != null) {
                if (e.isFile()) {
                    files.put(e.getName(), t.readAllBytes());
                }
            }
        }
        JsonNode index = JSON.readTree(file("index.json"));
        assertThat(index.path("schemaVersion").asInt()).isEqualTo(2);
        JsonNode m = index.at("/manifests/0");
        manifest = JSON.readTree(blob(m.path("digest").asText(), m.path("size").asLong()));
        assertThat(manifest.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        config = JSON.readTree(blob(manifest.at("/config/digest").asText(), manifest.at("/config/size").asLong()));
        int i = 0;
        for (JsonNode l : manifest.path("layers")) {
            assertThat(l.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
            byte[] gz = blob(l.path("digest").asText(), l.path("size").asLong());
            byte[] tar = new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes();
            assertThat("sha256:" + sha256(tar)).as("diff_id of layer %d", i).isEqualTo(config.at("/rootfs/diff_ids/" + i).asText());
            layers.add(tar);
            try (TarArchiveInputStream t = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
                TarArchiveEntry e;
                while ((e = t.getNextEntry()) != null) {
                    entries.put(e.getName().replaceAll("/$", ""), e);
                }
            }
            i++;
        }
        System.out.printf("image %s: %d MiB, %d layers, %d files%n", image.getFileName(), Files.size(image) >> 20, i, entries.size());
    }

    static byte[] file(String name) {
        byte[] b = files.get(name);
        assertThat(b).as(name + " in the tarball").isNotNull();
        return b;
    }

    static byte[] blob(String digest, long size) throws Exception {
        byte[] b = file("blobs/sha256/" + digest.substring("sha256:".length()));
        assertThat((long) b.length).as("size of " + digest).isEqualTo(size);
        assertThat("sha256:" + sha256(b)).isEqualTo(digest);
        return b;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void theConfigRunsJavaDirectlyAsAnUnprivilegedUser() {
        JsonNode c = config.path("config");
        assertThat(c.path("User").asText()).isEqualTo("65532:65532");
        List<String> entrypoint = new ArrayList<>();
        c.path("Entrypoint").forEach(n -> entrypoint.add(n.asText()));
        assertThat(entrypoint).containsExactly("/opt/java/bin/java", "-jar", "/opt/jsos/jsos.jar");
        assertThat(c.path("Cmd").toString()).isEqualTo("[\"serve\",\"--host-root\",\"/host\"]");
        assertThat(c.path("Env").toString()).contains("JDK_JAVA_OPTIONS=-XX:+UseSerialGC");
        assertThat(c.path("ExposedPorts").has("9910/tcp")).isTrue();
        assertThat(config.path("os").asText()).isEqualTo("linux");
        // What the entrypoint and its shared libraries need is in the image, executable.
        TarArchiveEntry java = entries.get("opt/java/bin/java");
        assertThat(java).isNotNull();
        assertThat(java.getMode() & 0111).isNotZero();
        assertThat(entries).containsKey("opt/jsos/jsos.jar").containsKey("lib64/ld-linux-x86-64.so.2");
        assertThat(entries.keySet()).anyMatch(n -> n.matches("(usr/)?lib/x86_64-linux-gnu/libc\\.so\\.6"));
        assertThat(new String(layerFile("etc/passwd"), StandardCharsets.UTF_8)).contains("jsos:x:65532:65532:");
        assertThat(entries.get("tmp").getMode() & 01777).isEqualTo(01777);
        // Every file belongs to root: the unprivileged user cannot change the image's own files.
        assertThat(entries.values()).allMatch(e -> e.getLongUserId() == 0 && e.getLongGroupId() == 0);
    }

    @Test
    void hasNoShellAndNoPackageManager() {
        for (String name : entries.keySet()) {
            String base = name.substring(name.lastIndexOf('/') + 1);
            assertThat(base).as(name).isNotIn("sh", "bash", "dash", "ash", "zsh", "busybox", "apt", "apt-get", "dpkg", "rpm", "yum");
        }
        // Outside the Java runtime and the libraries, the only programs are the two host-command wrappers.
        List<String> programs = entries.values().stream().filter(e -> e.isFile() && (e.getMode() & 0111) != 0)
                .map(TarArchiveEntry::getName).filter(n -> !n.startsWith("opt/java/") && !n.contains("lib")).sorted().toList();
        assertThat(programs).containsExactly("usr/bin/nsenter", "usr/sbin/chroot");
        assertThat(config.at("/config/Env").toString()).contains("PATH=/opt/java/bin:/usr/sbin:/usr/bin");
    }

    @Test
    void theJavaRuntimeIsTheJlinkedOne() {
        String release = new String(layerFile("opt/java/release"), StandardCharsets.UTF_8);
        for (String module : io.jsos.agent.serve.ServeRuntime.MODULES) {
            assertThat(release).contains(module);
        }
        assertThat(release).doesNotContain("java.desktop");
    }

    /** The image's own runtime and libraries run jsos: chrooted into the unpacked layers, as its user. */
    @Test
    @Tag("real")
    void jsosRunsInsideTheImageAgainstTheHostRoot() throws Exception {
        Path root = unpackedImage("rootfs");
        List<String> env = imageEnv();

        String version = inImage(root, env, "version");
        assertThat(version).contains("jsos 0.1.0");

        String metrics = inImage(root, env, "serve", "--host-root", "/host", "--list-metrics");
        assertThat(metrics).contains("| `jsos_scrape_collector_success` | gauge | `collector` |")
                .contains("`node_load1`").contains("`jsos_processes`");

        String collect = inImage(root, env, "collect", "--host-root", "/host", "--out", "/tmp/out", "--only",
                "system,processes", "--timeout", "60s");
        String bundle = collect.lines().reduce((a, b) -> b).orElse("");
        assertThat(bundle).startsWith("/tmp/out/jsos-").endsWith(".tar.zst");
        assertThat(root.resolve(bundle.substring(1))).isRegularFile();
    }

    /**
     * The runtime carries a class-data archive that holds the JDK classes the exporter loads, not
     * only the JDK's default list: with -Xshare:on the JVM refuses to start without a usable
     * archive, and the HTTP server's and the JVM metrics' classes come from it.
     */
    @Test
    @Tag("real")
    void theExporterMapsItsJdkClassesFromTheRuntimesClassDataArchive() throws Exception {
        assertThat(entries).containsKey("opt/java/" + OciImageBuilder.CDS_ARCHIVE);
        Path root = unpackedImage("rootfs-cds");
        List<String> env = new ArrayList<>();
        for (String e : imageEnv()) {
            env.add(e.startsWith("JDK_JAVA_OPTIONS=") ? e + " -Xshare:on -Xlog:class+load=info" : e);
        }
        String out = inImage(root, env, "serve", "--host-root", "/host", "--listen", "127.0.0.1:0", "--warm-up-and-exit");
        // Not in the JDK's own list (lib/classlist): there only because the build trained on serve.
        for (String jdkClass : List.of("sun.net.httpserver.ServerImpl", "java.lang.management.ManagementFactory",
                "java.lang.ProcessHandleImpl")) {
            assertThat(out).as("how %s was loaded", jdkClass).contains(jdkClass + " source: shared objects file");
        }
        // jsos's own classes come from the jar: an archive of them would not match the jar's path.
        assertThat(out).contains("io.jsos.agent.Jsos source: file:/opt/jsos/jsos.jar");
    }

    /**
     * A privileged run (root, as a DaemonSet variant or a debug pod would give) runs the host's own
     * tools through the image's wrappers, chroot and nsenter: {@code uname -a} answers as on the host.
     */
    @Test
    @Tag("real")
    void aPrivilegedRunReachesTheHostsToolsThroughTheImagesWrappers() throws Exception {
        Path root = unpackedImage("rootfs-root");
        List<String> env = imageEnv();
        String uname = new String(new ProcessBuilder("uname", "-a").start().getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        // A DaemonSet variant would give nsenter "-t 1 -m -u -i -n -p --" (hostPID); the sandboxes this test runs in
        // refuse even root the host's pid 1 namespaces, so nsenter is proven here with its --root instead: the
        // image's nsenter and its libraries run, and the host's tool answers.
        String[][] wrappers = {{"chroot", "chroot /host"}, {"nsenter", "nsenter --root=/host --"}};
        for (String[] w : wrappers) {
            String out = "/tmp/out-" + w[0];
            String said = inImageAs("0:0", root, env, "collect", "--host-root", "/host", "--out", out, "--format", "dir",
                    "--only", "system", "--command-wrapper", w[1], "--timeout", "60s", "--no-redact");
            Path bundle = root.resolve(said.lines().reduce((a, b) -> b).orElse("").substring(1));
            assertThat(bundle).as(w[0]).isDirectory();
            Path unameOut;
            try (var files = Files.walk(bundle)) {
                unameOut = files.filter(f -> f.getFileName().toString().equals("uname_-a")).findFirst()
                        .orElseThrow(() -> new AssertionError("no uname_-a in the bundle with " + w[0]));
            }
            assertThat(Files.readString(unameOut).strip()).as("uname -a through %s", w[0]).isEqualTo(uname);
        }
    }

    /** The image's layers unpacked into a new folder under tmp, for running it chrooted (as root, with unshare and chroot). */
    private Path unpackedImage(String name) throws Exception {
        Real.requireRoot();
        Real.requireProgram("unshare", "util-linux");
        Real.requireProgram("chroot", "coreutils");
        Path root = tmp.resolve(name);
        for (byte[] tar : layers) {
            unpack(tar, root);
        }
        Files.createDirectories(root.resolve("proc"));
        return root;
    }

    private static List<String> imageEnv() {
        List<String> env = new ArrayList<>();
        config.at("/config/Env").forEach(n -> env.add(n.asText()));
        return env;
    }

    /** Runs the image's entrypoint with args in a private mount namespace: /proc mounted, the host's / at /host. */
    private static String inImage(Path root, List<String> env, String... args) throws Exception {
        return inImageAs("65532:65532", root, env, args);
    }

    /** As {@link #inImage}, as the given user:group. */
    private static String inImageAs(String user, Path root, List<String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("unshare", "--mount", "--fork", "--", "sh", "-c",
                "mkdir -p \"$1/dev\" && mount --rbind /dev \"$1/dev\" && mount -t proc proc \"$1/proc\""
                        + " && mount --rbind / \"$1/host\" && mount -o remount,bind,ro \"$1/host\""
                        + " && shift && exec chroot --userspec=" + user + " \"$@\"", "sh", root.toString(), root.toString(),
                "/opt/java/bin/java", "-jar", "/opt/jsos/jsos.jar"));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().clear();
        for (String e : env) {
            int eq = e.indexOf('=');
            pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
        }
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");   // for unshare, mount, chroot; java needs none
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("jsos %s finished", List.of(args)).isTrue();
        assertThat(p.exitValue()).as("jsos %s in the image said:%n%s", List.of(args), out).isIn(0, 1);
        return out;
    }

    private static byte[] layerFile(String name) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            try (TarArchiveInputStream t = new TarArchiveInputStream(new ByteArrayInputStream(layers.get(i)))) {
                TarArchiveEntry e;
                while ((e = t.getNextEntry()) != null) {
                    if (e.getName().equals(name)) {
                        return t.readAllBytes();
                    }
                }
            } catch (IOException ex) {
                throw new AssertionError(ex);
            }
        }
        throw new AssertionError(name + " not in the image");
    }

    private static void unpack(byte[] tar, Path root) throws IOException {
        try (TarArchiveInputStream t = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = t.getNextEntry()) != null) {
                Path p = root.resolve(e.getName()).normalize();
                assertThat(p.startsWith(root)).isTrue();
                if (e.isDirectory()) {
                    Files.createDirectories(p);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(p.getParent());
                    Files.deleteIfExists(p);
                    Files.createSymbolicLink(p, Path.of(e.getLinkName()));
                    continue;
                } else {
                    Files.createDirectories(p.getParent());
                    Files.write(p, t.readAllBytes());
                }
                Files.setPosixFilePermissions(p, OciImageBuilder.PosixFilePermissionsOf.mode(e.getMode() & 0777));
            }
        }
        if (!Files.exists(root.resolve("host"), LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(root.resolve("host"));
        }
    }
}
