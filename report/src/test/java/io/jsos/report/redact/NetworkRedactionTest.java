package io.jsos.report.redact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkRedactionTest {

    private final DefaultRedactor r = new DefaultRedactor(RedactionFacts.empty());

    // ---- IPv4

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.1.2.5                              | ip4-1.5",
        "inet 10.1.2.5/24 brd 10.1.2.255       | inet ip4-1.5/24 brd ip4-1.255",
        "src=10.1.2.5,dst=10.1.2.9;            | src=ip4-1.5,dst=ip4-1.9;",
        "connect to 10.1.2.5:8080 failed.      | connect to ip4-1.5:8080 failed.",
        "[10.1.2.5]                            | [ip4-1.5]",
        "mon_host = [v2:10.1.2.5:3300/0]       | mon_host = [v2:ip4-1.5:3300/0]",
        "ip-10-1-2-5.ec2.internal              | ip4-1.5.ec2.internal",
        "255.255.255.255 0.0.0.0 127.0.0.53    | 255.255.255.255 0.0.0.0 127.0.0.53",
        "mask 255.255.255.0 255.255.240.0      | mask 255.255.255.0 255.255.240.0",
        "mdns 224.0.0.251                      | mdns 224.0.0.251",
        "not a mask 255.0.255.0                | not a mask ip4-1.0",
    })
    void ipv4(String in, String out) {
        assertThat(r.redact(in)).isEqualTo(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "version 1.2.3", "kernel 5.15.0-91-generic", "1.2.3.4.5", "v1.2.3.4", "libfoo.so.1.2.3.4x",
        "OID 1.3.6.1.4.1.2021", "10.1.2.256", "10.01.2.3", "999.1.1.1", "12.30.45", "x10.1.2.3",
    })
    void notIpv4(String in) {
        assertThat(r.redact(in)).isEqualTo(in);
        assertThat(r.mapping()).isEmpty();
    }

    @Test
    void addressesOfOneSubnetShareATokenPrefix() {
        String out = r.redact("10.20.30.1 10.20.30.77 10.20.31.1 172.16.0.9 10.20.30.254");
        String[] t = out.split(" ");
        assertThat(t[0]).endsWith(".1");
        assertThat(t[1]).endsWith(".77");
        assertThat(prefix(t[0])).isEqualTo(prefix(t[1])).isEqualTo(prefix(t[4]));
        assertThat(prefix(t[2])).isNotEqualTo(prefix(t[0]));
        assertThat(prefix(t[3])).isNotEqualTo(prefix(t[0])).isNotEqualTo(prefix(t[2]));
    }

    private static String prefix(String token) {
        return token.substring(0, token.lastIndexOf('.'));
    }

    // ---- IPv6

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2001:db8::5                                   | ip6-1.1",
        "inet6 2001:db8:0:0:0:0:0:5/64 scope global    | inet6 ip6-1.1/64 scope global",
        "fe80::5054:ff:fe12:3456%eth0                  | ip6-1.1%eth0",
        "ping fe80::1%br0.100 ok                       | ping ip6-1.1%br0.100 ok",
        "[2001:DB8::5]:443                             | [ip6-1.1]:443",
        "2001:0db8:85a3:0000:0000:8a2e:0370:7334       | ip6-1.1",
        "::ffff:10.1.2.5                               | ::ffff:ip4-1.5",
        "64:ff9b::10.1.2.5                             | ip6-1.1",
        "inet6 fe80::1: link up.                       | inet6 ip6-1.1: link up.",
        "::1 :: ff02::1 ff02::fb                       | ::1 :: ff02::1 ff02::fb",
        "ff02::1:ff12:3456                             | ip6-1.1",
    })
    void ipv6(String in, String out) {
        assertThat(r.redact(in)).isEqualTo(out);
    }

    @Test
    void sameIpv6InAnyFormSameToken() {
        assertThat(r.redact("2001:db8::5 2001:DB8:0:0:0:0:0:5 2001:db8:0::0:5")).isEqualTo("ip6-1.1 ip6-1.1 ip6-1.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "12:30:45", "Oct 12 12:30:45 up 1:02", "2024-01-02T12:30:45.123Z", "std::vector<int> a::b", "Foo::Bar::baz()",
        "::Foo", "deadbeef::", "1:2:3", "a:b:c:d", "uptime 10:20:30:40", "ratio 1:1:1:1:1:1:1:1:1",
        "0100007F:0CEA 00000000:0000", "printf(\"%s::%s\")",
    })
    void notIpv6(String in) {
        assertThat(r.redact(in)).isEqualTo(in);
        assertThat(r.mapping()).isEmpty();
    }

    // ---- hardware addresses

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff | link/ether mac-1 brd ff:ff:ff:ff:ff:ff",
        "HWaddr 52-54-00-12-34-56                          | HWaddr mac-1",
        "52:54:00:AB:CD:EF 52:54:00:ab:cd:ef               | mac-1 mac-1",
        "wwn 50:01:43:80:12:34:56:78.                      | wwn mac-1.",
        "00:00:00:00:00:00                                 | 00:00:00:00:00:00",
    })
    void mac(String in, String out) {
        assertThat(r.redact(in)).isEqualTo(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12:30:45", "aa:bb:cc:dd:ee", "2024-01-02", "a-b-c-d-e-f", "52:54:00:12:34:5", "1a:2b:3c:4d:5e:6f7"})
    void notMac(String in) {
        assertThat(r.redact(in)).isEqualTo(in);
    }

    @Test
    void macAndIpv6DoNotSwallowEachOther() {
        assertThat(r.redact("52:54:00:12:34:56 fe80::5054:ff:fe12:3456")).isEqualTo("mac-1 ip6-1.1");
        assertThat(r.mapping()).containsEntry("mac-1", "52:54:00:12:34:56")
                .containsEntry("ip6-1.1", "fe80::5054:ff:fe12:3456");
    }
}
