package io.jsos.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.testkit.FixtureHost;
import io.jsos.testkit.Real;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real launcher, run as a user runs it, and the bundle it writes opened and checked. */
class CollectEndToEndIT {

    @TempDir
    Path tmp;

    @Test
    @Tag("real")
    void collectsThisMachineIncludingTheThreadsOfAProcessTheTestStarted() throws Exception {
        Real.requireProgram("python3", "python3");
        // A process with several threads, so the thread table must list each of them.
        Process workload = new ProcessBuilder("python3", "-c",
                "import threading,time\n"
                        + "[threading.Thread(target=time.sleep,args=(120,),daemon=True).start() for _ in range(3)]\n"
                        + "time.sleep(120)\n").start();
        try {
            long pid = workload.pid();
            List<String> tids = waitForThreads(pid, 4);
            Launcher.Run run = Launcher.run(tmp, "collect", "--out", tmp.resolve("out").toString(), "--only", "system,processes");
            assertThat(run.exit()).as("exit code; stderr: %s", run.stderr()).isZero();
            Path bundle = run.bundle();
            assertThat(bundle.getFileName().toString()).matches("jsos-[A-Za-z0-9._-]+-\\d{8}T\\d{6}Z\\.tar\\.zst");
            assertThat(Files.getPosixFilePermissions(bundle)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            Path sha = Path.of(bundle + ".sha256");
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(bundle)));
            assertThat(Files.readString(sha)).isEqualTo(expected + "  " + bundle.getFileName() + "\n");
            assertThat(Files.getPosixFilePermissions(Path.of(bundle + ".map.json"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));

            BundleFiles b = BundleFiles.open(bundle);
            assertThat(b.files().keySet()).allMatch(p -> p.startsWith(b.top() + "/"));
            JsonNode manifest = b.json("manifest.json");
            assertThat(status(manifest, "system")).isEqualTo("ok");
            assertThat(status(manifest, "processes")).isEqualTo("ok");
            assertThat(manifest.get("schemaVersion").asInt()).isEqualTo(1);
            assertThat(b.has("proc/meminfo")).isTrue();
            assertThat(b.has("jsos/system.json")).isTrue();

            JsonNode threads = b.json("jsos/processes.json").get("threads");
            List<String> found = new ArrayList<>();
            for (JsonNode t : threads) {
                if (t.get("pid").asLong() == pid) {
                    found.add(t.get("tid").asText());
                }
            }
            assertThat(found).containsExactlyInAnyOrderElementsOf(tids);
            String table = b.text("sos_commands/processes/ps-eLf");
            for (String tid : tids) {
                assertThat(table).containsPattern("\\b" + pid + "\\b.*\\b" + tid + "\\b");
            }
        } finally {
            workload.destroyForcibly();
        }
    }

    @Test
    @Tag("real")
    void theBundleOpensWithTheSystemsOwnTarInEveryFormat() throws Exception {
        Real.requireProgram("tar", "tar");
        Real.requireProgram("zstd", "zstd");
        Real.requireProgram("xz", "xz-utils");
        for (String format : List.of("zst", "gz", "xz")) {
            Path out = tmp.resolve("fmt-" + format);
            Launcher.Run run = Launcher.run(tmp, "collect", "--out", out.toString(), "--only", "system", "--format", format);
            assertThat(run.exit()).as(run.stderr()).isZero();
            Path bundle = run.bundle();
            assertThat(bundle.toString()).endsWith(".tar." + format);
            Path unpacked = Files.createDirectories(tmp.resolve("unpacked-" + format));
            Process tar = new ProcessBuilder("tar", "-xaf", bundle.toString(), "-C", unpacked.toString()).inheritIO().start();
            assertThat(tar.waitFor()).isZero();
            try (var s = Files.list(unpacked)) {
                Path top = s.findFirst().orElseThrow();
                assertThat(top.resolve("manifest.json")).isRegularFile();
                assertThat(top.resolve("sos_commands/system/uname_-a")).isRegularFile();
            }
        }
        Launcher.Run dir = Launcher.run(tmp, "collect", "--out", tmp.resolve("fmt-dir").toString(), "--only", "system", "--format", "dir");
        assertThat(dir.exit()).isZero();
        assertThat(dir.bundle().resolve("manifest.json")).isRegularFile();
    }

