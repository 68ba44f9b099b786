package io.jsos.report.redact;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;

/** Deterministic corpora for the redactor's benchmarks (and the jsos clean vs sos clean script). */
final class BenchCorpus {

    private BenchCorpus() {
    }

    static final int MB = 1 << 20;

    /** The facts of the host the corpora come from. */
    static RedactionFacts facts() {
        return new RedactionFacts(Set.of("web1.corp.acme.com", "web1-mgmt", "vm"), Set.of("corp.acme.com", "lab.acme.com"),
                Set.of("alice", "bob", "j.doe"));
    }

    /**
     * A support bundle's worth of text, {@code size} bytes: logs (45%: syslog, journal, kubelet),
     * /proc and command output (25%: meminfo, net/tcp, ps, ip addr, cpuinfo), dmesg (10%), config
     * files with settings and secrets (10%), Kubernetes JSON (5%), sysctl -a (5%). A few hundred
     * distinct addresses, as on one node.
     */
    static byte[] realistic(int size) {
        Random rnd = new Random(42);
        StringBuilder sb = new StringBuilder(size + 8192);
        while (sb.length() < size) {
            int pick = rnd.nextInt(100);
            if (pick < 45) {
                syslog(sb, rnd);
            } else if (pick < 70) {
                proc(sb, rnd);
            } else if (pick < 80) {
                dmesg(sb, rnd);
            } else if (pick < 90) {
                config(sb, rnd);
            } else if (pick < 95) {
                json(sb, rnd);
            } else {
                sysctl(sb, rnd);
            }
        }
        sb.setLength(size);
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Connection logs where address {@code i % distinct} appears on line {@code i}: {@code lines}
     * lines, so that with {@code distinct == lines} every line holds new addresses (an IPv4 and an
     * IPv6 address, both new).
     */
    static byte[] distinctAddresses(int lines, int distinct) {
        StringBuilder sb = new StringBuilder(lines * 110);
        for (int i = 0; i < lines; i++) {
            int a = i % distinct;
            sb.append("2026-11-21T03:12:44.").append(100000 + i % 900000).append("Z web1 conn[").append(1000 + i % 9000)
                    .append("]: accepted from 10.").append(a >>> 16 & 0xff).append('.').append(a >>> 8 & 0xff).append('.')
                    .append(a & 0xff).append(':').append(1024 + i % 60000).append(" via 2001:db8:")
                    .append(Integer.toHexString(a >>> 16)).append(':').append(Integer.toHexString(a & 0xffff))
                    .append("::5 proto tcp\n");
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void syslog(StringBuilder sb, Random rnd) {
        switch (rnd.nextInt(5)) {
            case 0 -> sb.append("Nov 21 03:12:").append(10 + rnd.nextInt(50)).append(" web1 sshd[").append(rnd.nextInt(9999))
                    .append("]: Accepted publickey for alice from 10.1.").append(rnd.nextInt(5)).append('.')
                    .append(rnd.nextInt(255)).append(" port ").append(rnd.nextInt(65535)).append(" ssh2: RSA SHA256:abc\n");
            case 1 -> sb.append("Nov 21 03:12:44 web1 systemd[1]: Started Session ").append(rnd.nextInt(999))
                    .append(" of user bob.\n");
            case 2 -> sb.append("Nov 21 03:12:45 web1 kubelet[812]: I1121 03:12:45.123456 812 kubelet.go:2157] \"SyncLoop UPDATE\" "
                    + "source=\"api\" pods=[\"kube-system/coredns-5d78c9869d-x2x7q\"] node=\"web1.corp.acme.com\"\n");
            case 3 -> sb.append("Nov 21 03:12:46 web1 containerd[655]: time=\"2026-11-21T03:12:46.").append(rnd.nextInt(999999))
                    .append("Z\" level=info msg=\"StartContainer for \\\"").append(Long.toHexString(rnd.nextLong()))
                    .append("\\\" returns successfully\"\n");
            default -> sb.append("Nov 21 03:12:47 web1 CRON[").append(rnd.nextInt(99999))
                    .append("]: (root) CMD (/usr/lib/sysstat/debian-sa1 1 1)\n");
        }
    }

    private static void proc(StringBuilder sb, Random rnd) {
        switch (rnd.nextInt(5)) {
            case 0 -> sb.append("MemTotal:       16384256 kB\nMemFree:         ").append(rnd.nextInt(9_999_999)).append(" kB\n");
            case 1 -> sb.append("   0: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000   113        0 ")
                    .append(rnd.nextInt(99999)).append(" 1 0000000000000000 100 0 0 10 0\n");
            case 2 -> sb.append("root        ").append(rnd.nextInt(99999)).append("  0.0  0.1 169084 13044 ?        Ss   Oct12   0:03 "
                    + "/usr/lib/systemd/systemd --switched-root --system --deserialize 17\n");
            case 3 -> sb.append("2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n"
                    + "    link/ether 52:54:00:12:34:").append(10 + rnd.nextInt(89)).append(" brd ff:ff:ff:ff:ff:ff\n"
                    + "    inet 10.1.2.").append(rnd.nextInt(255)).append("/24 brd 10.1.2.255 scope global eth0\n"
                    + "    inet6 fe80::5054:ff:fe12:3456/64 scope link\n");
            default -> sb.append("flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr "
                    + "sse sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc\n");
        }
    }

    private static void dmesg(StringBuilder sb, Random rnd) {
        sb.append("[").append(rnd.nextInt(99999)).append('.').append(100000 + rnd.nextInt(899999)).append("] ");
        switch (rnd.nextInt(4)) {
            case 0 -> sb.append("IPv6: ADDRCONF(NETDEV_CHANGE): veth").append(Integer.toHexString(rnd.nextInt())).append(": link becomes ready\n");
            case 1 -> sb.append("EXT4-fs (sda1): mounted filesystem with ordered data mode. Quota mode: none.\n");
            case 2 -> sb.append("cni0: port ").append(rnd.nextInt(9)).append("(veth1a2b3c) entered forwarding state\n");
            default -> sb.append("audit: type=1400 audit(1700000000.123:").append(rnd.nextInt(999))
                    .append("): apparmor=\"STATUS\" operation=\"profile_load\" name=\"docker-default\" pid=").append(rnd.nextInt(9999)).append('\n');
        }
    }

    private static void config(StringBuilder sb, Random rnd) {
        sb.append("[section").append(rnd.nextInt(100)).append("]\n");
        sb.append("password = s3cret").append(rnd.nextInt(1000)).append('\n');
        sb.append("keyboard_layout = us\nkey_file = /etc/ssl/private/server.key\n");
        sb.append("max_connections = 100\nlisten_address = 10.1.2.3:5432\n");
        sb.append("ExecStart=/usr/bin/app --config /etc/app.yaml --log-level info\n");
    }

    private static void json(StringBuilder sb, Random rnd) {
        sb.append("{\"metadata\": {\"name\": \"app-").append(Integer.toHexString(rnd.nextInt())).append("\", \"namespace\": \"default\"}, "
                + "\"spec\": {\"nodeName\": \"web1.corp.acme.com\", \"containers\": [{\"name\": \"app\", \"image\": \"registry.local/app:1.2.3\", "
                + "\"env\": [{\"name\": \"LOG_LEVEL\", \"value\": \"info\"}]}]}, \"status\": {\"podIP\": \"10.244.")
                .append(rnd.nextInt(4)).append('.').append(rnd.nextInt(255)).append("\", \"phase\": \"Running\"}}\n");
    }

    private static void sysctl(StringBuilder sb, Random rnd) {
        sb.append("vm.swappiness = 60\nvm.dirty_ratio = 20\nnet.ipv4.conf.eth0.rp_filter = 1\nkernel.pid_max = ")
                .append(4194304 + rnd.nextInt(10)).append("\nnet.core.somaxconn = 4096\n");
    }
}
