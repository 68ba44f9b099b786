package io.jsos.report.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Swar}'s 8-byte tests against the plain byte tests they stand for: every byte value in
 * every lane (the bytes next to the ranges' ends above all: '/', '0', '9', ':', '@', 'A', 'Z',
 * '[', '`', 'a', 'z', '{', DEL, 0x80, 0xff), random words, every alignment and length; and
 * {@link CandidateFilter#next}, which skips the inside of words with them, against the loop over
 * single bytes it replaced.
 */
class SwarTest {

    private static final int[] BOUNDARIES = {0x00, 0x0a, 0x2f, 0x30, 0x39, 0x3a, 0x40, 0x41, 0x5a, 0x5b, 0x60, 0x61, 0x7a,
        0x7b, 0x7f, 0x80, 0x8a, 0xaf, 0xb0, 0xc1, 0xe1, 0xff};

    private static boolean alnum(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** The lanes of {@code w} that {@link Swar#alnum} must set. */
    private static long expectedAlnum(long w) {
        long m = 0;
        for (int lane = 0; lane < 8; lane++) {
            if (alnum((int) (w >>> 8 * lane) & 0xff)) {
                m |= 0x80L << 8 * lane;
            }
        }
        return m;
    }

    @Test
    void alnumIsTheByteTestInEveryLane() {
        Random random = new Random(11);
        for (int c = 0; c < 256; c++) {
            for (int lane = 0; lane < 8; lane++) {
                for (int fill : BOUNDARIES) {
                    long w = fill * 0x0101010101010101L & ~(0xffL << 8 * lane) | (long) c << 8 * lane;
                    assertThat(Swar.alnum(w)).as("byte %02x in lane %d among %02x", c, lane, fill).isEqualTo(expectedAlnum(w));
                }
                long w = random.nextLong() & ~(0xffL << 8 * lane) | (long) c << 8 * lane;
                assertThat(Swar.alnum(w)).isEqualTo(expectedAlnum(w));
            }
        }
        for (int round = 0; round < 200_000; round++) {
            long w = 0;
            for (int lane = 0; lane < 8; lane++) {
                int c = random.nextInt(3) == 0 ? BOUNDARIES[random.nextInt(BOUNDARIES.length)] : random.nextInt(256);
                w |= (long) c << 8 * lane;
            }
            assertThat(Swar.alnum(w)).isEqualTo(expectedAlnum(w));
        }
    }

    @Test
    void loadReadsLowestIndexIntoLowestLane() {
        byte[] b = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertThat(Swar.load(b, 1)).isEqualTo(0x0908070605040302L);
    }

    @Test
    void indexOfNewlineAtEveryAlignmentAndLength() {
        Random random = new Random(12);
        for (int round = 0; round < 20_000; round++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                int r = random.nextInt(6);
                b[i] = (byte) (r == 0 ? '\n' : r == 1 ? BOUNDARIES[random.nextInt(BOUNDARIES.length)] : r == 2 ? 0x8a
                        : r == 3 ? 0x0b : 0x09 + random.nextInt(3));
            }
            int from = b.length == 0 ? 0 : random.nextInt(b.length + 1);
            int to = from + random.nextInt(b.length - from + 1);
            int expected = -1;
            for (int i = from; i < to; i++) {
                if (b[i] == '\n') {
                    expected = i;
                    break;
                }
            }
            assertThat(Swar.indexOfNewline(b, from, to)).isEqualTo(expected);
        }
    }

    @Test
    void nextStopsWhereTheByteLoopStopped() {
        String[] secret = {"pass", "key", "token"};
        CandidateFilter filter = new CandidateFilter(new CandidateFilter.Stems(secret, new String[] {"acme.com", "web1"},
                new String[] {"alice"}, new String[] {"web1"}));
        String[] pieces = {"password", "db_password", "xkeyx", "token", "acme.com", "web1", "alice", "abcdefgh",
            "ABCDEFGHIJKLMNOPQ", "0123456789", "10.1.2.3", "fe80::1", "aa:bb:cc:dd:ee:ff", "eyJhbGc", "$6$", "-----BEGIN",
            " ", "=", ":", "-", "_", ".", "/", "@", "[", "`", "{", "\u007f", "\u0080", "\u00e9", "\u00ff", "\t", "ip-10",
            "AKIAQ", "ghp_x", "github_pat_", "glpat-", "xoxb-", "sk_live_", "IP-1", "aabb.ccdd.eeff"};
        Random random = new Random(13);
        int stops = 0;
        for (int round = 0; round < 20_000; round++) {
            StringBuilder sb = new StringBuilder();
            int pad = random.nextInt(9);
            for (int k = 0; k < pad; k++) {
                sb.append('#');
            }
            int n = random.nextInt(16);
            for (int k = 0; k < n; k++) {
                String piece = pieces[random.nextInt(pieces.length)];
                sb.append(random.nextBoolean() ? piece : piece.substring(0, random.nextInt(piece.length() + 1)));
            }
            String line = sb.toString();
            byte[] b = ("ab" + line + "cd").getBytes(StandardCharsets.ISO_8859_1);
            int o = 2;
            String s = line.substring(0);
            filter.prepare(b, o, s.length(), random.nextBoolean());
            int len = s.length();
            for (int p = 0; p < len; p++) {
                int expected = byteLoop(filter, b, o, p, len);
                int expectedShape = filter.lastShape;
                assertThat(filter.next(b, o, p, len)).as("%s from %d", line, p).isEqualTo(expected);
                if (expected < len) {
                    assertThat(filter.lastShape).isEqualTo(expectedShape);
                    stops++;
                }
            }
        }
        assertThat(stops).isGreaterThan(100_000);
    }

    /**
     * {@link CandidateFilter#next} asks {@link CandidateFilter#shape} only at words whose first two
     * chars may start a shape: every char (and pair of chars) for which shape says other than NONE,
     * followed by the rest of any shape, must be one.
     */
    @Test
    void everyCharAShapeStartsWithIsAStarter() {
        CandidateFilter filter = new CandidateFilter(new CandidateFilter.Stems(new String[] {"pass"}, new String[0],
                new String[0], new String[0]));
        String[] rests = {"", "yJhbGc", "KIAQ", "SIA", "GIA", "IDA", "ROA", "NPA", "QAA", "hp_x", "ho_x", "hu_x",
            "hs_x", "hr_x", "ithub_pat_", "lpat-", "oxb-", "oxp-", "k_live_", "p-1", "P-1", "0.0.1.2", "a.bbbb.cccc",
            "abc.dddd.eeee", ":", "::1", "0:00:00:00:00:00", "0-00-00-00-00-00", "-----BEGIN", "----BEGIN", "6$", "y$"};
        int shapes = 0;
        for (char c = 0; c < 256; c++) {
            for (String rest : rests) {
                byte[] b = (" " + c + rest + " ").getBytes(StandardCharsets.ISO_8859_1);
                filter.prepare(b, 1, b.length - 1, false); // shape remembers runs without addresses per line
                if (filter.shape(b, 1, 0, b.length - 1) != CandidateFilter.NONE && alnum(c)) {
                    shapes++;
                    assertThat(CandidateFilter.mayStartShape(c)).as("%s", c + rest).isTrue();
                }
                // the first two chars: any second char, then the rest of the shape
                for (char c1 = 0; c1 < 256; c1++) {
                    String word = "" + c + c1 + (rest.isEmpty() ? "" : rest.substring(1));
                    b = (" " + word + " ").getBytes(StandardCharsets.ISO_8859_1);
                    filter.prepare(b, 1, b.length - 1, false);
                    if (filter.shape(b, 1, 0, b.length - 1) != CandidateFilter.NONE && alnum(c)) {
                        shapes++;
                        assertThat(CandidateFilter.mayStartShape(c, c1)).as("%s", word).isTrue();
                    }
                }
            }
        }
        assertThat(shapes).isGreaterThan(1000);
    }

    /** {@link CandidateFilter#next} as it was: one byte at a time through the inside of words. */
    private static int byteLoop(CandidateFilter f, byte[] b, int o, int p, int len) {
        while (p < len) {
            int c = b[o + p] & 0xff;
            if (f.marks(p) != 0) {
                f.lastShape = f.shape(b, o, p, len);
                return p;
            }
            if (alnum(c)) {
                if (p == 0 || !alnum(b[o + p - 1] & 0xff)) {
                    int shape = f.shape(b, o, p, len);
                    if (shape != CandidateFilter.NONE) {
                        f.lastShape = shape;
                        return p;
                    }
                }
                p++;
                while (p < len && f.marks(p) == 0 && alnum(b[o + p] & 0xff)) {
                    p++;
                }
                continue;
            }
            if (c == '-' || c == '$' || c == ':') {
                int shape = f.shape(b, o, p, len);
                if (shape != CandidateFilter.NONE) {
                    f.lastShape = shape;
                    return p;
                }
            }
            p++;
        }
        return len;
    }
}
