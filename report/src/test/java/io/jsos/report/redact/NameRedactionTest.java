package io.jsos.report.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NameRedactionTest {

    private final DefaultRedactor r = Fixtures.redactor();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "web1                                     | host-1",
        "WEB1 Web1 web1                           | host-1 host-1 host-1",
        "Oct 12 12:30:45 web1 kernel: up          | Oct 12 12:30:45 host-1 kernel: up",
        "/var/log/web1/messages                   | /var/log/host-1/messages",
        "web1_backup.tar                          | host-1_backup.tar",
        "web1:/srv/data                           | host-1:/srv/data",
        "web1.corp.acme.com                       | host-1.domain-1.example",
        "WEB1.Corp.Acme.Com.                      | host-1.domain-1.example.",
        "https://web1.corp.acme.com:8443/x        | https://host-1.domain-1.example:8443/x",
        "db3.corp.acme.com                        | host-1.domain-1.example",
        "corp.acme.com                            | domain-1.example",
        "search corp.acme.com lab.acme.com        | search domain-1.example domain-2.example",
        "www.acme.com                             | host-1.domain-1.example",
        "/etc/ssl/web1.corp.acme.com.pem          | /etc/ssl/host-1.domain-1.example.pem",
        "web1.other.org                           | host-1.other.org",
        "web1-mgmt up                             | host-1 up",
        "web1 web1-mgmt db3.corp.acme.com         | host-1 host-2 host-3.domain-1.example",
    })
    void hostsAndDomains(String in, String out) {
        assertThat(r.redact(in)).isEqualTo(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "web10", "aweb1", "web1-eth0", "web1x.corp", "acme", "acme.com.evil", "the corp is big", "localhost",
        "localhost.localdomain", "db", "corp-acme-com",
    })
    void notHostNames(String in) {
        String out = r.redact(in);
        if (in.equals("acme.com.evil")) {
            // acme.com is a known (parent) domain: hidden as whole labels even with more labels after it
            assertThat(out).isEqualTo("domain-1.example.evil");
        } else {
            assertThat(out).isEqualTo(in);
        }
    }

    @Test
    void fqdnAndShortNameShareTheHostToken() {
        String out = r.redact("web1 web1.corp.acme.com WEB1.CORP.ACME.COM");
        assertThat(out).isEqualTo("host-1 host-1.domain-1.example host-1.domain-1.example");
        assertThat(r.mapping()).containsEntry("host-1", "web1").containsEntry("domain-1.example", "corp.acme.com");
    }

    @Test
    void hostInAGenericDomainKeepsTheDomain() {
        DefaultRedactor d = new DefaultRedactor(new RedactionFacts(Set.of("node7.localdomain"), Set.of(), Set.of()));
        assertThat(d.redact("node7 node7.localdomain")).isEqualTo("host-1 host-1.localdomain");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "alice                                     | user-1",
        "/home/alice/.bashrc                       | /home/user-1/.bashrc",
        "Accepted publickey for Alice from x       | Accepted publickey for user-1 from x",
        "alice@web1                                | user-1@host-1",
        "uid=1000(alice) gid=1000(alice)           | uid=1000(user-1) gid=1000(user-1)",
        "j.doe logged in                           | user-1 logged in",
        "chown bob:bob /srv                        | chown user-1:user-1 /srv",
        "alice.web1                                | user-1.host-1",
    })
    void users(String in, String out) {
        assertThat(r.redact(in)).isEqualTo(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"malice", "alice_x", "bobby", "kebob", "alice-laptop", "jdoe", "root", "ubuntu"})
    void notUserNames(String in) {
        assertThat(r.redact(in)).isEqualTo(in);
    }

    @Test
    void namesInsideSecretSettingNamesAreHiddenToo() {
        assertThat(r.redact("web1_password=hunter2")).isEqualTo("host-1_password=<redacted>");
        assertThat(r.redact("x alice.token: abc")).isEqualTo("x user-1.token: <redacted>");
    }

    @Test
    void noFactsNoNames() {
        DefaultRedactor none = new DefaultRedactor(RedactionFacts.empty());
        assertThat(none.redact("web1.corp.acme.com alice")).isEqualTo("web1.corp.acme.com alice");
    }
}
