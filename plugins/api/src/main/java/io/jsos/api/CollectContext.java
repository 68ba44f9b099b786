package io.jsos.api;

import java.time.Instant;

/** What a collector gets for one {@code jsos collect} run. */
public interface CollectContext {

    Host host();

    Bundle bundle();

    /** This collector's options, with defaults applied. */
    CollectorOptions options();

    /** When this collector will be abandoned; long loops should check it and stop early. */
    Instant deadline();

    /** Whether the deadline has passed or the run was cancelled; loops over many items should check it. */
    default boolean shouldStop() {
        return Thread.currentThread().isInterrupted() || Instant.now().isAfter(deadline());
    }
}
