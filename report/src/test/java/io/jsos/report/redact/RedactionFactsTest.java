package io.jsos.report.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactionFactsTest {

    @Test
    void fqdnGivesShortNameDomainAndParentDomain() {
        RedactionFacts f = new RedactionFacts(Set.of("Web1.Corp.Acme.COM."), Set.of(), Set.of());
        assertThat(f.hostNames()).containsExactly("web1", "web1.corp.acme.com");
        assertThat(f.domains()).containsExactly("acme.com", "corp.acme.com");
    }

    @Test
    void parentDomainsStopBeforeCountryCodeSecondLevel() {
        RedactionFacts f = new RedactionFacts(Set.of(), Set.of("eu.shop.acme.co.uk"), Set.of());
        assertThat(f.domains()).containsExactlyInAnyOrder("eu.shop.acme.co.uk", "shop.acme.co.uk", "acme.co.uk");
    }

    @Test
    void shortGenericAndLetterlessNamesAreNeverHidden() {
        RedactionFacts f = new RedactionFacts(
                Set.of("db", "localhost", "localhost.localdomain", "123", "ubuntu", "node7.localdomain"),
                Set.of("localdomain", "cluster.local", "svc.cluster.local", "lan", "com"),
                Set.of("js", "root", "nobody", "ubuntu", "max", "alice", "Bob"));
        assertThat(f.hostNames()).containsExactlyInAnyOrder("node7", "node7.localdomain");
        assertThat(f.domains()).isEmpty();
        assertThat(f.userNames()).containsExactly("alice", "bob");
    }

    @Test
    void emptyHidesNoNames() {
        RedactionFacts f = RedactionFacts.empty();
        assertThat(f.hostNames()).isEmpty();
        assertThat(f.domains()).isEmpty();
        assertThat(f.userNames()).isEmpty();
    }

    @Test
    void fromHostReadsHostnameHostsResolvConfAndPasswd() {
        FakeHost host = new FakeHost()
                .file("/etc/hostname", "web1\n")
                .file("/etc/hosts", String.join("\n",
                        "127.0.0.1   localhost",
                        "127.0.1.1   web1.corp.acme.com web1   # added by installer",
                        "10.1.2.5    web1-mgmt.corp.acme.com web1-mgmt",
                        "10.1.2.6    db3.corp.acme.com db3",
                        "::1         localhost ip6-localhost ip6-loopback",
                        "# 10.9.9.9 commented.example.org",
                        ""))
                .file("/etc/resolv.conf", String.join("\n",
                        "# generated",
                        "nameserver 10.1.0.2",
                        "search corp.acme.com lab.acme.com",
                        "domain corp.acme.com",
                        "options ndots:2"))
                .file("/etc/passwd", String.join("\n",
                        "root:x:0:0:root:/root:/bin/bash",
                        "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin",
                        "sshd:x:110:65534::/run/sshd:/usr/sbin/nologin",
                        "alice:x:1000:1000:Alice Liddell,,,:/home/alice:/bin/bash",
                        "bob:x:1001:1001::/home/bob:/bin/zsh",
                        "jo:x:1002:1002::/home/jo:/bin/sh",
                        "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin",
                        "svc-backup:x:60010:60010::/var/lib/backup:/usr/sbin/nologin",
                        "broken-line",
                        "+@netgroup::::::"));
        RedactionFacts f = RedactionFacts.fromHost(host);

        // the own lines (127.0.1.1, and lines naming web1) count, and so do lines naming a host in one of
        // its domains: their aliases (db3) are names in the customer's domain too; localhost never counts
        assertThat(f.hostNames()).containsExactlyInAnyOrder("web1", "web1.corp.acme.com", "web1-mgmt",
                "web1-mgmt.corp.acme.com", "db3", "db3.corp.acme.com");
        assertThat(f.hostNames()).doesNotContain("localhost", "ip6-localhost");
        assertThat(f.domains()).containsExactlyInAnyOrder("corp.acme.com", "lab.acme.com", "acme.com");
        assertThat(f.userNames()).containsExactlyInAnyOrder("alice", "bob", "svc-backup");
    }

    @Test
    void fromHostOfAnEmptyHostIsEmpty() {
        RedactionFacts f = RedactionFacts.fromHost(new FakeHost());
        assertThat(f).isEqualTo(RedactionFacts.empty());
    }

    @Test
    void hostsLinesMatchTheShortFormOfTheHostname() {
        assertThat(RedactionFacts.parseHosts(List.of("10.0.0.7 WEB1.corp.acme.com"), Set.of("web1")))
                .containsExactly("web1.corp.acme.com");
        assertThat(RedactionFacts.parseHosts(List.of("10.0.0.7 web1"), Set.of("web1.corp.acme.com")))
                .containsExactly("web1");
        assertThat(RedactionFacts.parseHosts(List.of("10.0.0.8 web10"), Set.of("web1"))).isEmpty();
    }

    @Test
    void hostnameFileMayHaveCommentsAndBlankLines() {
        assertThat(RedactionFacts.parseHostname("# set by cloud-init\n\n  Node-7.Example.ORG  \n")).isEqualTo("node-7.example.org");
        assertThat(RedactionFacts.parseHostname("")).isEmpty();
    }

    @Test
    void passwdIgnoresSystemAndOverflowUids() {
        assertThat(RedactionFacts.parsePasswd(List.of(
                "games:x:5:60:games:/usr/games:/usr/sbin/nologin",
                "carol:x:1005:1005::/home/carol:/bin/bash",
                "nfsnobody:x:4294967294:4294967294::/var/lib/nfs:/sbin/nologin",
                "dave:x:abc:1::/:/bin/sh")))
                .containsExactly("carol");
    }

    @Test
    void packageAccountsAreNotHiddenAsPeople() {
        // ceph (64045) on every Ceph node: hiding it would tokenise every ceph command in the bundle.
        RedactionFacts f = RedactionFacts.fromHost(new FakeHost().file("/etc/passwd", String.join("\n",
                "ceph:x:64045:64045:Ceph storage service:/var/lib/ceph:/usr/sbin/nologin",
                "libvirt-qemu:x:64055:108:Libvirt Qemu,,,:/var/lib/libvirt:/usr/sbin/nologin",
                "erin:x:59999:59999::/home/erin:/bin/bash",
                "frank:x:1200345:1200345::/home/frank:/bin/bash")));
        assertThat(f.userNames()).containsExactlyInAnyOrder("erin", "frank");
    }
}
