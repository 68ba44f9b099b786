package io.jsos.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsos.testkit.FixtureHost;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leak test: a fixture node with secrets and identities planted in every place the built-in
 * collectors read (leak-node.fixture), a full {@code jsos collect --host-root} of it through the real
 * launcher, and the whole bundle searched for every planted value, raw, base64- and URL-encoded:
 * none may be found. The same test proves the files were collected (the manifest lists them with
 * their size, and their non-secret content is in the bundle), so "0 found" is not "0 collected".
 */
class LeakIT {

    /** Every secret planted in leak-node.fixture. */
    static final List<String> SECRETS = List.of(
            "LeakLuks01", "LeakIscsi02", "LeakCifs03", "LeakSysctlD04", "LeakSysctl05", "LeakLimits06", "LeakMy07",
            "LeakSsh08", "LeakLdap09", "LeakRedis10", "LeakBearer11abcdef", "LeakUrl12", "LeakJava13", "LeakApi14",
            "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJsZWFrMTUifQ.c2lnbmF0dXJlTGVhazE1", "AKIALEAK000000000016",
            "AQBvaBFZAAAAABAALeakCephKey17aaaaaaaaa==", "LeakMongo18", "LeakMysqld19", "LeakDmesg20");

    /** Every identity planted there: names, addresses (each must be hidden, and reversible through the map). */
    static final List<String> IDENTITIES = List.of(
            "db7", "peer9", "example-corp", "carol", "10.77.1.5", "10.77.1.9", "10.77.1.1", "10.77.0.2", "10.77.1.20",
            "10.77.1.21", "10.77.1.30", "10.77.1.40", "52:54:00:ab:cd:ef", "2001:db8:77::5", "fe80::5054:ff:feab:cdef");

    @TempDir
    Path tmp;

