/**
 * Findings: rules that turn the collectors' models into answers ({@link io.jsos.api.findings.Rule},
 * {@link io.jsos.api.findings.Finding}). JDK only, like the rest of the plugin API.
 */
package io.jsos.api.findings;
