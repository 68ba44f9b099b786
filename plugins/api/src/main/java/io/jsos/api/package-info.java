/**
 * The jsos plugin API: what built-in and vendor collectors are written against.
 *
 * <p>A collector ({@link io.jsos.api.Collector}) reads the node only through a {@link io.jsos.api.Host}
 * and writes a support bundle through a {@link io.jsos.api.Bundle} ({@code jsos collect}) and metrics
 * through a {@link io.jsos.api.MetricsWriter} ({@code jsos serve}). This package depends on the JDK
 * alone, so nothing leaks into a plugin's class path; its version is {@link io.jsos.api.ApiVersion#CURRENT}.
 */
package io.jsos.api;
