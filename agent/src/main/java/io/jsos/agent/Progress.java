package io.jsos.agent;

import io.jsos.engine.CollectionRunner;
import io.jsos.report.BundleSession;
import io.jsos.report.manifest.CollectorEntry;
import io.jsos.report.manifest.CollectorStatus;

import java.io.PrintWriter;
import java.util.List;

/**
 * One line per collector on stderr while a run goes, for people at a terminal; silent otherwise,
 * except for collectors that failed or timed out, which are always worth a line.
 */
final class Progress implements CollectionRunner.Listener {

    private final PrintWriter err;
    private final boolean verbose;

    Progress(PrintWriter err, boolean verbose) {
        this.err = err;
        this.verbose = verbose;
    }

    @Override
    public void started(String collector) {
        if (verbose) {
            err.println("  ... " + collector);
            err.flush();
        }
    }

    @Override
    public void finished(CollectorEntry e) {
        boolean bad = e.status() == CollectorStatus.FAILED || e.status() == CollectorStatus.TIMED_OUT;
        if (verbose || bad) {
            err.printf("  %-14s %-15s %6d ms%s%n", e.name(), e.status().wireName(), e.durationMs(),
                    e.reason() == null || e.status() == CollectorStatus.OK ? "" : "  " + e.reason());
            err.flush();
        }
    }

    void done(List<CollectorEntry> entries, BundleSession.BundleResult result) {
        if (!verbose) {
            return;
        }
        long ok = entries.stream().filter(e -> e.status() == CollectorStatus.OK).count();
        err.printf("jsos: %d collectors ok, %d in total; bundle %s (%d KiB)%n", ok, entries.size(),
                result.path().getFileName(), result.sizeBytes() / 1024);
        if (result.mapFile() != null) {
            err.println("jsos: redaction map (keep it private): " + result.mapFile());
        }
        err.flush();
    }
}
