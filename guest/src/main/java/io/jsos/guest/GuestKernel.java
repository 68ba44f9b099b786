package io.jsos.guest;

import io.jsos.report.PrivateFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's generic kernel, unpacked (never installed) into a cache folder, and the small
 * initramfs that boots it into the host's userland.
 *
 * <p>Layout of one cache entry, {@code <cache>/<kernel package>/}: {@code vmlinuz},
 * {@code modules/} (the package's {@code lib/modules/<version>} with a {@code modules.dep}),
 * {@code version}, and {@code initrd-<hash>.cpio}, the initramfs of the current /init. An entry is built in a private folder and renamed into
 * place when complete, under a file lock, so two builds (or two test JVMs) racing to prepare it
 * end up with one complete entry and never see a half-built one.
 *
 * <p>The cache root is {@code $JSOS_GUEST_CACHE}, else {@code ${user.home}/.cache/jsos/guest}. The
 * kernel package is {@code $JSOS_GUEST_KERNEL_PACKAGE}, else whatever {@code linux-image-amd64}
 * depends on (running {@code apt-get update} once when the package lists are cold).
 */
public record GuestKernel(String packageName, String version, Path vmlinuz, Path modules, Path initrd) {

    /** The generic kernel has 9p (to share the host's root), overlayfs, DM, OVS, bonding, 802.1Q. */
    static final String META_PACKAGE = "linux-image-amd64";

    /** Modules the initramfs loads before it can mount the host's root. */
    static final List<String> BOOT_MODULES = List.of("virtio_pci", "9pnet_virtio", "9p", "overlay");

    /** busybox applets the initramfs's /init uses. */
    private static final List<String> APPLETS = List.of("sh", "mount", "umount", "modprobe", "insmod", "mkdir",
            "cat", "echo", "switch_root", "ifconfig", "sync", "poweroff", "cp", "ls", "sleep");

    private static final Object IN_PROCESS_LOCK = new Object();

    /** The cache root the harness uses. */
    public static Path cacheRoot() {
        String env = System.getenv("JSOS_GUEST_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "jsos", "guest");
    }

    /**
     * The prepared kernel, downloading and building it on first use.
     *
     * @throws GuestUnavailable when the package can't be resolved or fetched (no apt, offline)
     */
    public static GuestKernel prepare() {
        return prepare(cacheRoot());
    }

    static GuestKernel prepare(Path cacheRoot) {
        String pkg = kernelPackage();
        Path entry = cacheRoot.resolve(pkg);
        Optional<GuestKernel> ready = load(pkg, entry);
        if (ready.isPresent()) {
            return ready.get();
        }
        synchronized (IN_PROCESS_LOCK) {
            try {
                Files.createDirectories(cacheRoot);
                try (FileChannel lock = FileChannel.open(cacheRoot.resolve(".lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     var held = lock.lock()) {
                    // Another build may have finished while this one waited for the lock.
                    ready = load(pkg, entry);
                    if (ready.isPresent()) {
                        return ready.get();
                    }
                    build(pkg, entry);
                }
            } catch (IOException e) {
                throw new GuestUnavailable("could not prepare the guest kernel in " + entry + ": " + e, e);
            }
        }
        return load(pkg, entry).orElseThrow(() -> new GuestUnavailable("kernel cache entry " + entry + " incomplete after building it"));
    }

    private static Optional<GuestKernel> load(String pkg, Path entry) {
        Path versionFile = entry.resolve("version");
        if (!Files.isRegularFile(versionFile)) {
            return Optional.empty();
        }
        try {
            String version = Files.readString(versionFile).strip();
            return Optional.of(new GuestKernel(pkg, version, entry.resolve("vmlinuz"), entry.resolve("modules"),
                    initrd(entry, version)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The versioned kernel package, e.g. {@code linux-image-6.1.0-50-amd64}. */
    static String kernelPackage() {
        String env = System.getenv("JSOS_GUEST_KERNEL_PACKAGE");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        Optional<String> pkg = dependencyOfMeta();
        if (pkg.isEmpty()) {
            // Cold package lists (fresh CI machine): apt-cache knows nothing until an update.
            Exec.run(List.of("apt-get", "-o", "DPkg::Lock::Timeout=600", "update"), null, 300);
            pkg = dependencyOfMeta();
        }
        return pkg.orElseThrow(() -> new GuestUnavailable("apt-cache names no kernel package behind " + META_PACKAGE
                + " (is this Debian with its package lists? set JSOS_GUEST_KERNEL_PACKAGE to choose one)"));
    }

    private static Optional<String> dependencyOfMeta() {
        Exec.Result r = Exec.run(List.of("apt-cache", "depends", META_PACKAGE), null, 60);
        if (r.status() != 0) {
            return Optional.empty();
        }
        return r.stdout().lines().map(String::strip)
                .filter(l -> l.startsWith("Depends: linux-image-"))
                .map(l -> l.substring("Depends: ".length()).strip())
                .findFirst();
    }

    private static void build(String pkg, Path entry) throws IOException {
        Path work = entry.resolveSibling(pkg + ".build-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Files.createDirectories(work);
            Exec.require(Exec.run(List.of("apt-get", "download", pkg), work, 600), "apt-get download " + pkg);
            Path deb;
            try (Stream<Path> s = Files.list(work)) {
                deb = s.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst()
                        .orElseThrow(() -> new GuestUnavailable("apt-get download " + pkg + " left no .deb in " + work));
            }
            Path root = work.resolve("root");
            Exec.require(Exec.run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()), null, 600), "dpkg-deb -x");
            Files.delete(deb);
            String version;
            try (Stream<Path> s = Files.list(root.resolve("lib/modules"))) {
                version = s.map(p -> p.getFileName().toString()).findFirst()
                        .orElseThrow(() -> new GuestUnavailable(pkg + " holds no lib/modules/<version>"));
            }
            depmod(root, version);
            Path stage = Files.createDirectories(work.resolve("stage"));
            Files.move(root.resolve("boot/vmlinuz-" + version), stage.resolve("vmlinuz"), StandardCopyOption.ATOMIC_MOVE);
            Files.move(root.resolve("lib/modules/" + version), stage.resolve("modules"), StandardCopyOption.ATOMIC_MOVE);
            PrivateFiles.deleteTree(root);
            Files.writeString(stage.resolve("version"), version + "\n");
            try {
                Files.move(stage, entry, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // Someone else's complete entry won (a machine sharing the cache, without the lock): use theirs.
            }
        } finally {
            PrivateFiles.deleteTree(work);
        }
    }

    /**
     * The kernel's modules.dep (and, with kmod's depmod, the binary indexes kmod's modprobe needs);
     * busybox's when the host has no kmod, whose modprobe the guest then uses too.
     */
    private static void depmod(Path root, String version) {
        Optional<Path> kmod = io.jsos.testkit.Real.which("depmod")
                .or(() -> Optional.of(Path.of("/sbin/depmod")).filter(Files::isExecutable));
        List<String> argv = kmod.isPresent() ? List.of(kmod.get().toString(), "-b", root.toString(), version)
                : List.of(busybox(), "depmod", "-b", root.toString(), version);
        Exec.require(Exec.run(argv, null, 300), String.join(" ", argv));
    }

    /**
     * The initramfs for this entry, built on first use. Its name carries a hash of /init and the
     * boot modules, so a changed /init never boots from a stale archive; it is written under a
     * private name and renamed, so racing builders leave one complete file.
     */
    private static Path initrd(Path entry, String version) throws IOException {
        byte[] init = resource("init.sh");
        byte[] stage2 = resource("stage2.sh");
        String hash;
        try {
            var md = java.security.MessageDigest.getInstance("SHA-256");
            md.update(init);
            md.update(stage2);
            md.update(String.join(",", BOOT_MODULES).getBytes(StandardCharsets.UTF_8));
            md.update(String.join(",", APPLETS).getBytes(StandardCharsets.UTF_8));
            hash = java.util.HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path cpio = entry.resolve("initrd-" + hash + ".cpio");
        if (Files.isRegularFile(cpio)) {
            return cpio;
        }
        String unique = ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path tree = entry.resolve(".initrd-" + unique);
        Path part = entry.resolve(".initrd-" + unique + ".cpio");
        try {
            buildInitrd(entry.resolve("modules"), version, init, stage2, part, tree);
            Files.move(part, cpio, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            PrivateFiles.deleteTree(tree);
            Files.deleteIfExists(part);
        }
        return cpio;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = GuestKernel.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from the guest kit");
            }
            return in.readAllBytes();
        }
    }

    /** busybox, the boot modules (with their own modules.dep) and /init, as a newc cpio archive. */
    private static void buildInitrd(Path modules, String version, byte[] initScript, byte[] stage2, Path cpio, Path tree)
            throws IOException {
        Path bin = Files.createDirectories(tree.resolve("bin"));
        for (String d : List.of("proc", "sys", "dev", "host", "share", "rw", "newroot")) {
            Files.createDirectories(tree.resolve(d));
        }
        Files.copy(Path.of(busybox()), bin.resolve("busybox"));
        for (String a : APPLETS) {
            Files.createSymbolicLink(bin.resolve(a), Path.of("busybox"));
        }
        Path modDir = Files.createDirectories(tree.resolve("lib/modules/" + version));
        Map<String, List<String>> deps = modulesDep(modules.resolve("modules.dep"));
        Set<String> needed = closure(deps, BOOT_MODULES);
        StringBuilder dep = new StringBuilder();
        for (String rel : needed) {
            Path to = modDir.resolve(rel);
            Files.createDirectories(to.getParent());
            Files.copy(modules.resolve(rel), to);
            dep.append(rel).append(':');
            for (String d : deps.get(rel)) {
                dep.append(' ').append(d);
            }
            dep.append('\n');
        }
        Files.writeString(modDir.resolve("modules.dep"), dep);
        Path init = Files.write(tree.resolve("init"), initScript);
        Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.write(tree.resolve("stage2"), stage2);
        List<String> names = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(tree)) {
            walk.filter(p -> !p.equals(tree)).forEach(p -> names.add("./" + tree.relativize(p)));
        }
        Exec.require(Exec.run(List.of(busybox(), "cpio", "-o", "-H", "newc"), tree, 120,
                String.join("\n", names) + "\n", cpio), "busybox cpio");
        Files.setPosixFilePermissions(cpio, PosixFilePermissions.fromString("rw-r--r--"));
    }

    static Map<String, List<String>> modulesDep(Path file) throws IOException {
        Map<String, List<String>> deps = new TreeMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String rest = line.substring(colon + 1).strip();
            deps.put(line.substring(0, colon), rest.isEmpty() ? List.of() : List.of(rest.split("\\s+")));
        }
        return deps;
    }

    /** The module files (relative paths) the named modules need, themselves included. */
    static Set<String> closure(Map<String, List<String>> deps, List<String> names) {
        Set<String> out = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        for (String n : names) {
            String rel = deps.keySet().stream()
                    .filter(k -> k.endsWith("/" + n + ".ko") || k.endsWith("/" + n.replace('_', '-') + ".ko"))
                    .findFirst().orElseThrow(() -> new GuestUnavailable("kernel has no module " + n));
            todo.add(rel);
        }
        while (!todo.isEmpty()) {
            String rel = todo.pop();
            if (out.add(rel)) {
                todo.addAll(deps.getOrDefault(rel, List.of()));
            }
        }
        return out;
    }

    static String busybox() {
        return io.jsos.testkit.Real.which("busybox").map(Path::toString)
                .orElseThrow(() -> new GuestUnavailable("busybox not found (apt-get install busybox-static)"));
    }

    /** Runs the few host programs the preparation needs (apt, dpkg-deb, busybox), bounded in time. */
    static final class Exec {
        record Result(int status, String stdout, String stderr) {
        }

        static Result run(List<String> argv, Path dir, int timeoutSeconds) {
            return run(argv, dir, timeoutSeconds, null, null);
        }

        static Result run(List<String> argv, Path dir, int timeoutSeconds, String stdin, Path stdoutFile) {
            try {
                ProcessBuilder pb = new ProcessBuilder(argv);
                if (dir != null) {
                    pb.directory(dir.toFile());
                }
                Path err = Files.createTempFile("jsos-guest-", ".err");
                Path out = stdoutFile != null ? stdoutFile : Files.createTempFile("jsos-guest-", ".out");
                pb.redirectError(err.toFile()).redirectOutput(out.toFile());
                if (stdin == null) {
                    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                }
                Process p;
                try {
                    p = pb.start();
                } catch (IOException e) {
                    return new Result(127, "", argv.get(0) + ": " + e.getMessage());
                }
                if (stdin != null) {
                    try (var w = p.getOutputStream()) {
                        w.write(stdin.getBytes(StandardCharsets.UTF_8));
                    }
                }
                boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
                if (!done) {
                    p.destroyForcibly().waitFor();
                }
                String o = stdoutFile != null ? "" : Files.readString(out, StandardCharsets.ISO_8859_1);
                String e = Files.readString(err, StandardCharsets.ISO_8859_1);
                Files.deleteIfExists(err);
                if (stdoutFile == null) {
                    Files.deleteIfExists(out);
                }
                return new Result(done ? p.exitValue() : -1, o, done ? e : e + "\n(killed after " + timeoutSeconds + " s)");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GuestUnavailable("interrupted running " + argv, e);
            }
        }

        static void require(Result r, String what) {
            if (r.status() != 0) {
                throw new GuestUnavailable(what + " failed (status " + r.status() + "): " + r.stderr().strip());
            }
        }
    }
}
