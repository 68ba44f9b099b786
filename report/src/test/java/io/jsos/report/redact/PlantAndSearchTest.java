package io.jsos.report.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Plants identities and secrets in the formats a support bundle is made of, redacts, and searches
 * the result for every planted value (case-insensitively). Anything found is a leak.
 */
class PlantAndSearchTest {

    private static final RedactionFacts FACTS = new RedactionFacts(
            Set.of("kestrel7.ops.zephyrcorp.net"), Set.of("ops.zephyrcorp.net", "lab.zephyrcorp.net"),
            Set.of("marguerite", "tkowalski", "svc-ledger"));

    /** Identities: must all be gone, and (except the host's short name and users) be in the mapping. */
    private static final List<String> IDENTITIES = List.of(
            "kestrel7", "zephyrcorp", "marguerite", "tkowalski", "svc-ledger",
            "10.47.113.21", "10.47.113.22", "172.20.9.14", "192.168.77.201", "100.81.3.9",
            "2001:db8:47:113::21", "fd12:3456:789a:1::7", "fe80::a8f3:22ff:fe41:9c0e", "2001:db8:47:113:0:0:0:22",
            "a8:f3:22:41:9c:0e", "A8-F3-22-41-9C-0F", "50:01:43:80:29:9b:17:aa");

    /** Secrets: must all be gone, and never be in the mapping. */
    private static final List<String> SECRETS = List.of(
            "Pl4nt-env-pass", "Pl4nt-yaml-pass", "Pl4nt-ini-pass", "Pl4nt json pass", "Pl4nt-flag-pass",
            "Pl4nt-flag2-pass", "Pl4nt-url-pass", "Pl4nt-xml-pass", "Pl4nt-redis-pass", "Pl4ntApiKey0042",
            "Pl4ntAccessTok", "Pl4ntBearerTok9", "Pl4ntBasicCred==", "Pl4ntCookieVal", "Pl4ntSpringPw",
            "Pl4ntDockerPw", "Pl4ntWifiPsk", "Pl4ntNmPsk", "Pl4ntAwsSecret/abc+def", "Pl4ntQuerySecret",
            "Pl4ntSystemdPw", "Pl4ntGoStructPw", "Pl4ntPythonPw", "Pl4ntXAuthToken", "Pl4ntClientSecret",
            "Pl4ntEnvironPw", "Pl4ntGitToken",
            "AQD7sXZjAAAAABAAPl4ntCephKeyAAAAAAAAAA==", "AKIAPL4NTEXAMPLE7777",
            "ghp_Pl4ntGitHubToken000000000000000000000",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJQbDRudEp3dCJ9.Pl4ntJwtSignature",
            "MIIEpAIBAAKCAQEAPl4ntPemBodyLine1", "Pl4ntPemBodyLine2abcdef", "Pl4ntOpensshBody",
            "$6$Pl4ntSalt$Pl4ntShadowHashAAAAAAAAAAAAAAAAAAAAAAA", "LS0tLS1Pl4ntKubeKeyData",
            "Pl4ntKubeToken.abcdef0123456789");

