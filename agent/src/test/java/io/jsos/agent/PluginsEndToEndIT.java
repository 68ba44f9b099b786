package io.jsos.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.api.ApiVersion;
import io.jsos.testkit.FixtureHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.jsos.agent.TestPlugins.collector;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example vendor plugin (plugins/example, built by the reactor before the agent) dropped into a
 * plugin folder, as a vendor's customer would, then the real launcher: {@code jsos list},
 * {@code jsos collect} and {@code jsos serve} over a fixture node with a fake raidctl. Then the same
 * folder with broken plugins beside it: each is reported, none harms the example or the bundle.
 */
class PluginsEndToEndIT {

    @TempDir
    Path tmp;

    /** The jar the reactor built from plugins/example. */
    static Path exampleJar() throws Exception {
        Path target = Launcher.home().resolve("plugins/example/target");
        try (Stream<Path> s = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            return s.filter(p -> p.getFileName().toString().matches("jsos-example-plugin-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no example plugin jar in " + target
                            + ": build it first (mvn -pl agent -am verify builds plugins/example before the agent)"));
        }
    }

    private Path raidNode() {
        Path root = tmp.resolve("node");
        FixtureHost.in(root).load(Launcher.home().resolve("plugins/example/src/test/resources/fixtures/raid-node.fixture"))
                .loadResource("/fixtures/sd-node.fixture");
        return root;
    }

