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
}
