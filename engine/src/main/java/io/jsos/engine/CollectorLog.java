package io.jsos.engine;

import io.jsos.api.Bundle;
import io.jsos.api.Log;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A collector's {@link Log} in {@code jsos collect}: lines are kept (at most {@link #MAX_LINES}) and
 * written to {@code sos_commands/<collector>/collector.log} when the collector ends; warnings are
 * also its manifest errors, so they are seen without opening the log.
 */
final class CollectorLog implements Log {

    static final String FILE = "collector.log";
    static final int MAX_LINES = 1000;

    private final Bundle bundle;
    private final List<String> lines = new ArrayList<>();
    private int dropped;

    CollectorLog(Bundle bundle) {
        this.bundle = bundle;
    }

    @Override
    public void info(String message) {
        add("info", message);
    }

    @Override
    public void warn(String message) {
        add("warn", message);
        bundle.error(message);
    }

    private synchronized void add(String level, String message) {
        if (lines.size() >= MAX_LINES) {
            dropped++;
            return;
        }
        lines.add(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + level + " " + message);
    }

    /** Writes the log into the bundle, when anything was logged. */
    synchronized void flush() {
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l).append('\n'));
        if (dropped > 0) {
            sb.append("(").append(dropped).append(" more lines dropped)\n");
        }
        bundle.text(FILE, sb);
    }
}
