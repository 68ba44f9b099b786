package io.jsos.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsos.testkit.FixtureHost;
import io.jsos.testkit.Real;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Findings end to end through the real launcher: {@code jsos collect} writes jsos/findings.json
 * and index.html into every bundle; {@code jsos inspect} and {@code jsos diff} read bundles as a
 * user would; index.html renders in headless Chromium with no network request and no console error.
 */
class FindingsEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String HUNG = "[Sun Nov 22 01:00:00 2026] INFO: task kworker/1:2:4321 blocked for more than 120 seconds.\n";
    static final String LOCKUP = "[Sun Nov 22 01:00:05 2026] watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [app:100]\n";

    @TempDir
    Path tmp;

    /** The leak node (secrets planted everywhere), with a hung task and a soft lockup in its kernel log. */
    private Path node(String name, String dmesg) {
        Path root = tmp.resolve(name);
        FixtureHost.in(root).loadResource("/fixtures/leak-node.fixture").command("dmesg", dmesg, 0);
        return root;
    }

    private Launcher.Run collect(Path root, String out, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("collect", "--host-root", root.toString(), "--out",
                tmp.resolve(out).toString(), "--only", "system,processes"));
        args.addAll(List.of(extra));
        Launcher.Run run = Launcher.run(tmp, args.toArray(String[]::new));
        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.stderr()).doesNotContain("could not write the findings");
        return run;
    }

    @Test
    void everyBundleHasFindingsJsonAndIndexHtmlAndInspectShowsThem() throws Exception {
        Launcher.Run run = collect(node("n", HUNG + LOCKUP), "out");
        BundleFiles b = BundleFiles.open(run.bundle());
        JsonNode doc = b.json("jsos/findings.json");
        assertThat(doc.get("counts").get("critical").asInt()).isEqualTo(1);
        assertThat(doc.get("findings").findValuesAsText("id")).containsExactly("system.soft-lockup", "system.hung-task");
        assertThat(doc.get("collectors").findValuesAsText("status")).containsOnly("ok", "skipped");
        assertThat(doc.get("thresholds").has("storage.thin-pool-full.warning")).isTrue();
        String html = b.text("index.html");
        assertThat(html).contains("soft lockup", "blocked for more than 120 seconds", "href=\"sos_commands/system/dmesg\"")
                .doesNotContain("<script", "http://", "https://");
        // Redacted like every other file: the fixture's host name never appears, its token does.
        assertThat(html).doesNotContain("db7").contains("host-1");

        Launcher.Run inspect = Launcher.run(tmp, "inspect", run.bundle().toString());
        assertThat(inspect.exit()).as(inspect.stderr()).isEqualTo(1); // a critical finding
        assertThat(inspect.stdout()).contains("jsos bundle", "CRITICAL", "lockup/RCU stall",
                "[system.hung-task]", "Collectors:").doesNotContain("\u001b[");
        Launcher.Run json = Launcher.run(tmp, "inspect", "--json", run.bundle().toString());
        JsonNode j = JSON.readTree(json.stdout());
        assertThat(j.get("kind").asText()).isEqualTo("jsos");
        assertThat(j.get("findings").findValuesAsText("id")).containsExactly("system.soft-lockup", "system.hung-task");

        Launcher.Run tuned = Launcher.run(tmp, "inspect", "-t", "no.such.key=1", run.bundle().toString());
        assertThat(tuned.exit()).isEqualTo(2);
        assertThat(tuned.stderr()).contains("unknown threshold 'no.such.key'");
    }

    @Test
    void diffOfTwoBundlesOfOneNodeNamesTheNewProblem() throws Exception {
        Path root = node("n", "[0.0] Linux version 6.1.0\n");
        Launcher.Run before = collect(root, "a");
        FixtureHost.in(root).command("dmesg", "[0.0] Linux version 6.1.0\n" + HUNG, 0)
                .file("/etc/resolv.conf", "nameserver 10.0.0.53\n");
        Path map = Path.of(before.bundle() + ".map.json");
        Launcher.Run after = collect(root, "b", "--map", map.toString());

        Launcher.Run same = Launcher.run(tmp, "diff", before.bundle().toString(), before.bundle().toString());
        assertThat(same.exit()).as(same.stdout() + same.stderr()).isZero();

        Launcher.Run diff = Launcher.run(tmp, "diff", "--json", before.bundle().toString(), after.bundle().toString());
        assertThat(diff.exit()).as(diff.stderr()).isEqualTo(1);
        JsonNode d = JSON.readTree(diff.stdout());
        assertThat(d.get("findings").get("appeared").findValuesAsText("id")).containsExactly("system.hung-task");
        assertThat(d.get("findings").get("resolved")).isEmpty();
        // Only resolv.conf changed on the node; other etc/ files may differ in their redacted form only
        // (a reused map can tokenise a word the first run left alone), which the diff shows as it is.
        assertThat(d.get("configFiles").findValuesAsText("path")).as(d.get("configFiles").toString()).contains("etc/resolv.conf");
        assertThat(d.get("configFiles").findValues("diff").toString()).contains("+nameserver ").doesNotContain("10.0.0.53");
    }

    @Test
    void inspectOnAnSosReportSaysWhatItIs() throws Exception {
        Path sos = tmp.resolve("sosreport-web1-2026-11-21-abcdef.tar.gz");
        try (OutputStream raw = Files.newOutputStream(sos); GZIPOutputStream gz = new GZIPOutputStream(raw);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            for (String[] e : List.of(new String[]{"hostname", "web1\n"}, new String[]{"version.txt", "sosreport: 4.5.6\n"},
                    new String[]{"sos_commands/kernel/uname_-a", "Linux web1 5.14.0\n"}, new String[]{"sos_logs/sos.log", "x\n"})) {
                byte[] body = e[1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry t = new TarArchiveEntry("sosreport-web1-2026-11-21-abcdef/" + e[0]);
                t.setSize(body.length);
                tar.putArchiveEntry(t);
                tar.write(body);
                tar.closeArchiveEntry();
            }
        }
        Launcher.Run run = Launcher.run(tmp, "inspect", sos.toString());
        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("This is an sos report", "web1", "kernel").doesNotContain("no rule found a problem");
        Launcher.Run diff = Launcher.run(tmp, "diff", sos.toString(), sos.toString());
        assertThat(diff.exit()).isEqualTo(3);
        assertThat(diff.stderr()).contains("an sos report");
    }

    @Test
    @Tag("real")
    void inspectOnABundleOfThisMachine() throws Exception {
        Real.requireRoot();
        Launcher.Run run = Launcher.run(tmp, "collect", "--out", tmp.resolve("real").toString(), "--only", "system,processes,cgroups");
        assertThat(run.exit()).as(run.stderr()).isZero();
        Launcher.Run inspect = Launcher.run(tmp, "inspect", run.bundle().toString());
        assertThat(inspect.exit()).as(inspect.stderr()).isIn(0, 1);
        assertThat(inspect.stdout()).contains("jsos bundle", "kernel", "Findings:", "Collectors:")
                .containsPattern("system +ok").containsPattern("cgroups +ok").containsPattern("processes +ok");
        JsonNode j = JSON.readTree(Launcher.run(tmp, "inspect", "--json", run.bundle().toString()).stdout());
        assertThat(j.get("host").get("kernel").asText()).isEqualTo(
                Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim() + " (" + System.getProperty("os.arch") + ")");
    }

    @Test
    @Tag("real")
    void indexHtmlRendersInHeadlessChromiumWithoutNetworkOrConsoleErrors() throws Exception {
        Real.requireProgram("chromium", "chromium");
        Launcher.Run run = collect(node("n", HUNG + LOCKUP), "out", "--format", "dir");
        Path index = run.bundle().resolve("index.html");
        assertThat(index).exists();
        Path shot = Files.createDirectories(Path.of("target", "screenshots")).resolve("index-html.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        HeadlessChromium.PageReport page;
        try (HeadlessChromium chromium = HeadlessChromium.start(tmp.resolve("chromium-profile"))) {
            page = chromium.open(index, shot);
        }
        assertThat(page.requests()).as("network requests").containsOnly(index.toUri().toString());
        assertThat(page.consoleErrors()).as("console errors").isEmpty();
        assertThat(page.text()).contains("Findings", "1 critical", "soft lockup", "hung-task", "Next:", "Collectors");
        assertThat(Files.size(shot)).isGreaterThan(10_000);
        byte[] png = Files.readAllBytes(shot);
        assertThat(new String(png, 1, 3, StandardCharsets.ISO_8859_1)).isEqualTo("PNG");
    }
}