    @Test
    void aFixtureNodeWithDStateThreadsAndAPasswordOnACommandLine() throws Exception {
        Path root = tmp.resolve("node");
        FixtureHost.in(root).loadResource("/fixtures/sd-node.fixture");
        Launcher.Run run = Launcher.run(tmp, "collect", "--host-root", root.toString(), "--out", tmp.resolve("out").toString(),
                "--only", "processes,system");
        assertThat(run.exit()).as(run.stderr()).isZero();
        BundleFiles b = BundleFiles.open(run.bundle());

        JsonNode threads = b.json("jsos/processes.json").get("threads");
        assertThat(threads.get(0).get("tid").asInt()).as("the D-state thread comes first").isEqualTo(101);
        assertThat(threads.get(0).get("state").asText()).isEqualTo("D");
        String table = b.text("sos_commands/processes/ps-eLf");
        List<String> rows = table.lines().skip(1).toList();
        assertThat(rows.get(0)).contains("101").contains("io_schedule");
        assertThat(b.text("sos_commands/processes/d-state-threads")).contains("io_schedule").contains("nfs_file_fsync");
        // The bad input is recorded, nothing else is lost: the processes around it are all there.
        List<Integer> pids = new ArrayList<>();
        threads.forEach(t -> pids.add(t.get("pid").asInt()));
        assertThat(pids).contains(1, 100, 200, 500, 600);
        assertThat(b.json("jsos/processes.json").get("vanished").asInt()).as("pid 400 vanished mid-read").isEqualTo(1);
        JsonNode errors = entry(b.json("manifest.json"), "processes").get("errors");
        assertThat(errors.toString()).contains("/proc/300/task/300/stat: unparseable")
                .contains("/proc/600/cmdline: too many levels of symbolic links");
        assertThat(threads.toString()).as("the non-UTF-8 command line is kept, decoded with replacement").contains("/opt/caf");

        String all = b.everything();
        assertThat(all).doesNotContain("Hunter2Secret");
        assertThat(all.toLowerCase()).doesNotContain("fixture-node").doesNotContain("corp.example.net");
        assertThat(all).doesNotContain("10.20.30.40");
        assertThat(run.bundle().getFileName().toString()).doesNotContain("fixture-node");
        Map<String, String> map = new com.fasterxml.jackson.databind.ObjectMapper().readValue(Path.of(run.bundle() + ".map.json").toFile(), new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { });
        assertThat(map.values()).contains("10.20.30.40");
        assertThat(map.values().toString()).doesNotContain("Hunter2Secret");
    }

    @Test
    void aHangingAndAThrowingCollectorAreRecordedAndTheBundleIsStillWritten() throws Exception {
        Path root = tmp.resolve("node");
        FixtureHost.in(root).loadResource("/fixtures/sd-node.fixture")
                .commandScript("hang", "#!/bin/sh\nexec sleep 100000\n");
        Path plugins = tmp.resolve("plugins");
        TestPlugins.jar(plugins, "vendor-test.jar", Map.of(
                "vendor.test.HangCollector", collector("HangCollector", "hang",
                        "ctx.bundle().command(io.jsos.api.Command.of(\"hang\").timeout(java.time.Duration.ofHours(1)));"),
                "vendor.test.BoomCollector", collector("BoomCollector", "boom",
                        "throw new IllegalStateException(\"planted failure\");")));
        Launcher.Run run = Launcher.run(tmp, "collect", "--host-root", root.toString(), "--plugin-dir", plugins.toString(),
                "--out", tmp.resolve("out").toString(), "--only", "hang,boom,system", "--timeout", "4s");
        assertThat(run.exit()).as("exit code 1: some collectors failed or timed out; stderr %s", run.stderr()).isEqualTo(1);
        assertThat(run.took().toSeconds()).as("the run ends at its --timeout, not when the hang ends").isLessThan(30);
        JsonNode manifest = BundleFiles.open(run.bundle()).json("manifest.json");
        assertThat(status(manifest, "hang")).isEqualTo("timed_out");
        assertThat(status(manifest, "boom")).isEqualTo("failed");
        assertThat(entry(manifest, "boom").get("reason").asText()).contains("planted failure");
        assertThat(entry(manifest, "boom").get("origin").asText()).endsWith("vendor-test.jar");
        assertThat(status(manifest, "system")).isEqualTo("ok");
        assertThat(manifest.get("summary").get("timed_out").asInt()).isEqualTo(1);
        // No orphaned hang: the process tree of the abandoned command was killed.
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains("sleep 100000")))
                .isEmpty();
    }

    @Test
    void usageErrorsExitTwoAndNameTheValidChoices() throws Exception {
        Launcher.Run run = Launcher.run(tmp, "collect", "--only", "nosuch");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.stderr()).contains("unknown collector 'nosuch'").contains("processes").contains("system");
        Launcher.Run fmt = Launcher.run(tmp, "collect", "--format", "rar");
        assertThat(fmt.exit()).isEqualTo(2);
        assertThat(fmt.stderr()).contains("zst, gz, xz, dir");
    }

    @Test
    void helpTeachesEveryCommandAndListShowsWhy() throws Exception {
        Launcher.Run help = Launcher.run(tmp, "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.stdout()).contains("collect").contains("list").contains("Exit codes");
        Launcher.Run collectHelp = Launcher.run(tmp, "collect", "--help");
        assertThat(collectHelp.stdout()).contains("--only").contains("--timeout").contains("--host-root").contains("--no-redact");
        Launcher.Run list = Launcher.run(tmp, "list", "--options");
        assertThat(list.exit()).isZero();
        assertThat(list.stdout()).contains("system").contains("processes").contains("yes");
    }

    private static String collector(String cls, String name, String body) {
        return TestPlugins.collector("vendor.test", cls, name, body, "");
    }

    private static JsonNode entry(JsonNode manifest, String name) {
        for (JsonNode c : manifest.get("collectors")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no collector " + name + " in the manifest");
    }

    private static String status(JsonNode manifest, String name) {
        return entry(manifest, name).get("status").asText();
    }

    private static List<String> waitForThreads(long pid, int count) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            String[] names = Path.of("/proc", Long.toString(pid), "task").toFile().list();
            if (names != null && names.length >= count) {
                return List.of(names);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("the workload never had " + count + " threads");
    }
}
