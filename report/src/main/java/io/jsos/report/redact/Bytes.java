package io.jsos.report.redact;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/** A growable, unsynchronised byte buffer: the redacted output of one stream before it goes to the sink. */
final class Bytes {

    private byte[] a = new byte[2048];
    private int n;

    int size() {
        return n;
    }

    void write(int b) {
        ensure(1);
        a[n++] = (byte) b;
    }

    void write(byte[] src, int off, int len) {
        if (len <= 0) {
            return;
        }
        ensure(len);
        System.arraycopy(src, off, a, n, len);
        n += len;
    }

    /** Appends a string of chars 0-255 (ASCII tokens, or text decoded as ISO-8859-1) byte for byte. */
    @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int) is exactly "the low byte of each char"
    void latin1(String s) {
        int len = s.length();
        ensure(len);
        // The low byte of each char, as the loop it replaces did; one bulk copy for a Latin-1 string.
        s.getBytes(0, len, a, n);
        n += len;
    }

    void writeTo(OutputStream out) throws IOException {
        if (n > 0) {
            out.write(a, 0, n);
            n = 0;
        }
    }

    private void ensure(int more) {
        if (n + more > a.length) {
            a = Arrays.copyOf(a, Math.max(a.length * 2, n + more));
        }
    }
}