    private static final String BUNDLE = String.join("\n",
            // identity everywhere
            "# etc/hostname",
            "kestrel7",
            "# etc/hosts",
            "127.0.0.1 localhost",
            "127.0.1.1 kestrel7.ops.zephyrcorp.net kestrel7",
            "10.47.113.22 db-primary.ops.zephyrcorp.net db-primary",
            "# etc/resolv.conf",
            "search ops.zephyrcorp.net lab.zephyrcorp.net",
            "nameserver 10.47.113.1",
            "# ip addr",
            "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 9000 qdisc mq state UP group default qlen 1000",
            "    link/ether a8:f3:22:41:9c:0e brd ff:ff:ff:ff:ff:ff",
            "    inet 10.47.113.21/24 brd 10.47.113.255 scope global eth0",
            "    inet6 2001:db8:47:113::21/64 scope global",
            "    inet6 fe80::a8f3:22ff:fe41:9c0e/64 scope link",
            "3: eth1: link/ether A8-F3-22-41-9C-0F",
            "# ss -tnp",
            "ESTAB 0 0 [2001:db8:47:113:0:0:0:22]:5432 [fd12:3456:789a:1::7]:51234 users:((\"postgres\",pid=88,fd=7))",
            "ESTAB 0 0 10.47.113.21:22 172.20.9.14:50022",
            "# journal",
            "Nov 21 03:12:44 kestrel7 sshd[1234]: Accepted publickey for marguerite from 192.168.77.201 port 50522 ssh2",
            "Nov 21 03:12:45 KESTREL7 sudo: tkowalski : TTY=pts/0 ; PWD=/home/tkowalski ; USER=root ; COMMAND=/bin/true",
            "Nov 21 03:13:00 kestrel7 systemd[1]: Started ledger.service for svc-ledger.",
            "kubelet: node \"kestrel7.ops.zephyrcorp.net\" registered, podCIDR 100.81.3.0/24, gw 100.81.3.9",
            "lpfc 0000:3b:00.0: WWPN 50:01:43:80:29:9b:17:aa",
            "mail for marguerite@zephyrcorp.net via smtp.lab.zephyrcorp.net",
            // secrets in every format
            "# /proc/1234/environ",
            "PATH=/usr/bin\u0000DB_PASSWORD=Pl4nt-env-pass\u0000HOME=/home/marguerite\u0000",
            "# app.yaml",
            "database:",
            "  host: db-primary.ops.zephyrcorp.net",
            "  password: Pl4nt-yaml-pass",
            "  api_key: \"Pl4ntApiKey0042\"",
            "# app.ini",
            "[db]",
            "Password = Pl4nt-ini-pass",
            "# config.json",
            "{\"user\": \"svc-ledger\", \"password\": \"Pl4nt json pass\", \"accessToken\": \"Pl4ntAccessTok\"}",
            "# ps",
            "svc-ledger 4242 /opt/ledger/bin/ledger --db-password=Pl4nt-flag-pass --admin-password Pl4nt-flag2-pass -v",
            "# urls",
            "DATABASE_URL=postgresql://svc-ledger:Pl4nt-url-pass@db-primary.ops.zephyrcorp.net:5432/ledger",
            "<config><smtpPassword>Pl4nt-xml-pass</smtpPassword></config>",
            "requirepass Pl4nt-redis-pass",
            "# curl -v",
            "> GET /v1/accounts?client_secret=Pl4ntQuerySecret&page=1 HTTP/1.1",
            "> Authorization: Bearer Pl4ntBearerTok9",
            "> Proxy-Authorization: Basic Pl4ntBasicCred==",
            "> Cookie: Pl4ntCookieVal",
            "> X-Auth-Token: Pl4ntXAuthToken",
            "spring.datasource.password=Pl4ntSpringPw",
            "\"Env\": [\"POSTGRES_PASSWORD=Pl4ntDockerPw\", \"TZ=UTC\"],",
            "network={",
            "    ssid=\"corpwifi\"",
            "    psk=\"Pl4ntWifiPsk\"",
            "}",
            "[wifi-security]",
            "psk=Pl4ntNmPsk",
            "aws_secret_access_key = Pl4ntAwsSecret/abc+def",
            "aws_access_key_id = AKIAPL4NTEXAMPLE7777",
            "Environment=\"LEDGER_PASSWORD=Pl4ntSystemdPw\"",
            "config: {Host:db-primary Password:Pl4ntGoStructPw Port:5432}",
            "settings = {'password': 'Pl4ntPythonPw', 'port': 5432}",
            "oauth: client_id=ledger client_secret=Pl4ntClientSecret",
            "A=1\u0000ADMIN_PWD=Pl4ntEnvironPw\u0000",
            "[remote \"origin\"]",
            "    url = https://x-access-token:Pl4ntGitToken@github.com/zephyr/ledger.git",
            "[client.admin]",
            "\tkey = AQD7sXZjAAAAABAAPl4ntCephKeyAAAAAAAAAA==",
            "mount -t ceph 10.47.113.22:6789:/ /mnt -o name=admin,secret=AQD7sXZjAAAAABAAPl4ntCephKeyAAAAAAAAAA==",
            "git push https://ghp_Pl4ntGitHubToken000000000000000000000@github.com/x/y",
            "session eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJQbDRudEp3dCJ9.Pl4ntJwtSignature expired",
            "-----BEGIN RSA PRIVATE KEY-----",
            "MIIEpAIBAAKCAQEAPl4ntPemBodyLine1",
            "Pl4ntPemBodyLine2abcdef",
            "-----END RSA PRIVATE KEY-----",
            "-----BEGIN OPENSSH PRIVATE KEY-----",
            "Pl4ntOpensshBody",
            "-----END OPENSSH PRIVATE KEY-----",
            "marguerite:$6$Pl4ntSalt$Pl4ntShadowHashAAAAAAAAAAAAAAAAAAAAAAA:19683:0:99999:7:::",
            "users:",
            "- name: kubelet",
            "  user:",
            "    client-key-data: LS0tLS1Pl4ntKubeKeyData",
            "    token: Pl4ntKubeToken.abcdef0123456789",
            "");

