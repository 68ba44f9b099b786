package io.jsos.report.redact;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Hides what identifies or unlocks a customer's systems, on the write path of the bundle: every
 * byte written into a bundle passes {@link #wrap(OutputStream)} exactly once.
 *
 * <p>Implementations must be thread-safe (collectors write concurrently) and consistent: the same
 * original value always becomes the same token, across files and collectors, so a bundle stays
 * readable ("host-1 talks to 10.0.0.2-token") without telling who the customer is.
 */
public interface Redactor {

    /**
     * A stream that redacts what is written to it and passes the result to {@code sink}.
     * {@code close()} flushes what is buffered and closes {@code sink}. Works on bytes: content that
     * is not UTF-8 passes unchanged except where a rule matches.
     */
    OutputStream wrap(OutputStream sink);

    /**
     * {@link #wrap(OutputStream)} for the bundle file at {@code bundlePath} (relative to the bundle's
     * top folder, e.g. {@code proc/net/tcp}): some content is only understood by where it comes from
     * (addresses as hex in /proc/net, a file a collector or the user declared secret).
     */
    default OutputStream wrap(OutputStream sink, String bundlePath) {
        return wrap(sink);
    }

    /** Redacts a whole string (manifest values, command lines). */
    default String redact(String text) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(text.length() + 16);
        try (OutputStream out = wrap(buf)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** Token → original value for everything hidden so far; written beside the bundle, never in it. */
    Map<String, String> mapping();

    /** Whether this redactor hides anything at all ({@code --no-redact} gives one that does not). */
    default boolean enabled() {
        return true;
    }

    /** A redactor that passes everything through. */
    static Redactor none() {
        return new Redactor() {
            @Override
            public OutputStream wrap(OutputStream sink) {
                return sink;
            }

            @Override
            public String redact(String text) {
                return text;
            }

            @Override
            public Map<String, String> mapping() {
                return Map.of();
            }

            @Override
            public boolean enabled() {
                return false;
            }
        };
    }
}
