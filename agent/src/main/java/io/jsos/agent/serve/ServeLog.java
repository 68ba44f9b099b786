package io.jsos.agent.serve;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The exporter's log: one line per event on stderr, with a UTC timestamp and a level, like node_exporter's logfmt. */
final class ServeLog {

    private final PrintWriter err;

    ServeLog(PrintWriter err) {
        this.err = err;
    }

    void info(String msg) {
        line("info", msg);
    }

    void warn(String msg) {
        line("warn", msg);
    }

    void error(String msg) {
        line("error", msg);
    }

    private void line(String level, String msg) {
        synchronized (err) {
            err.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + level + " jsos serve: " + msg);
            err.flush();
        }
    }
}
