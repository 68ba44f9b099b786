package io.jsos.report.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The redaction issue's gaps and sos's known traps, one by one. */
class GapsTest {

    private final DefaultRedactor r = Fixtures.redactor();

    // ---- short password flags of known programs

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mysql -uroot -pS3cr3t mydb                    | mysql -uroot -p<redacted> mydb",
        "/usr/bin/mysqldump -u backup -pS3cr3t --all   | /usr/bin/mysqldump -u backup -p<redacted> --all",
        "mysql -p mydb                                 | mysql -p mydb",
        "sshpass -p S3cr3t ssh host                    | sshpass -p <redacted> ssh host",
        "sshpass -pS3cr3t ssh host                     | sshpass -p<redacted> ssh host",
        "ldapsearch -x -D cn=admin -w S3cr3t -b dc=x   | ldapsearch -x -D cn=admin -w <redacted> -b dc=x",
        "redis-cli -h h -a S3cr3t ping                 | redis-cli -h h -a <redacted> ping",
        "ipmitool -I lanplus -U admin -P S3cr3t power  | ipmitool -I lanplus -U admin -P <redacted> power",
        "mongosh -u admin -p S3cr3t                    | mongosh -u admin -p <redacted>",
        "curl -u admin:S3cr3t https://x               | curl -u admin:<redacted> https://x",
        "curl -uadmin:S3cr3t https://x                | curl -uadmin:<redacted> https://x",
        "curl --user admin:S3cr3t https://x           | curl --user admin:<redacted> https://x",
        "curl -u admin https://x                      | curl -u admin https://x",
        "mkdir -p /var/lib/x                           | mkdir -p /var/lib/x",
        "ssh -p 2222 host                              | ssh -p 2222 host",
        "mysql -P 3306 -h db                           | mysql -P 3306 -h db",
        "echo mysql; grep -p x                         | echo mysql; grep -p x",
    })
    void programFlags(String in, String out) {
        assertThat(r.redact(in)).isEqualTo(out);
    }

    @Test
    void programFlagsInAProcCmdlineWithNuls() {
        assertThat(r.redact("/usr/bin/mysql\0-uroot\0-pS3cr3t\0mydb\0")).isEqualTo("/usr/bin/mysql\0-uroot\0-p<redacted>\0mydb\0");
        assertThat(r.redact("sshpass\0-p\0S3cr3t\0ssh\0")).isEqualTo("sshpass\0-p\0<redacted>\0ssh\0");
        assertThat(r.redact("{\"argv\": [\"ldapsearch\", \"-w\", \"S3cr3t\"]}")).doesNotContain("S3cr3t");
    }

    // ---- YAML block values

    @Test
    void yamlBlockValuesAreHidden() {
        String in = "db:\n  password: |\n    line-one-S3cr3t\n    line-two-S3cr3t\n  user: app\nother: 1\n";
        String out = r.redact(in);
        assertThat(out).doesNotContain("S3cr3t").contains("password: |").contains("  user: app").contains("other: 1");
        assertThat(out).isEqualTo("db:\n  password: |\n    <redacted>\n  user: app\nother: 1\n");
        assertThat(r.redact("secret: >-\n  folded S3cr3t\n\n  more S3cr3t\nnext: x\n"))
                .isEqualTo("secret: >-\n  <redacted>\n\nnext: x\n");
    }

    @Test
    void yamlPlainValueOnTheNextLineIsHiddenButANestedMappingStays() {
        assertThat(r.redact("password:\n  S3cr3t\nx: 1\n")).isEqualTo("password:\n  <redacted>\nx: 1\n");
        assertThat(r.redact("credentials:\n  username: app\n  password: S3cr3t\n"))
                .isEqualTo("credentials:\n  username: app\n  password: <redacted>\n");
    }

    // ---- Kubernetes env entries

    @Test
    void kubernetesEnvValuesWhoseNameIsASecret() {
        String in = "    env:\n    - name: DB_PASSWORD\n      value: S3cr3t\n    - name: LOG_LEVEL\n      value: debug\n";
        String out = r.redact(in);
        assertThat(out).doesNotContain("S3cr3t").contains("value: debug").contains("- name: DB_PASSWORD");
        assertThat(r.redact("{\"name\": \"API_TOKEN\", \"value\": \"S3cr3t\"}, {\"name\": \"X\", \"value\": \"keep\"}"))
                .isEqualTo("{\"name\": \"API_TOKEN\", \"value\": \"<redacted>\"}, {\"name\": \"X\", \"value\": \"keep\"}");
        assertThat(r.redact("{\n  \"name\": \"AWS_SECRET_ACCESS_KEY\",\n  \"value\": \"S3cr3t\"\n}\n")).doesNotContain("S3cr3t");
        assertThat(r.redact("- name: DB_PASSWORD\n  valueFrom:\n    secretKeyRef: {name: db, key: pw}\n"))
                .contains("secretKeyRef: {name: db, key: pw}");
    }

    // ---- hex addresses in /proc/net

    @Test
    void procNetTcpAddressesBecomeTheSameTokensAsDottedOnes() throws IOException {
        String dotted = r.redact("10.1.2.5 192.168.1.20");
        String tcp = write("proc/net/tcp",
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                        + "   0: 0502010A:0016 1401A8C0:D2F0 01 00000000:00000001 02:000A7D3A 00000000     0        0 1234\n"
                        + "   1: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000   113        0 99\n");
        assertThat(tcp).contains(dotted.split(" ")[0] + ":0016").contains(dotted.split(" ")[1] + ":D2F0");
        assertThat(tcp).contains("0100007F:0CEA 00000000:0000").contains("00000000:00000001");
        assertThat(tcp).doesNotContain("0502010A").doesNotContain("1401A8C0");
    }

    @Test
    void procNetTcp6IfInet6AndRoute() throws IOException {
        String v6 = r.redact("2001:db8::5");
        // 2001:db8::5 as four little-endian words
        String tcp6 = write("proc/net/tcp6", "   0: B80D0120000000000000000005000000:0016 00000000000000000000000001000000:0000 0A\n");
        assertThat(tcp6).startsWith("   0: " + v6 + ":0016 00000000000000000000000001000000:0000");
        String inet6 = write("proc/net/if_inet6", "20010db8000000000000000000000005 02 40 00 80     eth0\n"
                + "00000000000000000000000000000001 01 80 10 80       lo\n");
        assertThat(inet6).isEqualTo(v6 + " 02 40 00 80     eth0\n00000000000000000000000000000001 01 80 10 80       lo\n");
        String route = write("proc/net/route", "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\n"
                + "eth0\t00000000\t0102010A\t0003\t0\t0\t100\t00000000\n"
                + "eth0\t0002010A\t00000000\t0001\t0\t0\t100\t00FFFFFF\n");
        assertThat(route).doesNotContain("0102010A").doesNotContain("0002010A").contains("00FFFFFF");
        assertThat(route).contains(r.redact("10.1.2.1")).contains(r.redact("10.1.2.0"));
    }

    @Test
    void hexOutsideProcNetIsLeftAlone() throws IOException {
        String in = "0502010A:0016 deadbeefdeadbeefdeadbeefdeadbeef\n";
        assertThat(write("var/log/app.log", in)).isEqualTo(in);
    }

    // ---- MACs

    @Test
    void ciscoMacsGetTheSameTokenAsColonOnes() {
        String out = r.redact("52:54:00:12:34:56 5254.0012.3456 5254.00AB.CDEF");
        String[] t = out.split(" ");
        assertThat(t[0]).startsWith("mac-").isEqualTo(t[1]);
        assertThat(t[2]).startsWith("mac-").isNotEqualTo(t[0]);
        assertThat(r.redact("version 1.2.3.4567")).isEqualTo("version 1.2.3.4567");
    }

    // ---- host names with underscores, short host names

    @Test
    void hostNamesWithUnderscores() {
        DefaultRedactor u = new DefaultRedactor(new RedactionFacts(Set.of("my_host.corp.acme.com"), Set.of(), Set.of()));
        String out = u.redact("my_host my_host.corp.acme.com MY_HOST: xmy_host my_hosts /var/log/my_host/x");
        assertThat(out).doesNotContain("acme");
        assertThat(out).isEqualTo("host-1 host-1.domain-1.example host-1: xmy_host my_hosts /var/log/host-1/x");
    }

    @Test
    void aShortHostNameIsHiddenWithoutRewritingSysctlKeys() {
        DefaultRedactor v = new DefaultRedactor(new RedactionFacts(Set.of("vm"), Set.of(), Set.of()));
        String sysctl = "vm.swappiness = 60\nvm.dirty_ratio = 20\nkernel.hostname = vm\n";
        assertThat(v.redact(sysctl)).isEqualTo("vm.swappiness = 60\nvm.dirty_ratio = 20\nkernel.hostname = host-1\n");
        assertThat(v.redact("vm\n")).isEqualTo("host-1\n");
        assertThat(v.redact("Nov 21 03:12:44 vm kernel: kvm: VM exit, vmx on")).isEqualTo("Nov 21 03:12:44 host-1 kernel: kvm: VM exit, vmx on");
        assertThat(v.redact("root@vm:~# ls /proc/sys/vm/ /proc/sys/vm")).isEqualTo("root@host-1:~# ls /proc/sys/vm/ /proc/sys/vm");
        assertThat(v.redact("\"hostname\": \"vm\", ssh vm. Done")).isEqualTo("\"hostname\": \"host-1\", ssh host-1. Done");
        assertThat(v.redact("vmstat kvm vm-1 vm_x nr_vm vm2")).isEqualTo("vmstat kvm vm-1 vm_x nr_vm vm2");
    }

    @Test
    void aShortHostNameFromEtcHostnameIsKnown() {
        RedactionFacts f = RedactionFacts.fromHost(new FakeHost().file("/etc/hostname", "vm\n"));
        assertThat(f.shortHostNames()).containsExactly("vm");
        assertThat(f.hostNames()).isEmpty();
    }

    // ---- sos's traps

    @ParameterizedTest
    @ValueSource(strings = {"5.13.3.202401111512", "sos 4.5.6.202401111512-1", "ver 10.0.0.1234"})
    void versionStringsAreNotAddresses(String in) {
        DefaultRedactor fresh = new DefaultRedactor(RedactionFacts.empty());
        assertThat(fresh.redact(in)).isEqualTo(in);
        assertThat(fresh.mapping()).isEmpty();
    }

    @Test
    void cgroupfsAndSysfsContentIsCleanedLikeAnyOther() throws IOException {
        assertThat(write("sys/fs/cgroup/system.slice/x.service/cgroup.procs", "web1.corp.acme.com 10.1.2.3\n"))
                .doesNotContain("web1").doesNotContain("10.1.2.3");
        assertThat(write("sys/class/net/eth0/address", "52:54:00:12:34:56\n")).startsWith("mac-");
    }

    // ---- user rules

    @Test
    void userRulesFromYaml() throws IOException {
        RedactionConfig c = RedactionConfig.parse("""
                words: [ProjectX]
                hosts: [db-main, vm]
                domains: [acme.internal]
                users: [jdoe]
                secretKeys: [mycorp_sig]
                patterns:
                  - regex: 'CUST-[0-9]{6}'
                    secret: false
                  - 'INTERNAL-(?<secret>[A-Z]+)-END'
                files:
                  - path: 'etc/app/*.lic'
                """);
        DefaultRedactor u = new DefaultRedactor(RedactionFacts.empty(), new TokenMap(), c);
        String out = u.redact("projectx db-main x.acme.internal jdoe mycorp_sig=abc123 CUST-123456 INTERNAL-ABC-END vm\n");
        // patterns apply first, so the pattern's match got the first word token
        assertThat(out).isEqualTo("word-2 host-1 host-2.domain-1.example user-1 mycorp_sig=<redacted> word-1 INTERNAL-<redacted>-END host-3\n");
        assertThat(u.mapping()).containsEntry("word-1", "cust-123456").containsEntry("word-2", "projectx");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (OutputStream o = u.wrap(buf, "etc/app/site.lic")) {
            o.write("LICENSE-KEY-123\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(buf.toString(StandardCharsets.UTF_8)).doesNotContain("LICENSE").contains("<redacted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"words: x", "nope: [a]", "patterns: ['(']", "files: [{path: x, content: weird}]", "- a"})
    void badRulesSayWhatIsWrong(String yaml) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RedactionConfig.parse(yaml))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rulesACollectorDeclaresApplyToItsFilesAndShareTokens() throws IOException {
        DefaultRedactor base = Fixtures.redactor();
        DefaultRedactor withCollector = base.withConfig(RedactionConfig.ofFiles(java.util.List.of(
                new RedactionConfig.FileRule("etc/ceph/*.keyring", RedactionConfig.FileContent.SECRET),
                new RedactionConfig.FileRule("sos_commands/vendor/conns", RedactionConfig.FileContent.HEX_IPV4_PORT))));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (OutputStream o = withCollector.wrap(buf, "etc/ceph/ceph.client.admin.keyring")) {
            o.write("[client.admin]\n\tkey = something-not-shaped-like-a-key\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(buf.toString(StandardCharsets.UTF_8)).startsWith("<redacted: this file is declared secret").doesNotContain("something");
        buf.reset();
        try (OutputStream o = withCollector.wrap(buf, "sos_commands/vendor/conns")) {
            o.write("0502010A:0016\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(buf.toString(StandardCharsets.UTF_8)).isEqualTo(base.redact("10.1.2.5") + ":0016\n");
        assertThat(base.mapping()).isEqualTo(withCollector.mapping()); // one token table
    }

    // ---- a reused map

    @Test
    void aReusedMapKeepsTokensAndHidesTheOtherNodesNames() {
        DefaultRedactor a = Fixtures.redactor();
        String first = a.redact("web1 10.1.2.5 2001:db8::5 52:54:00:12:34:56 alice");
        TokenMap loaded = TokenMap.load(a.mapping());
        DefaultRedactor b = new DefaultRedactor(new RedactionFacts(Set.of("node2"), Set.of(), Set.of()), loaded);
        String second = b.redact("web1 10.1.2.5 2001:db8::5 52:54:00:12:34:56 alice node2 10.1.2.9 10.9.9.9 2001:db8::6");
        assertThat(second).startsWith(first + " ");
        assertThat(second).isEqualTo(first + " host-2 ip4-1.9 ip4-2.9 ip6-1.2");
        assertThat(b.mapping()).containsAllEntriesOf(a.mapping());
    }

    private String write(String path, String text) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (OutputStream o = r.wrap(buf, path)) {
            o.write(text.getBytes(StandardCharsets.ISO_8859_1));
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }
}
