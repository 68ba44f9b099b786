package io.jsos.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.agent.clean.CleanCommand;
import io.jsos.testkit.FixtureHost;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code jsos clean} end to end: on a jsos bundle written without redaction, on an sos-style folder
 * holding every kind of secret the issue lists (kubeconfig, Ceph keyring and config, OVS, logs,
 * Kubernetes manifests), and on a malicious tarball. Until {@code jsos} lists the command, it runs
 * in-process and through the real jar ({@code java -cp jsos.jar io.jsos.agent.clean.CleanCommand}).
 */
class CleanEndToEndIT {

    @TempDir
    Path tmp;

    @Test
    void cleaningAnUnredactedJsosBundleHidesEverythingCollectWouldHave() throws Exception {
        Path root = tmp.resolve("node");
        FixtureHost.in(root).loadResource("/fixtures/leak-node.fixture");
        Launcher.Run run = Launcher.run(tmp, "collect", "--host-root", root.toString(), "--out", tmp.resolve("raw").toString(),
                "--only", "system,processes", "--no-redact");
        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(BundleFiles.open(run.bundle()).everything()).contains("LeakMy07"); // really unredacted

        // a jsos bundle holds no etc/passwd: the people are named on the command line
        Result clean = inProcess(run.bundle().toString(), "--out", tmp.resolve("clean").toString(), "--user", "carol");
        assertThat(clean.exit).as(clean.err).isZero();
        Path archive = Path.of(clean.out.strip().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(archive.getFileName().toString()).startsWith("jsos-host-1-").endsWith("-clean.tar.zst");
        assertThat(Files.getPosixFilePermissions(archive)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Path.of(archive + ".sha256")).exists();
        assertThat(Files.getPosixFilePermissions(Path.of(archive + ".map.json"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        BundleFiles b = BundleFiles.open(archive);
        assertNothingPlanted(b.everything(), LeakIT.SECRETS, LeakIT.IDENTITIES);
        assertThat(b.text("sos_commands/processes/ps-eLf")).contains("mysql -uroot -p<redacted> appdb");
        assertThat(b.text("etc/fstab")).contains("/mnt/share cifs");
        JsonNode manifest = b.json("manifest.json");
        assertThat(manifest.get("collectors").size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void anSosStyleFolderWithEverySecretKindThroughTheRealJar() throws Exception {
        Path sos = tmp.resolve("sosreport-kube3-2026-11-21-abcdef");
        write(sos, "hostname", "kube3\n");
        write(sos, "etc/hostname", "kube3.k8s.bigbank.net\n");
        write(sos, "etc/resolv.conf", "search k8s.bigbank.net\n");
        write(sos, "etc/passwd", "dave:x:1000:1000::/home/dave:/bin/bash\n");
        write(sos, "root/.kube/config", """
                apiVersion: v1
                clusters:
                - cluster:
                    certificate-authority-data: LS0tLS1CRUdJTiBDRVJU
                    server: https://api.k8s.bigbank.net:6443
                  name: prod
                users:
                - name: admin
                  user:
                    client-certificate-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t
                    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLUxlYWtLdWJlS2V5MDE=
                    token: LeakKubeToken02
                """);
        write(sos, "etc/ceph/ceph.client.admin.keyring", "[client.admin]\n\tkey = AQBvaBFZAAAAABAALeakCephKey03aaaaaaaaa==\n\tcaps mon = \"allow *\"\n");
        write(sos, "etc/ceph/ceph.conf", "[global]\nfsid = 1234\nmon_host = 10.88.0.11,10.88.0.12\nrgw_keystone_admin_password = LeakRgw04\n");
        write(sos, "sos_commands/openvswitch/ovs-vsctl_-t_5_show", "Bridge br-ex\n    Port eth1\n        Interface eth1\n"
                + "            options: {remote_ip=\"10.88.1.7\", psk=LeakOvsPsk05}\n    mac_in_use: \"52:54:00:88:77:66\"\n");
        write(sos, "var/log/messages", "Nov 21 kube3 kubelet[9]: curl -u admin:LeakCurl06 https://registry.k8s.bigbank.net\n"
                + "Nov 21 kube3 app[2]: Authorization: Bearer LeakBearer07abcdef from 10.88.2.2\n"
                + "Nov 21 kube3 sudo: dave : COMMAND=/usr/bin/mysql -uroot -pLeakMysql08\n");
        write(sos, "etc/kubernetes/manifests/app.yaml", """
                spec:
                  containers:
                  - name: app
                    env:
                    - name: DB_PASSWORD
                      value: LeakEnv09
                    - name: LOG_LEVEL
                      value: info
                """);
        write(sos, "etc/app/config.yaml", "db:\n  password: |\n    LeakBlock10\n  host: db.k8s.bigbank.net\n");
        write(sos, "etc/app/site.json", "{\"apiKey\": \"LeakJson11\", \"url\": \"postgres://app:LeakUrl12@10.88.3.3/db\"}\n");
        write(sos, "etc/ssl/private/server.key", "-----BEGIN RSA PRIVATE KEY-----\nLeakPem13AAAA\n-----END RSA PRIVATE KEY-----\n");
        write(sos, "proc/net/tcp", "   0: 0B00580A:1A0B 0C00580A:D2F0 01 00000000:00000000 00:00000000 00000000     0 0 1\n");
        write(sos, "sys/fs/cgroup/kubepods.slice/pod1/cgroup.procs", "kube3.k8s.bigbank.net 10.88.0.11\n");
        Files.createDirectories(sos.resolve("var/lib"));
        Files.write(sos.resolve("var/lib/binary.db"), "\0\0kube3\u0000LeakBinary14\0".getBytes(StandardCharsets.ISO_8859_1));
        Path rules = tmp.resolve("rules.yaml");
        Files.writeString(rules, "words: [bigbank]\nfiles:\n  - path: 'var/lib/*.db'\n    content: secret\n");

        Result r = jar(sos.toString(), "--out", tmp.resolve("out").toString(), "--rules", rules.toString(), "--format", "xz");
        assertThat(r.exit).as(r.err).isZero();
        Path archive = Path.of(r.out.strip().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(archive.getFileName().toString()).isEqualTo("sosreport-host-1-2026-11-21-abcdef-clean.tar.xz");
        BundleFiles b = BundleFiles.open(archive);
        List<String> secrets = List.of("LeakKubeKey01", "LeakKubeToken02", "AQBvaBFZAAAAABAALeakCephKey03aaaaaaaaa==", "LeakRgw04",
                "LeakOvsPsk05", "LeakCurl06", "LeakBearer07abcdef", "LeakMysql08", "LeakEnv09", "LeakBlock10", "LeakJson11",
                "LeakUrl12", "LeakPem13", "LeakBinary14",
                "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLUxlYWtLdWJlS2V5MDE=");
        assertNothingPlanted(b.everything(), secrets, List.of("kube3", "bigbank", "dave", "10.88.", "52:54:00:88:77:66",
                "0B00580A", "0C00580A"));
        // the files are there, readable
        assertThat(b.text("root/.kube/config")).contains("client-key-data: <redacted>").contains("token: <redacted>")
                .contains("server: https://host-");
        assertThat(b.text("etc/ceph/ceph.client.admin.keyring")).contains("key = <redacted>").contains("caps mon");
        assertThat(b.text("etc/kubernetes/manifests/app.yaml")).contains("- name: DB_PASSWORD").contains("value: info");
        assertThat(b.text("etc/app/config.yaml")).contains("password: |");
        String procs = b.text("sys/fs/cgroup/kubepods.slice/pod1/cgroup.procs");
        assertThat(procs).matches("host-1\\.domain-1\\.example ip4-\\d+\\.11\n");
        String ip = procs.split(" ")[1].strip(); // 10.88.0.11: the same token in /proc/net/tcp's hex form
        assertThat(b.text("proc/net/tcp")).contains(ip + ":1A0B").contains(ip.replace(".11", ".12") + ":D2F0");
        assertThat(b.text("var/lib/binary.db")).startsWith("<redacted: this file is declared secret");
        assertThat(r.err).contains("cleaned");
    }

    @Test
    void aMaliciousTarballIsCleanedWithoutWritingOutsideTheTarget() throws Exception {
        Path evil = tmp.resolve("evil.tar");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(evil))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            entry(tar, "x/../../../outside-dots", "pwned\n");
            entry(tar, "/tmp/jsos-clean-it-absolute", "pwned\n");
            entry(tar, "x/ok", "fine 10.1.2.3\n");
            TarArchiveEntry link = new TarArchiveEntry("x/etc", TarArchiveEntry.LF_SYMLINK, true);
            link.setLinkName("/etc");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            entry(tar, "x/etc/passwd-through-link", "pwned\n");
        }
        Path out = tmp.resolve("target");
        List<Path> before = list(tmp);
        Result r = jar(evil.toString(), "--out", out.toString());
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.err).contains("left out").contains("outside-dots").contains("/tmp/jsos-clean-it-absolute");
        List<Path> after = list(tmp);
        after.removeIf(p -> p.startsWith(out));
        assertThat(after).containsExactlyInAnyOrderElementsOf(before);
        assertThat(Path.of("/tmp/jsos-clean-it-absolute")).doesNotExist();
        BundleFiles b = BundleFiles.open(Path.of(r.out.strip().lines().reduce((a, c) -> c).orElseThrow()));
        assertThat(b.files().keySet()).noneMatch(n -> n.contains("..") || n.startsWith("/"));
        assertThat(b.everything()).doesNotContain("10.1.2.3").contains("fine ip4-1.3");
    }

    @Test
    void usageErrors() {
        assertThat(inProcess(tmp.resolve("nosuch.tar.gz").toString()).exit).isEqualTo(2);
        assertThat(inProcess(tmp.toString(), "--format", "dir").exit).isEqualTo(2);
        assertThat(inProcess(tmp.toString(), "--map", tmp.resolve("missing.json").toString()).exit).isEqualTo(2);
        Result help = inProcess("--help");
        assertThat(help.exit).isZero();
        assertThat(help.out).contains("--out").contains("--map").contains("--rules").contains("sos report");
    }

    // ---- helpers

    private static void assertNothingPlanted(String all, List<String> secrets, List<String> identities) {
        List<String> found = new ArrayList<>();
        for (String s : secrets) {
            for (String form : LeakIT.forms(s)) {
                if (all.contains(form)) {
                    found.add(s + " as " + form);
                }
            }
        }
        String lower = all.toLowerCase(Locale.ROOT);
        for (String id : identities) {
            if (lower.contains(id.toLowerCase(Locale.ROOT))) {
                found.add(id);
            }
        }
        assertThat(found).as("planted values found").isEmpty();
    }

    private static void write(Path base, String rel, String content) throws IOException {
        Path p = base.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private static void entry(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(b.length);
        tar.putArchiveEntry(e);
        tar.write(b);
        tar.closeArchiveEntry();
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return new ArrayList<>(s.toList());
        }
    }

    record Result(int exit, String out, String err) {
    }

    private static Result inProcess(String... args) {
        CommandLine cl = CleanCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** The real jar, in its own JVM, with the launcher's heap cap. */
    private Result jar(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("java", "-Xmx128m", "-cp",
                Launcher.home().resolve("agent/target/jsos.jar").toString(), CleanCommand.class.getName()));
        argv.addAll(List.of(args));
        Path o = Files.createTempFile(tmp, "out", ".txt");
        Path e = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(argv).directory(tmp.toFile()).redirectOutput(o.toFile()).redirectError(e.toFile()).start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        Result r = new Result(p.exitValue(), Files.readString(o), Files.readString(e));
        Files.delete(o);
        Files.delete(e);
        return r;
    }
}
