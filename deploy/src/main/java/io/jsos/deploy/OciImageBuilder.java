package io.jsos.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Builds the jsos container image as an OCI image layout tarball, without a Docker daemon and
 * without pulling a base image (the build machine reaches no image registry):
 *
 * <ol>
 *   <li>a Java runtime made by the jar itself ({@code jsos runtime}, which the launcher uses for
 *       {@code bin/jsos serve} too): {@code jlink}ed from the build JDK's jmods with only the
 *       modules jsos uses, at {@code /opt/java}, and a class-data archive of exactly the JDK
 *       classes a warm-up of the exporter loads (jlink makes none, and a JVM without one parses
 *       every JDK class into metaspace at start); the archive goes in a layer of its own;</li>
 *   <li>the shared libraries that runtime and the jar's native helpers (JNA, zstd) link against,
 *       found with {@code ldd} and copied from the build machine (glibc, zlib, the loader);</li>
 *   <li>two host-command wrappers, {@code /usr/sbin/chroot} and {@code /usr/bin/nsenter}, copied
 *       from the build machine with their libraries: a privileged run gives
 *       {@code --command-wrapper "chroot /host"} or {@code "nsenter -t 1 -m -u -i -n -p --"} so that
 *       the host's own tools (lvs, ovs-vsctl, ip) run with the host's libraries (see
 *       docs/exporter.md); they are not shells and run nothing by themselves;</li>
 *   <li>{@code /etc/passwd} and {@code /etc/group} with the unprivileged user {@code jsos}
 *       (65532), an empty {@code /tmp} and {@code /host} mount point;</li>
 *   <li>the agent jar at {@code /opt/jsos/jsos.jar}, in a layer of its own so a new jsos
 *       version only ships that layer.</li>
 * </ol>
 * No shell and no package manager: the entrypoint is {@code java -jar}. Every file's time and
 * owner are fixed and entries are sorted, so the same inputs give the same runtime and jar layers.
 * The class-data archive has a layer of its own between them: JDK 17's {@code -Xshare:dump} writes
 * a few hundred bytes differently on every run, so that layer's digest, and the image's, change
 * with every build.
 *
 * <p>The tarball loads with {@code skopeo copy oci-archive:jsos-image.tar ...},
 * {@code podman load -i}, or {@code docker load -i} (it carries a Docker {@code manifest.json} too).
 */
public final class OciImageBuilder {

    public static final String USER = "65532:65532";
    public static final List<String> ENTRYPOINT = List.of("/opt/java/bin/java", "-jar", "/opt/jsos/jsos.jar");
    public static final List<String> CMD = List.of("serve", "--host-root", "/host");
    /** 2026-01-01T00:00:00Z: every file's time and the image's creation time, for reproducible digests. */
    static final long EPOCH = 1767225600L;
    static final String CREATED = "2026-01-01T00:00:00Z";

    private static final Pattern LDD_LINE = Pattern.compile("^\\s*(?:\\S+\\s+=>\\s+)?(/\\S+)\\s+\\(0x[0-9a-f]+\\)");
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

    private final Path jar;
    private final Path out;
    private final Path work;
    private final String tag;
    private final String version;
    private final String javaOptions;

    public OciImageBuilder(Path jar, Path out, Path work, String tag, String version, String javaOptions) {
        this.jar = jar;
        this.out = out;
        this.work = work;
        this.tag = tag;
        this.version = version;
        this.javaOptions = javaOptions;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        for (String required : List.of("--jar", "--out", "--work", "--tag", "--version")) {
            if (!a.containsKey(required)) {
                throw new IllegalArgumentException("missing " + required
                        + "; usage: --jar JAR --out TAR --work DIR --tag NAME:TAG --version V [--java-options OPTS]");
            }
        }
        long t0 = System.nanoTime();
        OciImageBuilder b = new OciImageBuilder(Path.of(a.get("--jar")), Path.of(a.get("--out")), Path.of(a.get("--work")),
                a.get("--tag"), a.get("--version"), a.getOrDefault("--java-options", ""));
        String digest = b.build();
        System.out.printf("jsos image: %s (%d MiB, manifest %s) in %.1f s%n", b.out, Files.size(b.out) >> 20, digest,
                (System.nanoTime() - t0) / 1e9);
    }

