package io.jsos.perf;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.jsos.testkit.Real;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** EACCES and EMFILE from the real kernel: an unprivileged child, and a lowered fd limit. */
@Tag("real")
class PerfLimitsRealTest {

    @TempDir
    Path tmp;

    interface LibC extends Library {
        int getrlimit(int resource, long[] rlim);

        int setrlimit(int resource, long[] rlim);
    }

    static final int RLIMIT_NOFILE = 7;

    @Test
    void emfileFromTheKernelIsAStatusNotACrash() throws Exception {
        PerfSys sys = PerfRealTest.sys();
        LibC libc = Native.load("c", LibC.class);
        List<PerfEvent> ev = CounterGroupTest.events("task-clock", "context-switches", "cpu-migrations", "page-faults", "minor-faults");
        // Load and warm up everything first: with the limit lowered no class or jar may need a new fd.
        try (CounterGroup g = CounterGroup.open(sys, ev, new CounterGroup.Target(0, -1, 0, "self"), 0, new FdBudget(16), Map.of())) {
            g.read();
        }
        EventStatus.fromErrno(EventStatus.EMFILE, "software", "self").toString();
        long[] old = new long[2];
        assertThat(libc.getrlimit(RLIMIT_NOFILE, old)).isZero();
        int highest = highestFd();
        CounterGroup g;
        try {
            // fds are allocated lowest-first; the limit bounds the fd *number*, so allow two above the highest open one
            assertThat(libc.setrlimit(RLIMIT_NOFILE, new long[] {highest + 3, old[1]})).isZero();
            g = CounterGroup.open(sys, ev, new CounterGroup.Target(0, -1, 0, "self"), 0, new FdBudget(16), Map.of());
        } finally {
            libc.setrlimit(RLIMIT_NOFILE, old);
        }
        try (g) {
            Map<String, EventStatus> byName = new HashMap<>();
            g.statuses().forEach((e, s) -> byName.put(e.name(), s));
            System.out.println("with RLIMIT_NOFILE " + (highest + 3) + ": " + byName);
            assertThat(byName.values()).anySatisfy(s -> {
                assertThat(s.state()).isEqualTo(EventStatus.State.TOO_MANY_FILES);
                assertThat(s.errno()).isEqualTo(EventStatus.EMFILE);
            });
            assertThat(g.counting()).isTrue(); // what opened still counts
            assertThat(g.read()).isNotEmpty();
        }
    }

    static int highestFd() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.mapToInt(p -> Integer.parseInt(p.getFileName().toString())).max().orElse(0);
        }
    }

    @Test
    void eaccesForAnUnprivilegedUser() throws Exception {
        Real.requireRoot();
        PerfRealTest.sys();
        Real.requireProgram("setpriv", "util-linux");
        Integer paranoid = PerfHost.readInt(PerfRealTest.HOST, PerfHost.PARANOID);
        Real.require(paranoid != null && paranoid >= 1, "perf_event_paranoid >= 1 (it is " + paranoid + ")");
        // A classpath nobody can read: this module's classes, the test probe, JNA and the plugin API.
        Path cp = Files.createDirectories(tmp.resolve("cp"));
        List<String> entries = new ArrayList<>();
        for (Class<?> c : List.of(CounterGroup.class, PerfProbe.class, Native.class, io.jsos.api.Host.class)) {
            Path src = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dst = cp.resolve(entries.size() + (Files.isDirectory(src) ? "" : ".jar"));
            copy(src, dst);
            entries.add(dst.toString());
        }
        openUp(tmp);
        String java = ProcessHandle.current().info().command().orElse("java");
        Map<String, String[]> out = new HashMap<>();
        for (String target : List.of("system", "self-user")) {
            Process p = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--inh-caps=-all", "--bounding-set=-all", java, "-Xshare:off", "-cp", String.join(":", entries),
                    "io.jsos.perf.PerfProbe", target).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(text).isZero();
            System.out.println("as nobody, " + target + ":\n" + text);
            for (String line : text.split("\n")) {
                String[] f = line.split("\t");
                if (f.length >= 3) {
                    out.put(target + " " + f[0], f);
                }
            }
        }
        String[] sys = out.get("system task-clock");
        assertThat(sys).as(out.keySet().toString()).isNotNull();
        assertThat(sys[1]).isEqualTo("NOT_PERMITTED");
        assertThat(sys[2]).isIn("13", "1"); // EACCES (EPERM on some kernels)
        assertThat(out.get("self-user task-clock")[1]).isEqualTo("SUPPORTED");
    }

    private static void copy(Path src, Path dst) throws IOException {
        if (!Files.isDirectory(src)) {
            Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try (Stream<Path> walk = Files.walk(src)) {
            for (Path p : walk.toList()) {
                Path d = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(d);
                } else {
                    Files.copy(p, d, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void openUp(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        // the temp dir's parents must be traversable too (JUnit's @TempDir lives under /tmp)
        for (Path p = root.getParent(); p != null && !p.toString().equals("/tmp") && !p.toString().equals("/"); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
