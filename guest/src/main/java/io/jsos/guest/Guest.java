package io.jsos.guest;

import io.jsos.testkit.Real;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Linux kernel for tests: Debian's generic kernel booted under QEMU's software emulation
 * (TCG), running the host's own userland (Java, lvm2, openvswitch, iproute2, this build's jars).
 *
 * <p>The host's {@code /} is shared read-only over 9p with a tmpfs overlay on top, so the guest can
 * write anywhere (plant files in {@code /etc}, create cgroups, load modules) and the host is never
 * touched. A second, writable share is the run folder: the script goes in, and everything the
 * script writes under {@code $JSOS_GUEST_OUT} ({@value #OUT} in the guest) comes back in
 * {@link GuestResult#out()}, with its exit status, its output and the guest's console.
 *
 * <pre>{@code
 * @Tag("real")
 * class ThinPoolGuestTest {
 *     @Test
 *     void thinPool(@TempDir Path tmp) {
 *         GuestResult r = Guest.require().run("""
 *                 lvcreate ... && lvs --reportformat json > "$JSOS_GUEST_OUT/lvs.json"
 *                 """ + Guest.runCollector("lvm", "$JSOS_GUEST_OUT/lvm"), tmp);
 *         r.assertSucceeded();
 *         assertThat(r.text("lvs.json")).contains("tpool");
 *     }
 * }
 * }</pre>
 *
 * <p>Every boot costs ~10 s and Java under TCG starts in ~3 s: put all scenarios of a test class in
 * one script. Instances are immutable; the {@code with...} methods return changed copies.
 */
public final class Guest {

    /** Where the run folder's {@code out/} is in the guest (also {@code $JSOS_GUEST_OUT}). */
    public static final String OUT = "/jsos-guest/out";

    /** JVM flags for short runs under TCG: C1 only and the serial collector start fastest there. */
    public static final List<String> JAVA_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xshare:auto", "-XX:-UsePerfData");

    private final GuestKernel kernel;
    private final int memoryMiB;
    private final int cpus;
    private final Duration timeout;
    private final Map<String, String> env;

    private Guest(GuestKernel kernel, int memoryMiB, int cpus, Duration timeout, Map<String, String> env) {
        this.kernel = kernel;
        this.memoryMiB = memoryMiB;
        this.cpus = cpus;
        this.timeout = timeout;
        this.env = Map.copyOf(env);
    }

    /**
     * A guest with 1536 MiB, 2 vCPUs and a 5-minute limit, preparing the kernel on first use.
     * Skips the test when QEMU, busybox or the kernel package is unavailable; fails it under
     * {@code CI=true} (see {@link Real}).
     */
    public static Guest require() {
        Real.requireProgram("qemu-system-x86_64", "qemu-system-x86");
        Real.requireProgram("busybox", "busybox-static");
        try {
            return new Guest(GuestKernel.prepare(), 1536, 2, Duration.ofMinutes(5), Map.of());
        } catch (GuestUnavailable e) {
            Real.require(false, "guest kernel: " + e.getMessage());
            throw e; // not reached: require threw
        }
    }

    public Guest withMemoryMiB(int mib) {
        return new Guest(kernel, mib, cpus, timeout, env);
    }

    public Guest withCpus(int n) {
        return new Guest(kernel, memoryMiB, n, timeout, env);
    }

    /** How long the whole boot + script may take; QEMU is killed then, and the result says so. */
    public Guest withTimeout(Duration t) {
        return new Guest(kernel, memoryMiB, cpus, t, env);
    }

    /** An environment variable for the script. */
    public Guest withEnv(String name, String value) {
        Map<String, String> m = new LinkedHashMap<>(env);
        m.put(name, value);
        return new Guest(kernel, memoryMiB, cpus, timeout, m);
    }

    public GuestKernel kernel() {
        return kernel;
    }

    /** Runs a script held as a class path resource (e.g. next to the test class). */
    public GuestResult runResource(Class<?> anchor, String resource, Path runDir) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource + " next to " + anchor.getName());
            }
            return run(new String(in.readAllBytes(), StandardCharsets.UTF_8), runDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Boots the guest, runs the script with bash as root in it, powers it off.
     *
     * @param script bash script; its working folder is {@code $JSOS_GUEST_OUT}
     * @param runDir an empty (or absent) host folder for the run: {@code out/}, {@code script.log},
     *               {@code console.log}, {@code qemu.log}, {@code exit-status}
     */
    public GuestResult run(String script, Path runDir) {
        try {
            Files.createDirectories(runDir.resolve("out"));
            for (String stale : List.of("exit-status", "script.log", "console.log", "qemu.log")) {
                Files.deleteIfExists(runDir.resolve(stale));
            }
            Path share = runDir.toAbsolutePath();
            Files.writeString(share.resolve("guest.conf"), "GUEST_KERNEL=" + quote(kernel.version()) + "\n"
                    + "GUEST_MODULES=" + quote(kernel.modules().toAbsolutePath().toString()) + "\n");
            Files.writeString(share.resolve("script.sh"), script);
            Files.writeString(share.resolve("run.sh"), runner());
            long start = System.nanoTime();
            Process qemu = new ProcessBuilder(qemuCommand(share))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(share.resolve("qemu.log").toFile())
                    .start();
            boolean finished = qemu.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                qemu.destroyForcibly().waitFor();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            Path status = share.resolve("exit-status");
            int exit = Files.isRegularFile(status) ? Integer.parseInt(Files.readString(status).strip()) : -1;
            return new GuestResult(exit, !finished, took, share.resolve("out"), share.resolve("script.log"),
                    share.resolve("console.log"), share.resolve("qemu.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the guest", e);
        }
    }

    List<String> qemuCommand(Path share) {
        List<String> cmd = new ArrayList<>(List.of("qemu-system-x86_64",
                // Nested KVM hangs at early boot on the machines this runs on; TCG works everywhere.
                "-accel", "tcg,thread=multi", "-cpu", "max",
                "-m", Integer.toString(memoryMiB), "-smp", Integer.toString(cpus),
                "-display", "none", "-monitor", "none", "-nic", "none", "-no-reboot",
                "-serial", "file:" + share.resolve("console.log"),
                "-kernel", kernel.vmlinuz().toString(), "-initrd", kernel.initrd().toString(),
                // panic=-1 + -no-reboot: a dying /init ends QEMU at once instead of hanging until the timeout.
                "-append", "console=ttyS0 panic=-1 quiet mitigations=off",
                // multidevs=remap: the host's / spans several file systems; keeps inode numbers unique.
                "-virtfs", "local,path=/,mount_tag=jsoshost,security_model=none,readonly=on,multidevs=remap",
                "-virtfs", "local,path=" + share + ",mount_tag=jsosrun,security_model=none,multidevs=remap"));
        return cmd;
    }

    private String runner() {
        StringBuilder sb = new StringBuilder("# written by the jsos guest harness: the script's environment\n");
        Map<String, String> all = new LinkedHashMap<>();
        all.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        all.put("HOME", "/root");
        all.put("LC_ALL", "C");
        all.put("JSOS_GUEST_OUT", OUT);
        all.putAll(env);
        all.forEach((k, v) -> sb.append("export ").append(k).append('=').append(quote(v)).append('\n'));
        sb.append("cd \"$JSOS_GUEST_OUT\" || exit 125\n");
        sb.append("exec /bin/bash /jsos-guest/script.sh\n");
        return sb.toString();
    }

    /** The word quoted for sh (single quotes). */
    public static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /**
     * A command line that runs a main class in the guest on this JVM's class path (the host's /
     * is the guest's, so the same paths are valid there), with {@link #JAVA_FLAGS}.
     */
    public static String java(String mainClass, String... args) {
        List<String> words = new ArrayList<>();
        words.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        words.addAll(JAVA_FLAGS);
        words.add("-cp");
        words.add(System.getProperty("java.class.path"));
        words.add(mainClass);
        words.addAll(List.of(args));
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            sb.append(sb.length() == 0 ? "" : " ").append(w.startsWith("$") ? "\"" + w + "\"" : quote(w));
        }
        return sb.toString();
    }

    /**
     * A command line that runs one collector in the guest through {@link RunCollector}: its bundle
     * under {@code <outDir>/bundle}, its metrics under {@code <outDir>/metrics.json}; read both back
     * with {@link GuestResult#collector(String)}. {@code outDir} may start with {@code $JSOS_GUEST_OUT}.
     *
     * @param options collector options as {@code name=value}
     */
    public static String runCollector(String collector, String outDir, String... options) {
        List<String> args = new ArrayList<>(List.of(collector, outDir));
        args.addAll(List.of(options));
        return java(RunCollector.class.getName(), args.toArray(String[]::new));
    }

    /**
     * A command line that runs several collectors as {@link #runCollector} does, in one JVM (a JVM
     * start under TCG costs more than most collectors): each run is
     * {@code "<collector> <out-dir> [option=value...]"} (split on spaces), and each collector's
     * results land in its own out-dir. The command prints how long each took.
     */
    public static String runCollectors(String... runs) {
        List<String> args = new ArrayList<>();
        for (String run : runs) {
            if (!args.isEmpty()) {
                args.add("--");
            }
            args.addAll(List.of(run.trim().split(" +")));
        }
        return java(RunCollector.class.getName(), args.toArray(String[]::new));
    }

    /**
     * A command line that runs the real launcher ({@code bin/jsos}) of the checkout on its
     * already-built {@code agent/target/jsos.jar}, without rebuilding it and without training its
     * class-data archive: the guest's writes never reach the host's tree, so either would be
     * repeated, at TCG speed, on every boot.
     */
    public static String jsos(Path checkout, String... args) {
        StringBuilder sb = new StringBuilder("JSOS_SKIP_BUILD=1 JSOS_CDS=0 ");
        sb.append(quote(checkout.toAbsolutePath().resolve("bin/jsos").toString()));
        for (String a : args) {
            sb.append(' ').append(a.startsWith("$") ? "\"" + a + "\"" : quote(a));
        }
        return sb.toString();
    }
}