    @Test
    void nothingPlantedSurvives() throws IOException {
        DefaultRedactor r = new DefaultRedactor(FACTS);
        // written in odd-sized pieces, as collectors do
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        byte[] in = BUNDLE.getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = r.wrap(sink)) {
            for (int i = 0; i < in.length; i += 37) {
                out.write(in, i, Math.min(37, in.length - i));
            }
        }
        String out = sink.toString(StandardCharsets.UTF_8);
        String haystack = out.toLowerCase(Locale.ROOT);
        for (String planted : IDENTITIES) {
            assertThat(haystack).as("identity %s leaked in:%n%s", planted, out).doesNotContain(planted.toLowerCase(Locale.ROOT));
        }
        for (String planted : SECRETS) {
            assertThat(haystack).as("secret %s leaked in:%n%s", planted, out).doesNotContain(planted.toLowerCase(Locale.ROOT));
        }
        // ... while the bundle stays readable
        assertThat(out).contains("localhost", "127.0.0.1", "ff:ff:ff:ff:ff:ff", "scope global eth0", "USER=root",
                "TZ=UTC", "ssid=\"corpwifi\"", "-----BEGIN RSA PRIVATE KEY-----", "-----END OPENSSH PRIVATE KEY-----",
                "brd ip4-1.255");

        Map<String, String> mapping = r.mapping();
        String mapped = String.join("\n", mapping.values()).toLowerCase(Locale.ROOT);
        for (String planted : SECRETS) {
            assertThat(mapped).as("secret %s in the mapping", planted).doesNotContain(planted.toLowerCase(Locale.ROOT));
        }
        assertThat(mapping.values()).contains("kestrel7", "ops.zephyrcorp.net", "marguerite", "10.47.113.21",
                "2001:db8:47:113::21", "2001:db8:47:113::22", "a8:f3:22:41:9c:0e", "a8:f3:22:41:9c:0f");
    }

    @Test
    void theSameHoldsForEveryLineOnItsOwn() {
        // a line redacted alone (manifest values, command lines) leaks nothing either
        DefaultRedactor r = new DefaultRedactor(FACTS);
        for (String line : BUNDLE.split("\n")) {
            if (line.startsWith("Pl4ntPemBody") || line.startsWith("MIIEpAIB") || line.equals("Pl4ntOpensshBody")) {
                continue; // a PEM body line alone is not recognisable, by design
            }
            String out = r.redact(line).toLowerCase(Locale.ROOT);
            for (String planted : SECRETS) {
                assertThat(out).as("line %s", line).doesNotContain(planted.toLowerCase(Locale.ROOT));
            }
            for (String planted : IDENTITIES) {
                assertThat(out).as("line %s", line).doesNotContain(planted.toLowerCase(Locale.ROOT));
            }
        }
    }
}
