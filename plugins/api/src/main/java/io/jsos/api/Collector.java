package io.jsos.api;

import java.time.Duration;
import java.util.List;

/**
 * A collector gathers one domain of a node's state (system facts, processes, LVM, ...).
 *
 * <p>It is written once and serves both jobs of jsos:
 * <ul>
 *   <li>{@link #collect(CollectContext)} writes files, command outputs and one structured JSON
 *       document into a support bundle ({@code jsos collect});</li>
 *   <li>{@link #scrape(ScrapeContext)} emits metrics at scrape time ({@code jsos serve}).</li>
 * </ul>
 *
 * <p>Implementations are discovered with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/io.jsos.api.Collector}. They need a public no-argument constructor,
 * must be thread-safe for concurrent {@code scrape} calls, and must touch the node only through
 * the {@link Host} they are given (never {@code java.io.File("/proc/...")}), so that
 * {@code --host-root} and fixture hosts work.
 *
 * <p>The framework owns timeouts, size limits, redaction and the manifest: a collector that
 * throws or hangs is recorded as failed or timed out and the rest of the run goes on.
 *
 * <p>A vendor plugin's jar records the plugin API it was compiled against by itself (see
 * {@link #apiVersion()}), so that jsos can refuse it cleanly when it was built for a newer API; it
 * may override {@link #version()}.
 */
public interface Collector {

    /** Short, unique, lower-case name used on the command line and in bundle paths, e.g. {@code "lvm"}. */
    String name();

    /** One line for {@code jsos list}: what this collector gathers. */
    String description();

    /**
     * Whether this collector has anything to do on this host, and why (like sos triggers:
     * a file exists, a program is on PATH). Must be cheap and must not run commands that can hang.
     */
    Applicability applies(Host host);

    /** Gathers this collector's part of the support bundle. Exceptions are recorded, never fatal. */
    void collect(CollectContext context) throws Exception;

    /** Whether {@link #scrape(ScrapeContext)} emits anything; the exporter skips collectors that don't. */
    default boolean exportsMetrics() {
        return false;
    }

    /** Emits this collector's metrics for one scrape; reads the node now. */
    default void scrape(ScrapeContext context) throws Exception {
    }

    /** How long {@link #collect(CollectContext)} may take before it is abandoned as timed out. */
    default Duration defaultTimeout() {
        return Duration.ofSeconds(30);
    }

    /** The options this collector accepts ({@code -o name.option=value}); shown by {@code jsos list}. */
    default List<OptionSpec<?>> options() {
        return List.of();
    }

    /** Whether a default {@code jsos collect} runs this collector when it applies; false for slow or intrusive ones. */
    default boolean enabledByDefault() {
        return true;
    }

    /**
     * The plugin API this collector was compiled against. A plugin jar records it without any code:
     * the API's annotation processor ({@link io.jsos.api.build.ApiVersionRecorder}) writes it into the
     * jar at compile time. Overriding this method declares it per collector as well (it wins):
     * <pre>{@code
     * @Override public String apiVersion() { return ApiVersion.CURRENT; }
     * }</pre>
     * {@link ApiVersion#CURRENT} is a compile-time constant: {@code javac} writes its value into
     * the plugin's own class, so this returns the build-time version, not the running one. jsos
     * refuses a collector whose API is newer than its own (see {@link ApiVersion#runsOn}).
     *
     * @return the version, or null (the default) to rely on the jar's record; a collector with
     *         neither is loaded, and {@code jsos list} shows its API version as not declared
     */
    default String apiVersion() {
        return null;
    }

    /**
     * This collector's own version, shown by {@code jsos list} and written into the manifest when
     * its jar's manifest has no {@code Implementation-Version}.
     *
     * @return a version string, or null (the default) when it has none of its own
     */
    default String version() {
        return null;
    }
}
