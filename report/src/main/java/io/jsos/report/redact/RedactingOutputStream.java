package io.jsos.report.redact;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * The stream {@link DefaultRedactor#wrap(OutputStream)} returns: cuts what is written into lines,
 * redacts each line, and passes the result on.
 *
 * <p>A line is kept until its '\n' arrives, so a write that splits a line anywhere (even inside an
 * address or a password) changes nothing. A line longer than {@link #MAX_LINE} is processed in
 * chunks, so memory stays bounded whatever the input (a binary file, a 10 MiB log line); a chunk is
 * cut after a blank near its end where there is one, and not between a setting's name and its
 * value, so a value is almost never cut in two.
 *
 * <p>{@link #flush()} passes on the lines completed so far, never a partial line (its end could
 * still turn out to be a secret). {@link #close()} redacts the last, unterminated line and closes
 * the sink. Like any stream, an instance is for one writer at a time.
 */
final class RedactingOutputStream extends OutputStream {

    /** Longest line redacted as a whole. */
    static final int MAX_LINE = 64 * 1024;
    /** How far back from the end of an over-long chunk to look for a place to cut it. */
    private static final int CUT_WINDOW = 4 * 1024;
    /** Output is handed to the sink in blocks of about this size (sinks may be unbuffered). */
    private static final int OUT_BLOCK = 64 * 1024;

    private static final String[] STEMS = SecretKeys.STEMS.split("\\|");

    private final RedactionRules.LineScanner scanner;
    private final OutputStream sink;
    /** The current line; grows up to {@link #MAX_LINE} (most files in a bundle are a few lines). */
    private byte[] line = new byte[1024];
    private int lineLen;
    /** Whether {@link #line} continues a line whose beginning was already processed. */
    private boolean continuation;
    private final Bytes out = new Bytes();
    private boolean closed;

    RedactingOutputStream(RedactionRules rules, OutputStream sink) {
        this(rules, sink, RedactionConfig.FileContent.TEXT);
    }

    RedactingOutputStream(RedactionRules rules, OutputStream sink, RedactionConfig.FileContent content) {
        this.scanner = rules.newScanner(content);
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (b == '\n') {
            endLine(true);
        } else {
            ensureCapacity(lineLen + 1);
            line[lineLen++] = (byte) b;
            if (lineLen == MAX_LINE) {
                cutLongLine();
            }
        }
        drainIfFull();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        int i = off;
        int end = off + len;
        while (i < end) {
            int nl = Swar.indexOfNewline(b, i, end);
            if (nl >= 0 && lineLen == 0 && nl - i < MAX_LINE) {
                // A whole line in the caller's buffer: redacted from there, not copied first.
                scanner.line(b, i, nl - i, true, !continuation, out);
                continuation = false;
                i = nl + 1;
                drainIfFull();
                continue;
            }
            int stop = nl < 0 ? end : nl;
            while (i < stop) {
                int n = Math.min(stop - i, MAX_LINE - lineLen);
                ensureCapacity(lineLen + n);
                System.arraycopy(b, i, line, lineLen, n);
                lineLen += n;
                i += n;
                if (lineLen == MAX_LINE) {
                    cutLongLine();
                }
            }
            if (nl >= 0) {
                endLine(true);
                i = nl + 1;
            }
            drainIfFull();
        }
    }

    /** Passes on the complete lines redacted so far; a partial line stays buffered. */
    @Override
    public void flush() throws IOException {
        if (closed) {
            return; // wrappers flush before and after closing; nothing is left to pass on
        }
        out.writeTo(sink);
        sink.flush();
    }

    /** Redacts the last line (even without '\n'), writes everything and closes the sink. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (lineLen > 0) {
                endLine(false);
            }
            out.writeTo(sink);
        } finally {
            sink.close();
        }
    }

    private void endLine(boolean newline) {
        scanner.line(line, 0, lineLen, newline, !continuation, out);
        lineLen = 0;
        continuation = false;
    }

    /**
     * The buffer is full and no '\n' came: process a chunk and keep the tail for the next one. The
     * cut goes after a blank (or NUL, comma, semicolon) near the end, and not after something that
     * announces a value ({@code password=}, {@code --token}, {@code Bearer}, an opening quote), so
     * that a value is not separated from its name. Without such a place (10 MiB of base64), the
     * cut is at the end of the buffer.
     */
    private void cutLongLine() {
        int cut = MAX_LINE;
        for (int i = MAX_LINE - 1; i >= MAX_LINE - CUT_WINDOW; i--) {
            if (isBlank(line[i]) && !announcesValue(i)) {
                cut = i + 1;
                break;
            }
        }
        scanner.line(line, 0, cut, false, !continuation, out);
        lineLen = MAX_LINE - cut;
        System.arraycopy(line, cut, line, 0, lineLen);
        continuation = true;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == 0 || b == ',' || b == ';';
    }

    /** Whether the word before the blank at {@code blank} may be the name or start of a value. */
    private boolean announcesValue(int blank) {
        int end = blank;
        while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t')) {
            end--;
        }
        int start = end;
        while (start > 0 && !isBlank(line[start - 1])) {
            start--;
        }
        if (start == end) {
            return false;
        }
        byte last = line[end - 1];
        if (last == '=' || last == ':' || last == '"' || last == '\'' || last == '>') {
            return true;
        }
        String word = new String(line, start, end - start, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (word.equals("bearer") || word.equals("basic") || word.startsWith("-")) {
            return true;
        }
        for (String stem : STEMS) {
            if (word.contains(stem)) {
                return true;
            }
        }
        return false;
    }

    private void ensureCapacity(int needed) {
        if (needed > line.length) {
            line = Arrays.copyOf(line, Math.min(MAX_LINE, Math.max(needed, line.length * 2)));
        }
    }

    private void drainIfFull() throws IOException {
        if (out.size() >= OUT_BLOCK) {
            out.writeTo(sink);
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
    }
}
