package io.jsos.storage;

import io.jsos.api.MetricsWriter;

/** Emitting helpers shared by the storage collectors. */
public final class Metrics {

    private Metrics() {
    }

    /** A gauge only when the value is known: a tool's "unknown" must not become a 0 on a dashboard. */
    public static void gaugeIfKnown(MetricsWriter m, String name, String help, Number value, String... labels) {
        if (value != null) {
            m.gauge(name, help, value.doubleValue(), labels);
        }
    }

    /** A label value for something that may be unknown (Prometheus has no null label). */
    public static String label(Object value) {
        return value == null ? "" : value.toString();
    }
}
