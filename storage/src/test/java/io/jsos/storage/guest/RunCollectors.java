package io.jsos.storage.guest;

import io.jsos.guest.RunCollector;
import java.io.IOException;

/**
 * Several collectors in one JVM in the guest, each as {@link RunCollector} runs it, into
 * {@code <out-dir>/<collector>}: under TCG a JVM start costs seconds, more than a collector.
 * Usage: {@code RunCollectors <out-dir> <collector>...}.
 */
public final class RunCollectors {

    private RunCollectors() {
    }

    public static void main(String[] args) throws IOException {
        for (int i = 1; i < args.length; i++) {
            RunCollector.main(new String[] {args[i], args[0] + "/" + args[i]});
        }
    }
}
