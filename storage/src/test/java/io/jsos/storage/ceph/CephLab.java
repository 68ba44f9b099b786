package io.jsos.storage.ceph;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.storage.Proc;
import io.jsos.storage.StorageJson;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real single-node Ceph cluster for tests (src/test/resources/ceph/ceph-up.sh): daemons
 * started directly, state in a temporary folder, ports picked free. {@link #close()} resumes a
 * frozen monitor and stops every daemon it started, by pid, also after a failed test.
 */
final class CephLab implements AutoCloseable {

    final Path dir;
    final Path conf;
    final int monPort;
    private final List<Long> pids = new ArrayList<>();

    CephLab(Path dir) throws IOException {
        this.dir = dir;
        this.conf = dir.resolve("ceph.conf");
        this.monPort = freePortRange();
    }

    CephLab start() throws IOException, InterruptedException {
        Path script = dir.resolve("ceph-up.sh");
        try (InputStream in = CephLab.class.getResourceAsStream("/ceph/ceph-up.sh")) {
            Files.copy(in, script);
        }
        Proc.Out o = Proc.run(Map.of("C", dir.toString(), "MONPORT", String.valueOf(monPort)), List.of("bash", script.toString()), 180);
        rememberPids();
        if (o.exit() != 0) {
            throw new AssertionError("ceph-up.sh failed (" + o.exit() + "): " + o.stdout() + o.stderr());
        }
        return this;
    }

    /** Waits until the OSD is up, both pools exist and health is OK with every PG active+clean; the last status otherwise. */
    JsonNode awaitHealthy(long seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        JsonNode last = null;
        while (System.nanoTime() < end) {
            last = json("status");
            if (last != null && "HEALTH_OK".equals(last.at("/health/status").asText())
                    && last.at("/osdmap/num_up_osds").asInt() == 1
                    // the test's pool and the mgr's device_health_metrics: later PG changes would race the assertions
                    && last.at("/pgmap/num_pools").asInt() >= 2
                    && last.at("/pgmap/num_pgs").asInt() == count(last, "active+clean")) {
                return last;
            }
            Thread.sleep(1000);
        }
        return last;
    }

    private static int count(JsonNode status, String state) {
        for (JsonNode s : status.at("/pgmap/pgs_by_state")) {
            if (s.path("state_name").asText().equals(state)) {
                return s.path("count").asInt();
            }
        }
        return -1;
    }

    /** The test's own, independent ceph call. */
    JsonNode json(String... words) {
        List<String> argv = new ArrayList<>(List.of("ceph", "-c", conf.toString(), "--connect-timeout", "10", "-f", "json"));
        argv.addAll(List.of(words));
        Proc.Out o = Proc.run(Map.of(), argv, 30);
        try {
            return o.exit() == 0 ? StorageJson.parse(o.stdout()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    String ceph(String... words) {
        List<String> argv = new ArrayList<>(List.of("ceph", "-c", conf.toString(), "--connect-timeout", "10"));
        argv.addAll(List.of(words));
        return Proc.ok(Map.of(), argv.toArray(String[]::new));
    }

    long pid(String daemon) throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("run/" + daemon + ".pid")).strip());
    }

    void signal(String daemon, String sig) throws IOException {
        Proc.ok(Map.of(), "kill", "-" + sig, String.valueOf(pid(daemon)));
    }

    private void rememberPids() {
        for (String d : List.of("mon.a", "mgr.x", "osd.0")) {
            try {
                pids.add(pid(d));
            } catch (IOException | NumberFormatException e) {
                // not started
            }
        }
    }

    @Override
    public void close() {
        for (long p : pids) {
            Proc.run(Map.of(), List.of("kill", "-CONT", String.valueOf(p)), 5);
            ProcessHandle.of(p).ifPresent(ProcessHandle::destroy);
        }
        for (long p : pids) {
            ProcessHandle.of(p).ifPresent(h -> {
                try {
                    h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    h.destroyForcibly();
                }
            });
        }
    }

    /** A base port whose +0, +1 and +100..+199 are free now (other jobs may run Ceph on this machine). */
    private static int freePortRange() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 42000 + (int) ((ProcessHandle.current().pid() * 7 + attempt * 211L) % 80) * 200;
            if (free(base) && free(base + 1) && free(base + 100) && free(base + 150)) {
                return base;
            }
        }
        throw new IOException("no free port range for a test Ceph cluster");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