    @Test
    void aFullCollectOfANodeFullOfSecretsLeaksNone() throws Exception {
        Path root = tmp.resolve("node");
        FixtureHost.in(root).loadResource("/fixtures/leak-node.fixture");
        String fixture = new String(LeakIT.class.getResourceAsStream("/fixtures/leak-node.fixture").readAllBytes(),
                StandardCharsets.ISO_8859_1);
        for (String planted : SECRETS) {
            assertThat(fixture).as("planted in the fixture").contains(planted);
        }

        Launcher.Run run = Launcher.run(tmp, "collect", "--host-root", root.toString(), "--out", tmp.resolve("out").toString(),
                "--only", "system,processes");
        assertThat(run.exit()).as(run.stderr()).isZero();
        BundleFiles b = BundleFiles.open(run.bundle());
        String all = b.everything();
        String lower = all.toLowerCase(Locale.ROOT);

        List<String> found = new ArrayList<>();
        for (String s : SECRETS) {
            for (String form : forms(s)) {
                if (all.contains(form)) {
                    found.add(s + " as " + form);
                }
            }
        }
        for (String id : IDENTITIES) {
            if (lower.contains(id.toLowerCase(Locale.ROOT))) {
                found.add(id);
            }
        }
        assertThat(found).as("planted values found in the bundle").isEmpty();
        assertThat(run.bundle().getFileName().toString()).doesNotContain("db7");

        // ... and it is not because nothing was collected.
        JsonNode system = entry(b.json("manifest.json"), "system");
        for (String path : List.of("/etc/fstab", "/proc/cmdline", "/proc/mounts", "/etc/sysctl.conf", "/etc/sysctl.d/99-app.conf",
                "/etc/security/limits.conf", "/etc/hosts", "/etc/resolv.conf", "/etc/hostname")) {
            JsonNode f = file(system, path);
            assertThat(f.get("bytes").asLong()).as(path).isPositive();
            assertThat(f.has("error") && !f.get("error").isNull()).as(path + " error").isFalse();
        }
        assertThat(b.text("etc/fstab")).contains("/mnt/share cifs username=svc,password=<redacted>");
        assertThat(b.text("proc/cmdline")).contains("BOOT_IMAGE=/vmlinuz-6.1.0 root=/dev/sda1 ro rd.luks.key=<redacted>");
        assertThat(b.text("etc/sysctl.d/99-app.conf")).contains("net.core.somaxconn = 4096");
        assertThat(b.text("sos_commands/system/sysctl_-a")).contains("vm.swappiness = 10").contains("kernel.hostname = host-1");
        assertThat(b.text("sos_commands/system/dmesg")).contains("link becomes ready").contains("mac-1");
        String ps = b.text("sos_commands/processes/ps-eLf");
        assertThat(ps).contains("mysql -uroot -p<redacted> appdb").contains("sshpass -p <redacted> ssh")
                .contains("ldapsearch -x -w <redacted>").contains("redis-cli -a <redacted>").contains("--api-key <redacted>")
                .contains("Bearer <redacted>").contains("https://svc:<redacted>@");
        JsonNode processes = b.json("jsos/processes.json");
        assertThat(processes.toString()).contains("-p<redacted>").contains("ceph-mon");

        // The map reverses every identity and holds no secret.
        Map<String, String> map = new ObjectMapper().readValue(Path.of(run.bundle() + ".map.json").toFile(),
                new TypeReference<Map<String, String>>() { });
        String values = map.values().toString().toLowerCase(Locale.ROOT);
        for (String id : List.of("db7", "peer9", "carol", "10.77.1.5", "10.77.1.9", "52:54:00:ab:cd:ef", "2001:db8:77::5")) {
            assertThat(values).contains(id);
        }
        for (String s : SECRETS) {
            assertThat(values).doesNotContain(s.toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void aNodeCalledVmKeepsItsSysctlKeysReadable() throws Exception {
        Path root = tmp.resolve("vm-node");
        FixtureHost.in(root).loadResource("/fixtures/leak-node.fixture")
                .file("/etc/hostname", "vm\n")
                .file("/proc/sys/kernel/hostname", "vm\n")
                .file("/proc/sys/vm/swappiness", "10\n")
                .file("/etc/hosts", "127.0.0.1 localhost\n10.77.1.5 vm\n")
                .command("sysctl", "kernel.hostname = vm\nvm.swappiness = 10\nvm.overcommit_memory = 0\n", 0)
                .command("uname", "Linux vm 6.1.0-leak #1 SMP x86_64 GNU/Linux\n", 0);
        Launcher.Run run = Launcher.run(tmp, "collect", "--host-root", root.toString(), "--out", tmp.resolve("out").toString(),
                "--only", "system");
        assertThat(run.exit()).as(run.stderr()).isZero();
        BundleFiles b = BundleFiles.open(run.bundle());
        assertThat(b.text("sos_commands/system/sysctl_-a"))
                .isEqualTo("kernel.hostname = host-1\nvm.swappiness = 10\nvm.overcommit_memory = 0\n");
        assertThat(b.text("sos_commands/system/uname_-a")).startsWith("Linux host-1 6.1.0-leak");
        assertThat(b.text("etc/hostname")).isEqualTo("host-1\n");
        assertThat(b.text("proc/sys/kernel/hostname")).isEqualTo("host-1\n");
        assertThat(b.text("proc/sys/vm/swappiness")).isEqualTo("10\n");
        assertThat(b.json("manifest.json").get("host").get("hostname").asText()).isEqualTo("host-1");
        assertThat(run.bundle().getFileName().toString()).startsWith("jsos-host-1-");
    }

    @Test
    void twoNodesShareTokensThroughMapAndUserRulesApply() throws Exception {
        Path a = tmp.resolve("a");
        FixtureHost.in(a).loadResource("/fixtures/leak-node.fixture");
        Launcher.Run first = Launcher.run(tmp, "collect", "--host-root", a.toString(), "--out", tmp.resolve("out-a").toString(),
                "--only", "system");
        assertThat(first.exit()).as(first.stderr()).isZero();
        Path mapA = Path.of(first.bundle() + ".map.json");

        Path bRoot = tmp.resolve("b");
        FixtureHost.in(bRoot).loadResource("/fixtures/leak-node.fixture")
                .file("/etc/hostname", "peer9.prod.example-corp.com\n")
                .file("/proc/sys/kernel/hostname", "peer9\n")
                .file("/etc/hosts", "127.0.0.1 localhost\n10.77.1.9 peer9.prod.example-corp.com peer9\n")
                .file("/etc/motd", "welcome to db7, project Bluebird\n");
        Path rules = tmp.resolve("rules.yaml");
        Files.writeString(rules, "words: [bluebird]\nsecretKeys: [motd_sig]\n");
        Launcher.Run second = Launcher.run(tmp, "collect", "--host-root", bRoot.toString(), "--out", tmp.resolve("out-b").toString(),
                "--only", "system", "--map", mapA.toString(), "--rules", rules.toString());
        assertThat(second.exit()).as(second.stderr()).isZero();
        Map<String, String> ma = readMap(mapA);
        Map<String, String> mb = readMap(Path.of(second.bundle() + ".map.json"));
        assertThat(mb).containsAllEntriesOf(ma); // every token of node a means the same in node b's map
        String hostsB = BundleFiles.open(second.bundle()).text("etc/hosts");
        String ip9 = key(ma, "10.77.1.9");
        assertThat(hostsB).contains(ip9).doesNotContain("peer9").doesNotContain("10.77");
        assertThat(BundleFiles.open(second.bundle()).everything().toLowerCase(Locale.ROOT)).doesNotContain("db7")
                .doesNotContain("bluebird");
        assertThat(Launcher.run(tmp, "collect", "--map", tmp.resolve("nosuch.json").toString()).exit()).isEqualTo(2);
    }

    private static String key(Map<String, String> map, String value) {
        return map.entrySet().stream().filter(e -> e.getValue().equals(value)).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new AssertionError(value + " not in the map"));
    }

    private static Map<String, String> readMap(Path p) throws IOException {
        return new ObjectMapper().readValue(p.toFile(), new TypeReference<Map<String, String>>() { });
    }

    /** A value as it would appear raw, base64-encoded (both alphabets) or URL-encoded. */
    static List<String> forms(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return List.of(s, Base64.getEncoder().encodeToString(b), Base64.getUrlEncoder().withoutPadding().encodeToString(b),
                Base64.getEncoder().withoutPadding().encodeToString(b), URLEncoder.encode(s, StandardCharsets.UTF_8));
    }

    private static JsonNode entry(JsonNode manifest, String name) {
        for (JsonNode c : manifest.get("collectors")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no collector " + name);
    }

    private static JsonNode file(JsonNode collector, String path) {
        for (JsonNode f : collector.get("files")) {
            if (f.get("path").asText().equals(path)) {
                return f;
            }
        }
        throw new AssertionError("no file " + path + " in " + collector.get("files"));
    }
}
