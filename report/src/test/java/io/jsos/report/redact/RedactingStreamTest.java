package io.jsos.report.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RedactingStreamTest {

    private static final String SAMPLE = "host web1 at 10.1.2.3 (fe80::1%eth0, 52:54:00:12:34:56)\n"
            + "password=hunter2\n"
            + "-----BEGIN RSA PRIVATE KEY-----\n"
            + "MIIEowIBAAKCAQEAsecretsecret\n"
            + "c2VjcmV0c2VjcmV0\n"
            + "-----END RSA PRIVATE KEY-----\n"
            + "curl -H 'Authorization: Bearer abcdefghijkl' https://alice:pw@web1.corp.acme.com/\n"
            + "no newline at the end: token=abc";

    private static String redactInOneWrite(DefaultRedactor r, String text) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = r.wrap(sink)) {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        }
        return sink.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void byteByByteGivesTheSameResultAsOneWrite() throws IOException {
        String expected = redactInOneWrite(Fixtures.redactor(), SAMPLE);
        assertThat(expected).contains("<redacted>").doesNotContain("hunter2", "MIIE", "c2Vj", "abcdefghijkl", "pw@");

        DefaultRedactor r = Fixtures.redactor();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = r.wrap(sink)) {
            for (byte b : SAMPLE.getBytes(StandardCharsets.ISO_8859_1)) {
                out.write(b);
            }
        }
        assertThat(sink.toString(StandardCharsets.ISO_8859_1)).isEqualTo(expected);
    }

    @Test
    void everySplitPointGivesTheSameResult() throws IOException {
        byte[] in = SAMPLE.getBytes(StandardCharsets.ISO_8859_1);
        String expected = redactInOneWrite(Fixtures.redactor(), SAMPLE);
        for (int k = 0; k <= in.length; k++) {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            try (OutputStream out = Fixtures.redactor().wrap(sink)) {
                out.write(in, 0, k);
                out.flush();
                out.write(in, k, in.length - k);
            }
            assertThat(sink.toString(StandardCharsets.ISO_8859_1)).as("split at %d", k).isEqualTo(expected);
        }
    }

    @Test
    void randomChunksGiveTheSameResult() throws IOException {
        byte[] in = SAMPLE.repeat(20).getBytes(StandardCharsets.ISO_8859_1);
        String expected = redactInOneWrite(Fixtures.redactor(), SAMPLE.repeat(20));
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            try (OutputStream out = Fixtures.redactor().wrap(sink)) {
                int i = 0;
                while (i < in.length) {
                    int n = Math.min(in.length - i, random.nextInt(40));
                    out.write(in, i, n);
                    i += n;
                }
            }
            assertThat(sink.toString(StandardCharsets.ISO_8859_1)).isEqualTo(expected);
        }
    }

    @Test
    void flushNeverPassesOnAPartialLine() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream out = Fixtures.redactor().wrap(sink);
        out.write("first 10.1.2.3\npassword=hun".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("first ip4-1.3\n");
        out.write("ter2\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("first ip4-1.3\npassword=<redacted>\n");
        out.close();
    }

    @Test
    void closeRedactsTheTailAndClosesTheSink() throws IOException {
        ClosingSink sink = new ClosingSink();
        OutputStream out = Fixtures.redactor().wrap(sink);
        out.write("tail 10.1.2.3 token=abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(sink.size()).isZero();
        out.close();
        assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("tail ip4-1.3 token=<redacted>");
        assertThat(sink.closed).isEqualTo(1);
        out.close(); // idempotent
        assertThat(sink.closed).isEqualTo(1);
        assertThatThrownBy(() -> out.write('x')).isInstanceOf(IOException.class);
        out.flush(); // wrappers may flush after close: harmless
    }

    @Test
    void emptyStreamWritesNothing() throws IOException {
        ClosingSink sink = new ClosingSink();
        Fixtures.redactor().wrap(sink).close();
        assertThat(sink.size()).isZero();
        assertThat(sink.closed).isEqualTo(1);
    }

    @Test
    void pemBodyWrittenByteByByteNeverReachesTheSink() throws IOException {
        String body = "MIIJKAIBAAKCAgEAuniqueBodyMarker1234567890\n".repeat(30);
        String pem = "-----BEGIN PRIVATE KEY-----\n" + body + "-----END PRIVATE KEY-----\nafter\n";
        ClosingSink sink = new ClosingSink();
        try (OutputStream out = Fixtures.redactor().wrap(sink)) {
            for (byte b : pem.getBytes(StandardCharsets.US_ASCII)) {
                out.write(b);
                out.flush(); // even flushing after every byte
                assertThat(sink.toString(StandardCharsets.US_ASCII)).doesNotContain("MIIJ", "uniqueBody");
            }
        }
        assertThat(sink.toString(StandardCharsets.US_ASCII))
                .isEqualTo("-----BEGIN PRIVATE KEY-----\n<redacted>\n-----END PRIVATE KEY-----\nafter\n");
    }

    @Test
    void bytesThatAreNotUtf8PassUnchanged() throws IOException {
        byte[] all = new byte[256 * 3];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i; // every byte value, including NUL, \r, \n, 0x80-0xff
        }
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = new DefaultRedactor(RedactionFacts.empty()).wrap(sink)) {
            out.write(all);
        }
        assertThat(sink.toByteArray()).isEqualTo(all);
    }

    @Test
    void nonUtf8BytesAroundRedactedValuesSurvive() throws IOException {
        byte[] latin1 = "caf\u00e9 10.1.2.3 \u00ff\u00fe password=s\u00e9cret x".getBytes(StandardCharsets.ISO_8859_1);
        byte[] broken = {(byte) 0xc3, (byte) 0x28, ' ', '1', '0', '.', '1', '.', '2', '.', '3', (byte) 0xa0, (byte) 0xe2, (byte) 0x82, '\n'};
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = Fixtures.redactor().wrap(sink)) {
            out.write(latin1);
            out.write('\n');
            out.write(broken);
        }
        byte[] expected1 = "caf\u00e9 ip4-1.3 \u00ff\u00fe password=<redacted> x\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] expected2 = {(byte) 0xc3, (byte) 0x28, ' ', 'i', 'p', '4', '-', '1', '.', '3', (byte) 0xa0, (byte) 0xe2, (byte) 0x82, '\n'};
        byte[] expected = Arrays.copyOf(expected1, expected1.length + expected2.length);
        System.arraycopy(expected2, 0, expected, expected1.length, expected2.length);
        assertThat(sink.toByteArray()).isEqualTo(expected);
    }

    @Test
    void utf8TextRoundTripsThroughRedactString() {
        assertThat(Fixtures.redactor().redact("Grüße von web1 — 東京 10.1.2.3 ✓"))
                .isEqualTo("Grüße von host-1 — 東京 ip4-1.3 ✓");
    }

    @Test
    void aVeryLongLineStreamsThroughInBoundedMemory() throws IOException {
        CountingSink sink = new CountingSink();
        long total = 10L << 20;
        byte[] chunk = new byte[8192];
        Arrays.fill(chunk, (byte) 'a');
        OutputStream out = Fixtures.redactor().wrap(sink);
        for (long written = 0; written < total; written += chunk.length) {
            out.write(chunk);
        }
        // Nothing waits for the (never coming) newline beyond one line buffer and one output block.
        assertThat(sink.count).isGreaterThan(total - 2 * RedactingOutputStream.MAX_LINE - 64 * 1024);
        out.close();
        assertThat(sink.count).isEqualTo(total);
        assertThat(sink.other).isZero();
    }

    @Test
    void longLinesAreCutBetweenValuesNotInsideThem() throws IOException {
        // > 64 KiB without a newline, secrets in many forms and addresses every few bytes: wherever
        // the chunk boundaries fall, no value may be separated from its name or cut in two
        String[] forms = {
            "password=hunter%d", "db_password = hunter%d", "--token hunter%d", "\"secret\": \"hunter%d\",",
            "Authorization: Bearer hunter%dabcdefgh", "psk: 'hunter%d'", "10.1.%d.77", "key=hunter%d;",
        };
        StringBuilder sb = new StringBuilder("log: "); // not a setting alone on its line
        int i = 0;
        while (sb.length() < 8 * RedactingOutputStream.MAX_LINE) {
            sb.append(String.format(forms[i % forms.length], i % 200)).append(i % 3 == 0 ? "  " : " ");
            i++;
        }
        String out = redactInOneWrite(Fixtures.redactor(), sb.toString());
        for (String leak : new String[] {"hunter", "10.1."}) {
            int at = out.indexOf(leak);
            assertThat(at).as("leak at %d: ...%s...", at, at < 0 ? "" : out.substring(Math.max(0, at - 60), at + 20))
                    .isNegative();
        }
        assertThat(out.split("<redacted>", -1).length - 1).isEqualTo(i - i / forms.length - (i % forms.length > 6 ? 1 : 0));
    }

    /** Records close() calls. */
    private static final class ClosingSink extends ByteArrayOutputStream {
        int closed;

        @Override
        public void close() {
            closed++;
        }
    }

    /** Counts bytes without keeping them, and how many were not 'a'. */
    private static final class CountingSink extends OutputStream {
        long count;
        long other;

        @Override
        public void write(int b) {
            count++;
            if (b != 'a') {
                other++;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
            for (int i = off; i < off + len; i++) {
                if (b[i] != 'a') {
                    other++;
                }
            }
        }
    }
}