    /** Builds the image; returns the manifest's digest. */
    public String build() throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no agent jar at " + jar + " (build the agent module first)");
        }
        deleteTree(work);
        Path runtimeRoot = Files.createDirectories(work.resolve("runtime"));
        Path appRoot = Files.createDirectories(work.resolve("app"));
        Path classDataRoot = Files.createDirectories(work.resolve("class-data"));

        Path javaHome = runtimeRoot.resolve("opt/java");
        Files.createDirectories(javaHome.getParent());
        makeRuntime(javaHome);
        List<Path> wrappers = copyHostWrappers(runtimeRoot);
        copyLibraries(runtimeRoot, wrappers);
        Path etc = Files.createDirectories(runtimeRoot.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/sbin/nologin\n"
                + "jsos:x:65532:65532:jsos:/tmp:/sbin/nologin\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\njsos:x:65532:\n");
        Files.writeString(etc.resolve("nsswitch.conf"), "passwd: files\ngroup: files\nhosts: files dns\n");
        Files.createDirectories(runtimeRoot.resolve("tmp"));
        Files.setPosixFilePermissions(runtimeRoot.resolve("tmp"), PosixFilePermissionsOf.mode(01777));
        Files.createDirectories(runtimeRoot.resolve("host"));
        Path appJar = Files.createDirectories(appRoot.resolve("opt/jsos")).resolve("jsos.jar");
        Files.copy(jar, appJar, StandardCopyOption.REPLACE_EXISTING);
        // A layer of its own: the JDK's dump is not byte-for-byte reproducible, the other layers are.
        Path archiveInLayer = classDataRoot.resolve("opt/java/" + CDS_ARCHIVE);
        Files.createDirectories(archiveInLayer.getParent());
        Files.move(javaHome.resolve(CDS_ARCHIVE), archiveInLayer);

        Path blobs = Files.createDirectories(work.resolve("layout/blobs/sha256"));
        Layer runtime = layer(runtimeRoot, blobs);
        Layer classData = layer(classDataRoot, blobs);
        Layer app = layer(appRoot, blobs);

        ObjectNode config = JSON.createObjectNode();
        config.put("created", CREATED);
        config.put("architecture", goArch());
        config.put("os", "linux");
        ObjectNode c = config.putObject("config");
        c.put("User", USER);
        ArrayNode env = c.putArray("Env");
        env.add("PATH=/opt/java/bin:/usr/sbin:/usr/bin");   // the wrappers, for --command-wrapper "chroot /host"
        env.add("JAVA_HOME=/opt/java");
        env.add("LANG=C.UTF-8");
        if (!javaOptions.isBlank()) {
            env.add("JDK_JAVA_OPTIONS=" + javaOptions);
        }
        ENTRYPOINT.forEach(c.putArray("Entrypoint")::add);
        CMD.forEach(c.putArray("Cmd")::add);
        c.put("WorkingDir", "/tmp");
        c.putObject("ExposedPorts").putObject("9910/tcp");
        c.putObject("Volumes").putObject("/tmp");
        ObjectNode labels = c.putObject("Labels");
        labels.put("org.opencontainers.image.title", "jsos");
        labels.put("org.opencontainers.image.description", "Node diagnostics for Linux: support bundles and a Prometheus exporter");
        labels.put("org.opencontainers.image.version", version);
        config.putObject("rootfs").put("type", "layers").putArray("diff_ids").add(runtime.diffId).add(classData.diffId)
                .add(app.diffId);
        ArrayNode history = config.putArray("history");
        history.addObject().put("created", CREATED)
                .put("created_by", "jsos deploy: jlink " + modules(javaHome) + "; shared libraries; chroot, nsenter; /etc/passwd");
        history.addObject().put("created", CREATED)
                .put("created_by", "jsos deploy: /opt/java/" + CDS_ARCHIVE + " (trained by a warm-up of serve)");
        history.addObject().put("created", CREATED).put("created_by", "jsos deploy: /opt/jsos/jsos.jar");
        Blob configBlob = blob(JSON.writeValueAsBytes(config), blobs);

        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        manifest.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json")
                .put("digest", configBlob.digest).put("size", configBlob.size);
        ArrayNode layers = manifest.putArray("layers");
        for (Layer l : List.of(runtime, classData, app)) {
            layers.addObject().put("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip")
                    .put("digest", l.blob.digest).put("size", l.blob.size);
        }
        manifest.putObject("annotations").put("org.opencontainers.image.version", version);
        Blob manifestBlob = blob(JSON.writeValueAsBytes(manifest), blobs);

        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", "application/vnd.oci.image.index.v1+json");
        ObjectNode m = index.putArray("manifests").addObject();
        m.put("mediaType", "application/vnd.oci.image.manifest.v1+json").put("digest", manifestBlob.digest).put("size", manifestBlob.size);
        m.putObject("annotations").put("org.opencontainers.image.ref.name", tag.substring(tag.indexOf(':') + 1))
                .put("io.containerd.image.name", tag);
        m.putObject("platform").put("architecture", goArch()).put("os", "linux");
        Path layout = work.resolve("layout");
        Files.write(layout.resolve("index.json"), JSON.writeValueAsBytes(index));
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        // docker load (before OCI support) reads this one.
        ArrayNode docker = JSON.createArrayNode();
        ObjectNode d = docker.addObject();
        d.put("Config", "blobs/sha256/" + hex(configBlob.digest));
        d.putArray("RepoTags").add(tag);
        ArrayNode dl = d.putArray("Layers");
        dl.add("blobs/sha256/" + hex(runtime.blob.digest));
        dl.add("blobs/sha256/" + hex(classData.blob.digest));
        dl.add("blobs/sha256/" + hex(app.blob.digest));
        Files.write(layout.resolve("manifest.json"), JSON.writeValueAsBytes(docker));

        Files.createDirectories(out.toAbsolutePath().getParent());
        Path part = out.resolveSibling(out.getFileName() + ".part");
        try (OutputStream os = Files.newOutputStream(part)) {
            tar(layout, os);
        }
        Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return manifestBlob.digest;
    }

    /**
     * Where a JVM looks for its default class-data archive, under its home. A compile-time constant
     * of the agent, inlined here: the agent's classes are not on this builder's run-time class path.
     */
    static final String CDS_ARCHIVE = io.jsos.agent.serve.ServeRuntime.CDS_ARCHIVE;

    /**
     * Has the jar make the image's Java runtime: {@code java -jar jsos.jar runtime}, run by the
     * build's JDK (its jmods are what jlink links). Its warm-up of serve runs on the build machine,
     * on 127.0.0.1, with the image's JVM options; if the warm-up fails, the archive holds the JDK's
     * default class list and the build says so.
     */
    private void makeRuntime(Path javaHome) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin/java").toString(),
                "-jar", jar.toString(), "runtime", "--out", javaHome.toString(), "--java-options", javaOptions));
        RunResult r = runTool(argv, 600);
        if (r.exit == 1) {
            System.err.println("jsos image: " + r.output.strip());
        } else if (r.exit != 0) {
            throw new IOException("the Java runtime could not be made: " + String.join(" ", argv) + ": exit " + r.exit
                    + "\n" + r.output);
        }
    }

    /** The modules jlink put in a runtime, from its release file. */
    private static String modules(Path javaHome) throws IOException {
        for (String line : Files.readAllLines(javaHome.resolve("release"))) {
            if (line.startsWith("MODULES=")) {
                return line.substring("MODULES=".length()).replace("\"", "").trim().replace(' ', ',');
            }
        }
        throw new IOException("no MODULES line in " + javaHome.resolve("release"));
    }

    private record RunResult(int exit, String output) {
    }

    /** Runs a program; its exit code (-1 if killed at the timeout) and what it printed. */
    private static RunResult runTool(List<String> argv, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // the process is gone; what was read is kept
            }
        });
        reader.start();
        boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(10_000);
        String log = out.toString(StandardCharsets.UTF_8);
        return done ? new RunResult(p.exitValue(), log) : new RunResult(-1, "killed after " + seconds + " s\n" + log);
    }

    /** The host-command wrappers the image carries, at the same paths as on Debian. */
    static final List<String> HOST_WRAPPERS = List.of("/usr/sbin/chroot", "/usr/bin/nsenter");

    /** Copies the wrappers from the build machine (coreutils and util-linux: every Debian has them). */
    private static List<Path> copyHostWrappers(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String w : HOST_WRAPPERS) {
            Path from = Path.of(w);
            if (!Files.isRegularFile(from)) {
                throw new IOException(w + " is missing on this machine (coreutils / util-linux)");
            }
            Path target = root.resolve(w.substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(from.toRealPath(), target, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(target, PosixFilePermissionsOf.mode(0755));
            out.add(target);
        }
        return out;
    }

    /**
     * Copies every shared library the runtime's ELF files, the jar's native helpers and
     * {@code extra} load, with the loader.
     */
    private void copyLibraries(Path root, List<Path> extra) throws IOException, InterruptedException {
        List<Path> elves = new ArrayList<>(extra);
        try (Stream<Path> s = Files.walk(root.resolve("opt/java"))) {
            s.filter(Files::isRegularFile).filter(OciImageBuilder::isElf).forEach(elves::add);
        }
        Path natives = Files.createDirectories(work.resolve("natives"));
        try (JarFile jf = new JarFile(jar.toFile())) {
            for (var e : java.util.Collections.list(jf.entries())) {
                String n = e.getName();
                if (n.endsWith(".so") && nativeForThisMachine(n)) {
                    Path t = natives.resolve(n.replace('/', '_'));
                    try (InputStream in = jf.getInputStream(e)) {
                        Files.copy(in, t, StandardCopyOption.REPLACE_EXISTING);
                    }
                    elves.add(t);
                }
            }
        }
        Set<String> libs = new TreeSet<>();
        for (Path elf : elves) {
            libs.addAll(ldd(elf));
        }
        Set<String> own = new TreeSet<>();
        try (Stream<Path> s = Files.walk(root.resolve("opt/java"))) {
            s.filter(Files::isRegularFile).forEach(f -> own.add(f.getFileName().toString()));
        }
        for (String lib : libs) {
            if (lib.startsWith("not found: ")) {
                // The runtime's own libraries (libjvm.so, ...) are found through its lib folder at run time.
                String name = lib.substring("not found: ".length());
                if (!own.contains(name)) {
                    throw new IOException("a library the runtime needs is missing on this machine: " + name);
                }
                continue;
            }
            if (lib.startsWith(root.toString()) || lib.startsWith(natives.toString())) {
                continue;   // the runtime's own libraries
            }
            Path target = root.resolve(lib.substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(Path.of(lib).toRealPath(), target, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(target, PosixFilePermissionsOf.mode(0755));
        }
    }

    private static boolean nativeForThisMachine(String entry) {
        String arch = System.getProperty("os.arch");
        String e = entry.toLowerCase(java.util.Locale.ROOT);
        if (!e.contains("linux")) {
            return false;
        }
        if (arch.equals("amd64")) {
            return e.contains("x86-64") || e.contains("x86_64") || e.contains("amd64");
        }
        return arch.equals("aarch64") && e.contains("aarch64");
    }

    private static boolean isElf(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] magic = in.readNBytes(4);
            return Arrays.equals(magic, new byte[]{0x7f, 'E', 'L', 'F'});
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> ldd(Path elf) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ldd", elf.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("ldd " + elf + " did not finish");
        }
        List<String> libs = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.contains("not found")) {
                libs.add("not found: " + line.trim().split("\\s+")[0]);
                continue;
            }
            Matcher m = LDD_LINE.matcher(line);
            if (m.find()) {
                libs.add(m.group(1));
            }
        }
        return libs;
    }

    private record Blob(String digest, long size) {
    }

    private record Layer(String diffId, Blob blob) {
    }

    /** A layer: the tar of a folder, its uncompressed digest (diff_id) and its gzip blob. */
    private Layer layer(Path root, Path blobs) throws IOException {
        Path tmp = Files.createTempFile(blobs.getParent(), "layer", ".tar.gz");
        MessageDigest uncompressed = sha256();
        MessageDigest compressed = sha256();
        try (OutputStream file = Files.newOutputStream(tmp);
             DigestOutputStream dc = new DigestOutputStream(file, compressed);
             GZIPOutputStream gz = new GZIPOutputStream(dc, 1 << 16);
             DigestOutputStream du = new DigestOutputStream(gz, uncompressed)) {
            tar(root, du);
        }
        String digest = "sha256:" + HexFormat.of().formatHex(compressed.digest());
        Path blob = blobs.resolve(hex(digest));
        Files.move(tmp, blob, StandardCopyOption.REPLACE_EXISTING);
        return new Layer("sha256:" + HexFormat.of().formatHex(uncompressed.digest()), new Blob(digest, Files.size(blob)));
    }

    private static Blob blob(byte[] content, Path blobs) throws IOException {
        String digest = "sha256:" + HexFormat.of().formatHex(sha256().digest(content));
        Files.write(blobs.resolve(hex(digest)), content);
        return new Blob(digest, content.length);
    }

    /** A tar of a folder's content: sorted, owner root, fixed times, modes kept, symlinks as links. */
    static void tar(Path root, OutputStream os) throws IOException {
        List<Path> paths;
        try (Stream<Path> s = Files.walk(root)) {
            paths = s.filter(p -> !p.equals(root)).sorted().toList();
        }
        TarArchiveOutputStream t = new TarArchiveOutputStream(os, 10240, "UTF-8");
        t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        t.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        for (Path p : paths) {
            String name = root.relativize(p).toString().replace('\\', '/');
            TarArchiveEntry e;
            boolean regular = false;
            if (Files.isSymbolicLink(p)) {
                e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                e.setLinkName(Files.readSymbolicLink(p).toString());
                e.setMode(0120777);
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                e = new TarArchiveEntry(name + "/");
                e.setMode(040000 | PosixFilePermissionsOf.bits(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS),
                        p.endsWith("tmp") && name.equals("tmp")));
            } else {
                e = new TarArchiveEntry(name);
                regular = true;
                e.setSize(Files.size(p));
                e.setMode(0100000 | PosixFilePermissionsOf.bits(Files.getPosixFilePermissions(p), false));
            }
            e.setUserId(0);
            e.setGroupId(0);
            e.setUserName("root");
            e.setGroupName("root");
            e.setModTime(EPOCH * 1000);
            t.putArchiveEntry(e);
            if (regular) {
                Files.copy(p, t);
            }
            t.closeArchiveEntry();
        }
        t.finish();
    }

    private static String goArch() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> System.getProperty("os.arch");
        };
    }

    private static String hex(String digest) {
        return digest.substring("sha256:".length());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Octal modes to and from the JDK's permission sets (the sticky bit is kept for /tmp only). */
    static final class PosixFilePermissionsOf {
        private static final PosixFilePermission[] ORDER = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

        static Set<PosixFilePermission> mode(int mode) {
            Set<PosixFilePermission> s = java.util.EnumSet.noneOf(PosixFilePermission.class);
            for (int i = 0; i < ORDER.length; i++) {
                if ((mode & (1 << i)) != 0) {
                    s.add(ORDER[i]);
                }
            }
            return s;
        }

        static int bits(Set<PosixFilePermission> perms, boolean sticky) {
            int m = 0;
            for (int i = 0; i < ORDER.length; i++) {
                if (perms.contains(ORDER[i])) {
                    m |= 1 << i;
                }
            }
            return sticky ? m | 01000 : m;
        }
    }
}
