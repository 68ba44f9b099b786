package io.jsos.report.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The same value gets the same token across streams, threads and redactors sharing a TokenMap. */
class ConsistencyTest {

    private static final String TEXT = "web1 10.1.2.3 10.1.2.4 10.7.7.7 fe80::1 2001:db8::9 52:54:00:12:34:56 alice "
            + "db3.corp.acme.com bob password=hunter2\n";

    private static String through(OutputStream out, ByteArrayOutputStream sink, String text) throws IOException {
        try (out) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return sink.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sameTokensAcrossTwoStreams() throws IOException {
        DefaultRedactor r = Fixtures.redactor();
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        OutputStream first = r.wrap(a);
        OutputStream second = r.wrap(b);
        // interleaved: the second stream meets some values first (a line counts once its '\n' is written)
        second.write("2001:db8::9 alice 10.7.7.7\n".getBytes(StandardCharsets.UTF_8));
        String one = through(first, a, TEXT);
        String two = through(second, b, TEXT);
        assertThat(two).isEqualTo("ip6-1.1 user-1 ip4-1.7\n" + one);
        assertThat(one).contains(" ip6-1.1 ", " user-1 ", " ip4-1.7 ");
        assertThat(r.redact(TEXT)).isEqualTo(one);
    }

    @Test
    void sameTokensAcrossThreads() throws Exception {
        DefaultRedactor r = Fixtures.redactor();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            results.add(pool.submit(() -> {
                go.await();
                // each thread meets the lines in its own order, byte by byte for some
                ByteArrayOutputStream sink = new ByteArrayOutputStream();
                try (OutputStream out = r.wrap(sink)) {
                    for (int i = 0; i < 200; i++) {
                        String line = "n" + ((i + offset * 13) % 200) + " 10.9." + ((i + offset) % 5) + "." + i % 250
                                + " host" + ((i * 7 + offset) % 50) + ".corp.acme.com " + TEXT;
                        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                        if (offset % 2 == 0) {
                            out.write(bytes);
                        } else {
                            for (byte b : bytes) {
                                out.write(b);
                            }
                        }
                    }
                }
                return sink.toString(StandardCharsets.UTF_8);
            }));
        }
        go.countDown();
        List<String> outputs = new ArrayList<>();
        for (Future<String> f : results) {
            outputs.add(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        String reference = r.redact(TEXT);
        for (String out : outputs) {
            assertThat(out.split("\n")).allSatisfy(line -> assertThat(line).endsWith(reference.strip()));
        }
        // every original maps back from exactly one token
        Map<String, String> mapping = r.mapping();
        assertThat(mapping.values()).doesNotHaveDuplicates();
        assertThat(mapping.keySet().stream().filter(k -> k.startsWith("host-"))).hasSize(50 + 2); // + web1, db3
    }

    @Test
    void redactorsSharingATokenMapAgree() {
        TokenMap shared = new TokenMap();
        DefaultRedactor a = new DefaultRedactor(Fixtures.facts(), shared);
        DefaultRedactor b = new DefaultRedactor(RedactionFacts.empty(), shared);
        String fromA = a.redact("10.1.2.3 then 10.1.2.8");
        String fromB = b.redact("10.1.2.8 then 10.1.2.3");
        assertThat(fromA).isEqualTo("ip4-1.3 then ip4-1.8");
        assertThat(fromB).isEqualTo("ip4-1.8 then ip4-1.3");
    }

    /**
     * A stream keeps the last tokens it wrote (names by word, IPv4 and IPv6 addresses in small
     * tables of slots): with far more values than slots, met again in another order, in another case, every
     * value must still come out as the token table has it.
     */
    @Test
    void aStreamsTokenCachesAgreeWithTheTable() throws IOException {
        DefaultRedactor r = Fixtures.redactor();
        java.util.List<String> values = new java.util.ArrayList<>();
        for (int i = 0; i < 12_000; i++) {
            values.add("10." + (i >>> 8 & 0xff) + "." + (i & 0xff) + "." + (1 + i % 250));
        }
        for (int i = 0; i < 12_000; i++) {
            values.add("2001:db8:" + Integer.toHexString(i % 7) + "::" + Integer.toHexString(1 + i)); // seven /64s
        }
        for (int i = 0; i < 5_000; i++) {
            values.add("h" + i + ".corp.acme.com");
            values.add("Kept" + i + ".web1-mgmt"); // the first label stays, as written
        }
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        java.util.Random random = new java.util.Random(17);
        StringBuilder in = new StringBuilder();
        java.util.List<String> order = new java.util.ArrayList<>();
        for (int pass = 0; pass < 3; pass++) {
            java.util.Collections.shuffle(values, random);
            for (String v : values) {
                String written = pass == 2 ? v.toUpperCase(java.util.Locale.ROOT) : v;
                in.append("at ").append(written).append(" ok\n");
                order.add(v);
            }
        }
        String[] lines = through(r.wrap(sink), sink, in.toString()).split("\n");
        assertThat(lines).hasSize(order.size());
        TokenMap tokens = r.tokens();
        for (int i = 0; i < lines.length; i++) {
            String v = order.get(i);
            String written = i >= 2 * values.size() ? v.toUpperCase(java.util.Locale.ROOT) : v;
            String expected = v.startsWith("10.") ? tokens.ip4(v)
                    : v.startsWith("2001:") ? tokens.ip6(v)
                    : v.startsWith("Kept") ? written.substring(0, written.indexOf('.')) + "." + tokens.host("web1-mgmt")
                    : tokens.host(v.substring(0, v.indexOf('.'))) + "." + tokens.domain("corp.acme.com");
            assertThat(lines[i]).as("line %d (%s)", i, v).isEqualTo("at " + expected + " ok");
        }
    }

    /**
     * A stream remembers which setting names are secret (per separator kind, cleared when full):
     * with far more names than it keeps, each with '=' and ':' (the bare name {@code key} is secret
     * only with '='), met again in another order, every line must come out as a stream of its own
     * (which has remembered nothing) writes it.
     */
    @Test
    void aStreamsSecretNameMemoryAgreesWithAFreshStream() throws IOException {
        DefaultRedactor r = Fixtures.redactor();
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            for (String key : new String[] {"app" + i + "_password", "app" + i + "_path", "Key" + i, "key"}) {
                lines.add(key + " = v" + i);
                lines.add(key + ": v" + i);
            }
        }
        java.util.Random random = new java.util.Random(5);
        java.util.List<String> order = new java.util.ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            java.util.Collections.shuffle(lines, random);
            order.addAll(lines);
        }
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        String[] out = through(r.wrap(sink), sink, String.join("\n", order) + "\n").split("\n");
        assertThat(out).hasSize(order.size());
        int hidden = 0;
        for (int i = 0; i < out.length; i++) {
            ByteArrayOutputStream alone = new ByteArrayOutputStream();
            String expected = through(r.wrap(alone), alone, order.get(i) + "\n");
            assertThat(out[i] + "\n").as("line %d", i).isEqualTo(expected);
            hidden += expected.matches("(?s).*v[0-9]+\\n") ? 0 : 1;
        }
        assertThat(hidden).as("lines whose value was hidden").isGreaterThan(order.size() / 4);
    }

    @Test
    void mappingHoldsIdentitiesButNeverSecrets() {
        DefaultRedactor r = Fixtures.redactor();
        r.redact(TEXT + "token: tok-123456\n{\"apiKey\": \"k-98765\"}\nhttps://bob:urlpass@web1/\nBearer bearer-abcdefgh\n"
                + "-----BEGIN PRIVATE KEY-----\nMIIEpemBODY\n-----END PRIVATE KEY-----\n");
        Map<String, String> mapping = r.mapping();
        assertThat(mapping).containsEntry("host-1", "web1")
                .containsEntry("ip4-1.3", "10.1.2.3")
                .containsEntry("ip4-1", "10.1.2.0/24")
                .containsEntry("ip6-1.1", "fe80::1")
                .containsEntry("mac-1", "52:54:00:12:34:56")
                .containsEntry("user-1", "alice")
                .containsEntry("domain-1.example", "corp.acme.com");
        String all = String.join("\n", mapping.keySet()) + String.join("\n", mapping.values());
        assertThat(all).doesNotContain("hunter2", "tok-123456", "k-98765", "urlpass", "bearer-abcdefgh", "MIIE",
                "<redacted>");
    }
}
