/** The findings engine: rules over the collectors' models, findings.json, the HTML summary, inspect and diff. */
package io.jsos.findings;
