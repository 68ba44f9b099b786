package io.jsos.report.redact;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * Not a test: prints how fast the redactor goes on bundle-like text. Off by default; run with
 * {@code mvn -o -pl report test -Djsos.test.excludedGroups= -Dtest=RedactorThroughputTest}
 * (tagged "bench": the build excludes that tag, so it is neither run nor counted as skipped). No assertions on
 * time (benchmarks are benchmarks).
 */
@Tag("bench")
class RedactorThroughputTest {

    private static final int MB = 1 << 20;

    @Test
    void procLikeText() throws IOException {
        measure("/proc-like (meminfo, net/tcp, ps, ip addr, cpuinfo)", procText(50 * MB));
    }

    @Test
    void syslogWithTheHostNameOnEveryLine() throws IOException {
        measure("syslog (host name, users, addresses on most lines)", syslogText(50 * MB));
    }

    @Test
    void configFiles() throws IOException {
        measure("config files (key = value, many secret-looking names)", configText(50 * MB));
    }

    private static void measure(String what, byte[] data) throws IOException {
        double best = 0;
        for (int round = 0; round < 5; round++) {
            DefaultRedactor r = Fixtures.redactor();
            long start = System.nanoTime();
            try (OutputStream out = r.wrap(OutputStream.nullOutputStream())) {
                for (int i = 0; i < data.length; i += 8192) {
                    out.write(data, i, Math.min(8192, data.length - i));
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.max(best, data.length / 1e6 / seconds);
        }
        System.out.printf("redactor throughput, %s: %.0f MB/s (best of 5, %d MB)%n", what, best, data.length / MB);
    }

    static byte[] procText(int size) {
        Random rnd = new Random(1);
        StringBuilder sb = new StringBuilder(size + 4096);
        while (sb.length() < size) {
            sb.append("MemTotal:       16384256 kB\nMemFree:         ").append(rnd.nextInt(9_999_999)).append(" kB\n");
            sb.append("   0: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000   113        0 ")
                    .append(rnd.nextInt(99999)).append(" 1 0000000000000000 100 0 0 10 0\n");
            sb.append("root        1234  0.0  0.1 169084 13044 ?        Ss   Oct12   0:03 /usr/lib/systemd/systemd "
                    + "--switched-root --system --deserialize 17\n");
            sb.append("2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n"
                    + "    link/ether 52:54:00:12:34:").append(10 + rnd.nextInt(89)).append(" brd ff:ff:ff:ff:ff:ff\n"
                    + "    inet 10.1.2.").append(rnd.nextInt(255)).append("/24 brd 10.1.2.255 scope global eth0\n"
                    + "    inet6 fe80::5054:ff:fe12:3456/64 scope link\n");
            sb.append("flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr "
                    + "sse sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc\n");
            sb.append("nr_free_pages ").append(rnd.nextInt(100000)).append("\nnr_zone_inactive_anon 12345\n");
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] syslogText(int size) {
        Random rnd = new Random(2);
        StringBuilder sb = new StringBuilder(size + 4096);
        while (sb.length() < size) {
            sb.append("Nov 21 03:12:").append(10 + rnd.nextInt(50)).append(" web1 sshd[").append(rnd.nextInt(9999))
                    .append("]: Accepted publickey for alice from 10.1.").append(rnd.nextInt(5)).append('.')
                    .append(rnd.nextInt(255)).append(" port ").append(rnd.nextInt(65535)).append(" ssh2: RSA SHA256:abc\n");
            sb.append("Nov 21 03:12:44 web1 kernel: [").append(rnd.nextInt(99999))
                    .append(".123456] eth0: renamed from veth1a2b3c, link becomes ready\n");
            sb.append("Nov 21 03:12:44 web1 systemd[1]: Started Session ").append(rnd.nextInt(999))
                    .append(" of user bob.\n");
            sb.append("Nov 21 03:12:45 web1 kubelet[812]: I1121 03:12:45.123456 812 kubelet.go:2157] \"SyncLoop UPDATE\" "
                    + "source=\"api\" pods=[\"kube-system/coredns-5d78c9869d-x2x7q\"] node=\"web1.corp.acme.com\"\n");
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] configText(int size) {
        Random rnd = new Random(3);
        StringBuilder sb = new StringBuilder(size + 4096);
        while (sb.length() < size) {
            sb.append("[section").append(rnd.nextInt(100)).append("]\n");
            sb.append("password = s3cret").append(rnd.nextInt(1000)).append('\n');
            sb.append("keyboard_layout = us\nkey_file = /etc/ssl/private/server.key\n");
            sb.append("  auth_token: \"abc").append(rnd.nextInt(1000)).append("\"\n");
            sb.append("max_connections = 100\nlisten_address = 10.1.2.3:5432\n");
            sb.append("{\"name\": \"x\", \"apiKey\": \"k").append(rnd.nextInt(1000)).append("\", \"enabled\": true}\n");
            sb.append("ExecStart=/usr/bin/app --config /etc/app.yaml --log-level info\n");
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
