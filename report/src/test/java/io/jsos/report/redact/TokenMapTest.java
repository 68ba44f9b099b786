package io.jsos.report.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenMapTest {

    @Test
    void tokenFormsPerCategory() {
        TokenMap t = new TokenMap();
        assertThat(t.host("web1")).isEqualTo("host-1");
        assertThat(t.host("db3")).isEqualTo("host-2");
        assertThat(t.domain("corp.acme.com")).isEqualTo("domain-1.example");
        assertThat(t.user("alice")).isEqualTo("user-1");
        assertThat(t.ip4("10.1.2.5")).isEqualTo("ip4-1.5");
        assertThat(t.ip6("2001:db8::5")).isEqualTo("ip6-1.1");
        assertThat(t.mac("52:54:00:12:34:56")).isEqualTo("mac-1");
    }

    @Test
    void sameValueSameTokenIgnoringCaseAndSpelling() {
        TokenMap t = new TokenMap();
        assertThat(t.host("WEB1")).isEqualTo(t.host("web1"));
        assertThat(t.user("Alice")).isEqualTo(t.user("alice"));
        assertThat(t.domain("Corp.Acme.Com")).isEqualTo(t.domain("corp.acme.com"));
        assertThat(t.ip6("FE80:0:0:0:0:0:0:1")).isEqualTo(t.ip6("fe80::1"));
        assertThat(t.mac("52-54-00-AB-CD-EF")).isEqualTo(t.mac("52:54:00:ab:cd:ef"));
        assertThat(t.mapping()).containsEntry("host-1", "web1").containsEntry("ip6-1.1", "fe80::1")
                .containsEntry("mac-1", "52:54:00:ab:cd:ef");
    }

    @Test
    void ipv4TokensShareAPrefixExactlyWhenTheAddressesShareA24() {
        TokenMap t = new TokenMap();
        String a = t.ip4("10.1.2.5");
        String b = t.ip4("10.1.2.9");
        String c = t.ip4("10.1.3.5");
        String d = t.ip4("192.168.2.5");
        assertThat(a).isEqualTo("ip4-1.5");
        assertThat(b).isEqualTo("ip4-1.9");
        assertThat(prefix(a)).isEqualTo(prefix(b));
        assertThat(prefix(c)).isNotEqualTo(prefix(a));
        assertThat(prefix(d)).isNotEqualTo(prefix(a)).isNotEqualTo(prefix(c));
        assertThat(a).isNotEqualTo(c); // same last octet, different network
        assertThat(t.mapping())
                .containsEntry("ip4-1", "10.1.2.0/24")
                .containsEntry("ip4-1.5", "10.1.2.5")
                .containsEntry("ip4-1.9", "10.1.2.9")
                .containsEntry("ip4-2", "10.1.3.0/24")
                .containsEntry("ip4-3.5", "192.168.2.5");
    }

    private static String prefix(String token) {
        return token.substring(0, token.lastIndexOf('.'));
    }

    @Test
    void rejectsWhatIsNotAnAddress() {
        TokenMap t = new TokenMap();
        assertThatThrownBy(() -> t.ip4("10.1.2.256")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.ip6("12:30:45")).isInstanceOf(IllegalArgumentException.class);
        assertThat(t.mapping()).isEmpty();
    }

    @Test
    void mappingIsSortedNaturally() {
        TokenMap t = new TokenMap();
        for (int i = 1; i <= 12; i++) {
            t.host("h" + i + "x");
        }
        List<String> keys = new ArrayList<>(t.mapping().keySet());
        assertThat(keys).startsWith("host-1", "host-2", "host-3").endsWith("host-10", "host-11", "host-12");
    }

    @Test
    void mappingIsASnapshot() {
        TokenMap t = new TokenMap();
        t.host("web1");
        Map<String, String> before = t.mapping();
        t.host("web2");
        assertThat(before).hasSize(1);
        assertThat(t.mapping()).hasSize(2);
    }

    @Test
    void concurrentCallersAgreeAndNumbersAreDense() throws Exception {
        TokenMap t = new TokenMap();
        int threads = 8;
        int values = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Map<String, String>>> results = new ArrayList<>();
        for (int k = 0; k < threads; k++) {
            int seed = k;
            results.add(pool.submit(() -> {
                go.await();
                Map<String, String> seen = new ConcurrentHashMap<>();
                for (int i = 0; i < values; i++) {
                    int v = (i * 7 + seed * 31) % values; // each thread in its own order
                    seen.put("h" + v, t.host("h" + v));
                    seen.put("10.0." + (v % 4) + "." + (v % 250), t.ip4("10.0." + (v % 4) + "." + (v % 250)));
                }
                return seen;
            }));
        }
        go.countDown();
        Map<String, String> first = results.get(0).get(30, TimeUnit.SECONDS);
        for (Future<Map<String, String>> r : results) {
            assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo(first);
        }
        pool.shutdown();
        // every host got its own number, 1..values, none skipped or shared
        Set<String> hostTokens = Set.copyOf(first.entrySet().stream()
                .filter(e -> e.getKey().startsWith("h")).map(Map.Entry::getValue).toList());
        assertThat(hostTokens).hasSize(values);
        for (int i = 1; i <= values; i++) {
            assertThat(hostTokens).contains("host-" + i);
        }
        // four /24s
        assertThat(t.mapping().keySet().stream().filter(k -> k.matches("ip4-\\d+"))).hasSize(4);
    }

    /**
     * Addresses are not kept as token and text per address, but {@link TokenMap#mapping()} must
     * list exactly what it listed when they were: each token returned with its address in
     * canonical form, each /24 and /64, in natural order. The reference here is that table, built
     * from the tokens as they are handed out; few and many networks, repeats, 0.0.0.0, names.
     */
    @Test
    void mappingListsEveryAddressTokenAsWhenEachWasKept() {
        java.util.Random random = new java.util.Random(5);
        for (int round = 0; round < 20; round++) {
            TokenMap t = new TokenMap();
            java.util.TreeMap<String, String> expected = new java.util.TreeMap<>(TokenMap.NATURAL_ORDER);
            int networks = 1 + random.nextInt(round < 10 ? 4 : 3000);
            for (int i = 0; i < 3000; i++) {
                met(t, expected, random, networks);
            }
            assertThat(new ArrayList<>(t.mapping().entrySet())).isEqualTo(new ArrayList<>(expected.entrySet()));
        }
    }

    /** A map read back, then more addresses: the mapping is the old one plus the new tokens, as before. */
    @Test
    void mappingAfterLoadKeepsWhatWasReadAndAddsWhatIsMet() {
        java.util.Random random = new java.util.Random(6);
        TokenMap first = new TokenMap();
        java.util.TreeMap<String, String> expected = new java.util.TreeMap<>(TokenMap.NATURAL_ORDER);
        for (int i = 0; i < 2000; i++) {
            met(first, expected, random, 40);
        }
        TokenMap second = TokenMap.load(first.mapping());
        assertThat(second.mapping()).isEqualTo(first.mapping());
        for (int i = 0; i < 2000; i++) {
            met(second, expected, random, 60);
        }
        assertThat(new ArrayList<>(second.mapping().entrySet())).isEqualTo(new ArrayList<>(expected.entrySet()));
    }

    /** One random address or name through {@code t}, and what the mapping must then hold for it. */
    private static void met(TokenMap t, Map<String, String> expected, java.util.Random random, int networks) {
        int net = random.nextInt(networks);
        switch (random.nextInt(4)) {
            case 0, 1 -> {
                long a = random.nextInt(50) == 0 ? 0 : (0x0a000000L + ((long) net << 8) + random.nextInt(256)) & 0xffffffffL;
                String text = Addresses.formatIpv4(a);
                String token = t.ip4(text);
                expected.put(token, text);
                String network = token.substring(0, token.indexOf('.'));
                expected.put(network, Addresses.formatIpv4(a & ~0xffL) + "/24");
            }
            case 2 -> {
                byte[] a = new byte[16];
                a[0] = 0x20;
                a[1] = 0x01;
                a[6] = (byte) (net >>> 8);
                a[7] = (byte) net;
                a[15] = (byte) random.nextInt(256);
                a[random.nextBoolean() ? 8 : 12] = (byte) random.nextInt(4);
                String token = random.nextBoolean() ? t.ip6(a) : t.ip6(Addresses.formatIpv6(a).toUpperCase(java.util.Locale.ROOT));
                expected.put(token, Addresses.formatIpv6(a));
                byte[] n = java.util.Arrays.copyOf(a, 16);
                java.util.Arrays.fill(n, 8, 16, (byte) 0);
                expected.put(token.substring(0, token.indexOf('.')), Addresses.formatIpv6(n) + "/64");
            }
            default -> {
                String name = "h" + net;
                expected.put(t.host(name), name);
            }
        }
    }

    @Test
    void concurrentCallersAgreeOnIpv6NumbersAndNoneIsSkipped() throws Exception {
        TokenMap t = new TokenMap();
        int threads = 8;
        int values = 2000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Map<Integer, String>>> results = new ArrayList<>();
        for (int k = 0; k < threads; k++) {
            int seed = k;
            results.add(pool.submit(() -> {
                go.await();
                Map<Integer, String> seen = new java.util.HashMap<>();
                for (int i = 0; i < values; i++) {
                    int v = (i * 7 + seed * 31) % values;
                    byte[] a = new byte[16];
                    a[0] = 0x20;
                    a[7] = (byte) (v % 5);
                    a[14] = (byte) (v >>> 8);
                    a[15] = (byte) v;
                    seen.put(v, t.ip6(a));
                }
                return seen;
            }));
        }
        go.countDown();
        Map<Integer, String> first = results.get(0).get(30, TimeUnit.SECONDS);
        for (Future<Map<Integer, String>> r : results) {
            assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo(first);
        }
        pool.shutdown();
        assertThat(Set.copyOf(first.values())).hasSize(values);
        for (int n = 1; n <= 5; n++) {
            for (int h = 1; h <= values / 5; h++) {
                assertThat(t.mapping()).containsKey("ip6-" + n + "." + h);
            }
        }
        assertThat(t.mapping()).hasSize(values + 5);
    }

    /** A read-back /64 number no table writes (a hand-edited map) is ignored, not allocated for. */
    @Test
    void aHugeReadBackNetworkNumberIsNotATokenOfThisTable() {
        TokenMap t = TokenMap.load(Map.of("ip6-2000000000", "2001:db8::/64", "ip6-2000000000.1", "2001:db8::1",
                "ip6-3", "2001:db8:1::/64"));
        assertThat(t.mapping()).containsOnlyKeys("ip6-3");
        assertThat(t.ip6("2001:db8:2::1")).isEqualTo("ip6-4.1");
    }
}
