package io.jsos.agent.serve;

import com.sun.net.httpserver.HttpsConfigurator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The web config as it is now: like node_exporter's exporter-toolkit, which reads its
 * {@code --web.config.file} again for every request, a changed file (or a changed certificate,
 * key or client CA it names) applies without a restart. That is how certificates rotated by
 * cert-manager or a Secret update reach a DaemonSet, and how a password is changed.
 *
 * <p>The files' modification times and sizes are looked at, at most once per
 * {@link #CHECK_NANOS}, by the request that finds them due. A new config is checked as fully as
 * at start (YAML, bcrypt hashes, the key matching the certificate); if it is not valid, the one
 * in force stays, and the log says why, once per change. Turning TLS on or off needs a new
 * listener, so that is also refused with a message saying to restart.
 */
final class LiveWebConfig {

    static final long CHECK_NANOS = 1_000_000_000L;

    /** One config in force: what a request checks against. */
    record Active(WebConfig web, BasicAuth auth) {
    }

    private final Path file;
    private final ServeLog log;
    private final LongSupplier clock;
    private final TlsSetup.Live tls;
    private volatile Active active;
    private volatile long nextCheck;
    private List<Object> stamp;
    private List<Object> refusedStamp;

    /**
     * @param file the web config file, or null for plain HTTP for ever
     * @throws IllegalArgumentException when the file (or a file it names) is not valid
     */
    LiveWebConfig(Path file, ServeLog log) {
        this(file, log, System::nanoTime);
    }

    LiveWebConfig(Path file, ServeLog log, LongSupplier clock) {
        this.file = file;
        this.log = log;
        this.clock = clock;
        List<Object> before = file == null ? List.of() : stamp(file, null);
        WebConfig web = file == null ? WebConfig.none() : WebConfig.load(file);
        this.tls = web.tlsEnabled() ? TlsSetup.live(web.tls()) : null;
        this.active = activate(web);
        this.stamp = file == null ? List.of() : stamp(file, web);
        if (file != null && !before.equals(stamp(file, null))) {
            stamp = List.of();   // the file changed while it was read: read it again at the first check
        }
        this.nextCheck = clock.getAsLong() + CHECK_NANOS;
    }

    /** The config to apply to a request now. */
    Active current() {
        if (file != null && clock.getAsLong() - nextCheck >= 0) {
            reloadIfChanged();
        }
        return active;
    }

    /** Whether the server speaks TLS (fixed for the server's life). */
    boolean tlsEnabled() {
        return tls != null;
    }

    /**
     * The TLS server's configurator; every new connection first looks for a changed config, so
     * a rotated certificate is shown from the first handshake after it is due.
     */
    HttpsConfigurator configurator() {
        return tls.configurator(this::current);
    }

    private synchronized void reloadIfChanged() {
        long now = clock.getAsLong();
        if (now - nextCheck < 0) {
            return;   // another request just did it
        }
        nextCheck = now + CHECK_NANOS;
        List<Object> seen = stamp(file, active.web());
        if (seen.equals(stamp) || seen.equals(refusedStamp)) {
            return;
        }
        WebConfig next;
        try {
            next = WebConfig.load(file);
            if (next.tlsEnabled() != (tls != null)) {
                throw new IllegalArgumentException("turning TLS " + (next.tlsEnabled() ? "on" : "off")
                        + " needs a restart of jsos serve");
            }
            // The files the new config names, as they are now (it may name other ones).
            List<Object> seenNow = stamp(file, next);
            TlsSetup.Material material = next.tlsEnabled() ? TlsSetup.material(next.tls()) : null;
            Active a = activate(next);
            if (material != null) {
                tls.replace(material);
            }
            active = a;
            stamp = seenNow;
            refusedStamp = null;
            next.warnings().forEach(w -> log.warn("web config: " + w));
            log.info("web config " + file + " reloaded: " + describe(next));
        } catch (IllegalArgumentException e) {
            refusedStamp = seen;
            log.error("web config " + file + " changed but was not applied (the previous one stays in force): "
                    + e.getMessage());
        }
    }

    private static Active activate(WebConfig web) {
        return new Active(web, web.authEnabled() ? new BasicAuth(web.basicAuthUsers()) : null);
    }

    static String describe(WebConfig web) {
        return (web.tlsEnabled() ? "TLS" : "plain HTTP")
                + (web.authEnabled() ? ", basic auth (" + web.basicAuthUsers().size() + " users)" : ", no authentication");
    }

    /**
     * What identifies the state of the config file and of the files it names: path, modification
     * time and size of each (null for a file that cannot be seen).
     */
    private static List<Object> stamp(Path file, WebConfig web) {
        List<Path> files = new ArrayList<>();
        files.add(file);
        if (web != null && web.tlsEnabled()) {
            files.add(web.tls().certFile());
            files.add(web.tls().keyFile());
            files.add(web.tls().clientCaFile());
        }
        List<Object> out = new ArrayList<>();
        for (Path p : files) {
            if (p == null) {
                continue;
            }
            out.add(p.toString());
            try {
                out.add(Files.getLastModifiedTime(p).toMillis());
                out.add(Files.size(p));
            } catch (IOException e) {
                out.add(null);
                out.add(Objects.toString(e.getClass().getSimpleName()));
            }
        }
        return out;
    }
}