    private Path pluginDir() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("plugins"));
        Files.copy(exampleJar(), dir.resolve("acme-raid.jar"), StandardCopyOption.REPLACE_EXISTING);
        return dir;
    }

    @Test
    void theExamplePluginsFilesAreInTheBundleAndItsSeriesOnMetrics() throws Exception {
        Path root = raidNode();
        Path plugins = pluginDir();
        Path jar = plugins.resolve("acme-raid.jar");

        Launcher.Run list = Launcher.run(tmp, "list", "--host-root", root.toString(), "--plugin-dir", plugins.toString());
        assertThat(list.exit()).as(list.stderr()).isZero();
        assertThat(list.stdout()).containsPattern("raid\\s+yes\\s+plugin\\s+\\S*\\d\\S*\\s+raidctl found")
                .contains("from " + jar + " (plugin API " + ApiVersion.CURRENT + ")")
                .containsPattern("system\\s+yes\\s+built-in");

        Launcher.Run run = Launcher.run(tmp, "collect", "--host-root", root.toString(), "--plugin-dir", plugins.toString(),
                "--out", tmp.resolve("out").toString(), "--only", "raid,system");
        assertThat(run.exit()).as(run.stderr()).isZero();
        BundleFiles b = BundleFiles.open(run.bundle());
        assertThat(b.text("etc/raidctl.conf")).contains("poll_interval = 60");
        assertThat(b.everything()).doesNotContain("Adm1nRa1dSecret").doesNotContain("9f8e7d6c5b4a39281706f5e4d3c2b1a0");
        assertThat(b.text("sos_commands/raid/status.json")).contains("\"controllers\"");
        assertThat(b.text("sos_commands/raid/summary")).contains("degraded");
        assertThat(b.json("jsos/raid.json").at("/controllers/0/disks/5/media_errors").asInt()).isEqualTo(118);
        JsonNode manifest = b.json("manifest.json");
        JsonNode raid = entry(manifest, "raid");
        assertThat(raid.get("status").asText()).isEqualTo("ok");
        assertThat(raid.get("origin").asText()).isEqualTo(jar.toString());
        assertThat(raid.get("version").asText()).as("the jar's Implementation-Version").isNotBlank();
        assertThat(entry(manifest, "system").has("version")).as("built-ins have no plugin version").isFalse();
        JsonNode loaded = manifest.at("/plugins/loaded/0");
        assertThat(loaded.get("collector").asText()).isEqualTo("raid");
        assertThat(loaded.get("apiVersion").asText()).isEqualTo(ApiVersion.CURRENT);
        assertThat(manifest.at("/plugins/apiVersion").asText()).isEqualTo(ApiVersion.CURRENT);
        assertThat(manifest.at("/plugins/skipped")).isEmpty();

        try (ServeProcess serve = ServeProcess.start(tmp, List.of(), "--host-root", root.toString(),
                "--plugin-dir", plugins.toString(), "--collectors", "raid,system")) {
            String metrics = get(serve.url + "metrics");
            assertThat(metrics).contains("raid_volume_state{controller=\"0\",state=\"degraded\",volume=\"data\"} 1.0")
                    .contains("raid_disk_media_errors_total{controller=\"0\",slot=\"5\"} 118.0")
                    .contains("raid_cli_success 1.0")
                    .contains("jsos_scrape_collector_success{collector=\"raid\"} 1.0")
                    .contains("node_load1");
        }
    }

    @Test
    void brokenPluginsAreEachReportedAndHarmNeitherTheExampleNorTheBundle() throws Exception {
        Path root = raidNode();
        FixtureHost.in(root).commandScript("hang", "#!/bin/sh\nexec sleep 100000\n")
                .command("uname", "Linux raid-node-7 6.1.0-26-amd64 x86_64 GNU/Linux\n", 0);
        Path plugins = pluginDir();
        TestPlugins.jar(plugins, "bad-service.jar", Map.of("v.Listed", collector("v", "Listed", "listed", "", "")),
                new TestPlugins.Spec("v.Listed\nv.NotInTheJar\n", null, null));
        TestPlugins.jar(plugins, "newer-api.jar", Map.of("v.Newer", collector("v", "Newer", "newer", "",
                        "public String apiVersion() { return ApiVersion.CURRENT; }")),
                new TestPlugins.Spec(null, null, ApiVersion.MAJOR + "." + (ApiVersion.MINOR + 1)));
        TestPlugins.jar(plugins, "ctor-throws.jar", Map.of("v.Ctor", collector("v", "Ctor", "ctor", "",
                "public Ctor() { throw new IllegalStateException(\"no licence\"); }")));
        TestPlugins.jar(plugins, "hangs.jar", Map.of("v.Hang", collector("v", "Hang", "hang",
                "ctx.bundle().command(Command.of(\"hang\").timeout(java.time.Duration.ofHours(1)));", "")));
        TestPlugins.jar(plugins, "throws.jar", Map.of("v.Boom", collector("v", "Boom", "boom",
                "ctx.bundle().text(\"partial\", \"written before the failure\"); "
                        + "throw new IllegalStateException(\"planted failure\");", "")));
        TestPlugins.jar(plugins, "escapes.jar", Map.of("v.Escape", collector("v", "Escape", "escape",
                "ctx.bundle().text(\"../system/uname_-a\", \"overwritten by escape\"); "
                        + "ctx.bundle().text(\"../../manifest.json\", \"{}\"); "
                        + "ctx.bundle().text(\"/etc/passwd\", \"x\"); "
                        + "ctx.bundle().command(\"../../../../escaped\", Command.of(\"uname\", \"-a\")); "
                        + "ctx.bundle().text(\"own-file\", \"mine\");", "")));

        Launcher.Run run = Launcher.run(tmp, "collect", "--host-root", root.toString(), "--plugin-dir", plugins.toString(),
                "--out", tmp.resolve("out").toString(), "--only", "raid,system,hang,boom,escape,listed",
                "--collector-timeout", "3s", "--timeout", "20s");
        assertThat(run.exit()).as("some collectors failed or timed out; stderr %s", run.stderr()).isEqualTo(1);
        assertThat(run.stderr()).contains("plugin skipped").contains("bad-service.jar").contains("newer-api.jar")
                .contains("ctor-throws.jar");
        BundleFiles b = BundleFiles.open(run.bundle());
        JsonNode manifest = b.json("manifest.json");
        assertThat(entry(manifest, "raid").get("status").asText()).isEqualTo("ok");
        assertThat(entry(manifest, "system").get("status").asText()).isEqualTo("ok");
        assertThat(entry(manifest, "listed").get("status").asText()).as("the good entry of a bad service file").isEqualTo("ok");
        assertThat(entry(manifest, "hang").get("status").asText()).isEqualTo("timed_out");
        assertThat(entry(manifest, "boom").get("status").asText()).isEqualTo("failed");
        assertThat(entry(manifest, "boom").get("reason").asText()).contains("planted failure");
        assertThat(b.text("sos_commands/boom/partial")).as("what it wrote before failing is kept").contains("before the failure");
        JsonNode escape = entry(manifest, "escape");
        assertThat(escape.get("status").asText()).isEqualTo("ok");
        assertThat(escape.get("errors").toString()).contains("refused to write '../system/uname_-a'")
                .contains("refused to write '../../manifest.json'").contains("refused to write '/etc/passwd'")
                .contains("refused to write '../../../../escaped'");
        assertThat(b.text("sos_commands/escape/own-file")).isEqualTo("mine");
        assertThat(b.text("sos_commands/system/uname_-a")).contains("GNU/Linux").doesNotContain("overwritten by escape");
        assertThat(b.files().keySet()).noneMatch(p -> p.endsWith("escaped")).allMatch(p -> p.startsWith(b.top() + "/"));
        assertThat(manifest.get("schemaVersion").asInt()).as("the manifest is jsos's own").isEqualTo(1);
        assertThat(b.json("jsos/raid.json").at("/controllers/0/volumes/1/state").asText()).isEqualTo("degraded");

        List<String> skipped = new ArrayList<>();
        manifest.at("/plugins/skipped").forEach(s -> skipped.add(s.get("source").asText() + ": " + s.get("reason").asText()));
        assertThat(skipped).anyMatch(s -> s.contains("bad-service.jar") && s.contains("v.NotInTheJar"))
                .anyMatch(s -> s.contains("newer-api.jar") && s.contains("newer than the API " + ApiVersion.CURRENT))
                .anyMatch(s -> s.contains("ctor-throws.jar") && s.contains("no licence"))
                .hasSize(3);
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains("sleep 100000")))
                .as("the hung command's process tree was killed").isEmpty();

        // The exporter with the same folder: the skipped plugins are logged, the example's series are there.
        try (ServeProcess serve = ServeProcess.start(tmp, List.of(), "--host-root", root.toString(),
                "--plugin-dir", plugins.toString())) {
            String metrics = get(serve.url + "metrics");
            assertThat(metrics).contains("raid_cli_success 1.0")
                    .contains("jsos_scrape_collector_success{collector=\"raid\"} 1.0");
            assertThat(serve.log()).contains("plugin skipped").contains("newer-api.jar").contains("ctor-throws.jar")
                    .contains("bad-service.jar");
        }

        Launcher.Run list = Launcher.run(tmp, "list", "--host-root", root.toString(), "--plugin-dir", plugins.toString());
        assertThat(list.exit()).isZero();
        assertThat(list.stdout()).contains("skipped plugin " + plugins.resolve("newer-api.jar"))
                .contains("skipped plugin " + plugins.resolve("ctor-throws.jar"))
                .contains("skipped plugin " + plugins.resolve("bad-service.jar"))
                .containsPattern("raid\\s+yes\\s+plugin");
    }

    @Test
    void aConfigFileProfileRunsItsCollectorsAndWarnsAboutAbsentOnes() throws Exception {
        Path root = raidNode();
        Path plugins = pluginDir();
        Path config = Files.writeString(tmp.resolve("jsos.yaml"), "plugin-dirs: [" + plugins + "]\n"
                + "profiles:\n"
                + "  vendor:\n"
                + "    description: what Acme support asks for\n"
                + "    collectors: [system, raid, acme-nic]\n"
                + "collectors:\n"
                + "  raid:\n"
                + "    cli-timeout: 4s\n"
                + "collect:\n"
                + "  profile: vendor\n"
                + "  format: gz\n");
        Launcher.Run run = Launcher.run(tmp, "collect", "--config", config.toString(), "--host-root", root.toString(),
                "--out", tmp.resolve("out").toString());
        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.bundle().toString()).as("format from the file").endsWith(".tar.gz");
        assertThat(run.stderr()).contains("warning: profile vendor names collector 'acme-nic'");
        JsonNode manifest = BundleFiles.open(run.bundle()).json("manifest.json");
        assertThat(entry(manifest, "raid").get("status").asText()).isEqualTo("ok");
        assertThat(entry(manifest, "processes").get("status").asText()).isEqualTo("skipped");
        assertThat(entry(manifest, "processes").get("reason").asText()).isEqualTo("not in profile vendor");
        assertThat(manifest.get("warnings").toString()).contains("acme-nic");
        assertThat(manifest.at("/options/config").asText()).isEqualTo(config.toString());

        // The command line wins: --only replaces the file's profile, --format its format.
        Launcher.Run cli = Launcher.run(tmp, "collect", "--config", config.toString(), "--host-root", root.toString(),
                "--out", tmp.resolve("out2").toString(), "--only", "system", "--format", "zst");
        assertThat(cli.exit()).as(cli.stderr()).isZero();
        assertThat(cli.bundle().toString()).endsWith(".tar.zst");
        assertThat(entry(BundleFiles.open(cli.bundle()).json("manifest.json"), "raid").get("reason").asText())
                .isEqualTo("not in --only");

        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "collect:\n  profile: vendr\n");
        Launcher.Run err = Launcher.run(tmp, "collect", "--config", bad.toString(), "--out", tmp.resolve("out3").toString());
        assertThat(err.exit()).isEqualTo(2);
        assertThat(err.stderr()).contains(bad + ":2:").contains("unknown profile 'vendr'").contains("storage");
    }

    static String get(String url) throws Exception {
        HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static JsonNode entry(JsonNode manifest, String name) {
        for (JsonNode c : manifest.get("collectors")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no collector " + name + " in the manifest");
    }
}
