package io.jsos.report.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a bundle throws at the redactor: huge lines, bytes that are not UTF-8, NULs. */
class BadInputTest {

    private static final int MB = 1 << 20;

    /** Counts bytes and looks for a value across write boundaries, without keeping the output. */
    private static final class Watch extends OutputStream {
        final byte[] needle;
        long bytes;
        int found;
        private final StringBuilder tail = new StringBuilder();

        Watch(String needle) {
            this.needle = needle.getBytes(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
            tail.append(new String(b, off, len, StandardCharsets.ISO_8859_1));
            String n = new String(needle, StandardCharsets.ISO_8859_1);
            for (int i = tail.indexOf(n); i >= 0; i = tail.indexOf(n, i + 1)) {
                found++;
            }
            int keep = Math.min(tail.length(), needle.length - 1);
            tail.delete(0, tail.length() - keep);
        }
    }

    @Test
    void aHundredMegabyteLineWithoutNewlineStreamsThrough() throws IOException {
        Watch sink = new Watch("10.9.8.7");
        Watch secret = new Watch("Hunter2");
        DefaultRedactor r = Fixtures.redactor();
        byte[] chunk = new byte[64 * 1024];
        String filler = "lorem ipsum dolor sit amet ";
        long written = 0;
        int planted = 0;
        try (OutputStream out = r.wrap(new TeeStream(sink, secret))) {
            while (written < 100L * MB) {
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = (byte) filler.charAt((int) ((written + i) % filler.length()));
                }
                out.write(chunk, 0, chunk.length - 40);
                // an address and a secret straddling the 64 KiB boundary of the redactor's line buffer
                byte[] v = " 10.9.8.7 password=Hunter2 ".getBytes(StandardCharsets.ISO_8859_1);
                out.write(v, 0, 10);
                out.write(v, 10, v.length - 10);
                planted++;
                written += chunk.length - 40 + v.length;
            }
        }
        assertThat(sink.found).isZero();
        assertThat(secret.found).isZero();
        assertThat(sink.bytes).isGreaterThan(100L * MB - MB);
        assertThat(r.mapping()).containsEntry("ip4-1.7", "10.9.8.7");
        assertThat(planted).isGreaterThan(1000);
    }

    @Test
    void aHundredMegabytesWithoutAnyBlankComesOutByteForByte() throws IOException {
        Watch sink = new Watch("zz");
        DefaultRedactor r = Fixtures.redactor();
        byte[] chunk = new byte[1 << 20];
        java.util.Arrays.fill(chunk, (byte) 'a');
        try (OutputStream out = r.wrap(sink)) {
            for (int i = 0; i < 100; i++) {
                out.write(chunk);
            }
        }
        assertThat(sink.bytes).isEqualTo(100L * MB);
    }

    @Test
    void invalidUtf8AndNulBytesPassUnchangedAroundWhatIsReplaced() throws IOException {
        byte[] in = concat(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3}, ascii(" 10.1.2.3\0password=x\0web1.corp.acme.com"),
                new byte[] {(byte) 0xe2, (byte) 0x82, 0, (byte) 0x80}, ascii("52:54:00:12:34:56\n"));
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (OutputStream out = Fixtures.redactor().wrap(buf)) {
            out.write(in);
        }
        byte[] expected = concat(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3},
                ascii(" ip4-1.3\0password=<redacted>\0host-1.domain-1.example"),
                new byte[] {(byte) 0xe2, (byte) 0x82, 0, (byte) 0x80}, ascii("mac-1\n"));
        assertThat(buf.toByteArray()).isEqualTo(expected);
    }

    @Test
    void everyByteValueSurvivesWhereNothingMatches() throws IOException {
        byte[] all = new byte[256 * 64];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (OutputStream out = new DefaultRedactor(RedactionFacts.empty()).wrap(buf)) {
            out.write(all);
        }
        assertThat(buf.toByteArray()).isEqualTo(all);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    private static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] x, int off, int len) throws IOException {
            a.write(x, off, len);
            b.write(x, off, len);
        }
    }
}
