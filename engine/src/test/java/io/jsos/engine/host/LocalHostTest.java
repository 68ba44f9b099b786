package io.jsos.engine.host;

import io.jsos.api.HostPathException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalHostTest {

    @TempDir
    Path root;

    @Test
    void readsFilesUnderTheRoot() throws Exception {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/loadavg"), "0.10 0.20 0.30 1/100 42\n");
        LocalHost host = new LocalHost(root);
        assertThat(host.read("/proc/loadavg")).startsWith("0.10");
        assertThat(host.exists("/proc/loadavg")).isTrue();
        assertThat(host.exists("/proc/nothing")).isFalse();
        assertThat(host.list("/proc")).containsExactly("loadavg");
        assertThat(host.list("/missing")).isEmpty();
    }

    @Test
    void dotDotAndAbsoluteLinksStayInsideTheRoot() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "fixture\n");
        Files.createDirectories(root.resolve("a"));
        // An absolute link means "on the node", so it resolves under the root, not on this machine.
        Files.createSymbolicLink(root.resolve("a/pw"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(root.resolve("a/up"), Path.of("../../../../../../etc/passwd"));
        LocalHost host = new LocalHost(root);
        assertThat(host.read("/a/pw")).isEqualTo("fixture\n");
        assertThat(host.read("/a/up")).isEqualTo("fixture\n");
        assertThat(host.read("/../../../etc/passwd")).isEqualTo("fixture\n");
        assertThat(host.resolve("/a/up")).startsWith(root);
    }

    @Test
    void symlinkLoopIsRefusedNotFollowedForever() throws Exception {
        Files.createSymbolicLink(root.resolve("loop"), Path.of("/loop"));
        LocalHost host = new LocalHost(root);
        assertThatThrownBy(() -> host.resolve("/loop")).isInstanceOf(HostPathException.class)
                .hasMessageContaining("symbolic links");
        assertThat(host.exists("/loop")).isFalse();
        assertThat(host.tryRead("/loop")).isEmpty();
    }

    @Test
    void relativeHostPathsAreRefused() {
        assertThatThrownBy(() -> new LocalHost(root).resolve("etc/passwd")).isInstanceOf(HostPathException.class);
    }

    @Test
    void nonUtf8ContentIsReadWithReplacement() throws Exception {
        Files.write(root.resolve("bin"), new byte[]{'a', (byte) 0xff, (byte) 0xfe, 'b'});
        assertThat(new LocalHost(root).read("/bin")).startsWith("a").endsWith("b");
    }

    @Test
    void readIsCapped() throws Exception {
        Files.writeString(root.resolve("big"), "x".repeat(10_000), StandardCharsets.UTF_8);
        assertThat(new LocalHost(root).read("/big", 100)).hasSize(100);
    }

    @Test
    void filesLargerThanTheReadBufferAreReadWholeUpToTheCap() throws Exception {
        // The read buffer is 64 KiB: a file across it, and one of exactly its size, must come back whole.
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 200_000; i++) {
            text.append(i).append('\n');
        }
        Files.writeString(root.resolve("large"), text, StandardCharsets.UTF_8);
        Files.writeString(root.resolve("exact"), "y".repeat(64 * 1024), StandardCharsets.UTF_8);
        LocalHost host = new LocalHost(root);
        assertThat(host.read("/large", 1 << 20)).isEqualTo(text.toString());
        assertThat(host.read("/large", 100_000)).isEqualTo(text.substring(0, 100_000));
        assertThat(host.read("/exact", 1 << 20)).hasSize(64 * 1024);
        assertThat(host.read("/exact", 64 * 1024)).hasSize(64 * 1024);
    }

    @Test
    void linksUnderSysStayInsideTheRootWhenTheirDirectoryWasResolvedBefore() throws Exception {
        // /sys paths take their parent from a short-lived cache; the last component must still be walked.
        Files.createDirectories(root.resolve("sys/class/net/eth0"));
        Files.writeString(root.resolve("sys/class/net/eth0/mtu"), "1500\n");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "fixture\n");
        Files.createSymbolicLink(root.resolve("sys/class/net/eth0/escape"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(root.resolve("sys/class/net/eth0/up"), Path.of("../../../../etc/passwd"));
        LocalHost host = new LocalHost(root);
        assertThat(host.read("/sys/class/net/eth0/mtu")).isEqualTo("1500\n");
        assertThat(host.read("/sys/class/net/eth0/escape")).isEqualTo("fixture\n");
        assertThat(host.read("/sys/class/net/eth0/up")).isEqualTo("fixture\n");
        assertThat(host.resolve("/sys/class/net/eth0/escape")).isEqualTo(root.resolve("etc/passwd"));
        assertThat(host.resolve("/sys/class/net/eth0/../eth0/mtu")).isEqualTo(root.resolve("sys/class/net/eth0/mtu"));
    }

    @Test
    void procFilesThatReportSizeZeroAreReadWhole() throws Exception {
        // /proc files stat as 0 bytes long; the read must not trust the size.
        String status = LocalHost.local().read("/proc/self/status", 1 << 20);
        assertThat(status).contains("Name:").contains("VmRSS:").endsWith("\n");
    }

    @Test
    void programsAreFoundOnTheHostsPathUnderTheRoot() throws Exception {
        Path bin = Files.createDirectories(root.resolve("usr/sbin"));
        Path tool = bin.resolve("faketool");
        Files.writeString(tool, "#!/bin/sh\necho \"hello $1\"\n");
        tool.toFile().setExecutable(true);
        LocalHost host = new LocalHost(root);
        assertThat(host.which("faketool")).contains("/usr/sbin/faketool");
        assertThat(host.which("nosuchtool")).isEmpty();
        var r = host.run(io.jsos.api.Command.of("faketool", "world; rm -rf /"));
        // argv, not a shell: the ';' is just part of the argument
        assertThat(r.ok()).isTrue();
        assertThat(r.stdoutText()).isEqualTo("hello world; rm -rf /\n");
        var missing = host.run(io.jsos.api.Command.of("nosuchtool"));
        assertThat(missing.ok()).isFalse();
        assertThat(missing.error()).contains("not found");
    }

    @Test
    void hostnameComesFromEtcHostname() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/hostname"), "node-7.example.org\n");
        assertThat(new LocalHost(root).hostname()).isEqualTo("node-7.example.org");
    }
}
