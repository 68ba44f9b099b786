package io.jsos.api;

import java.time.Instant;

/** What a collector gets for one {@code jsos collect} run. */
public interface CollectContext {

    /** The node to read: files under its root, commands through its runner. */
    Host host();

    /** Where this collector writes its part of the support bundle. */
    Bundle bundle();

    /** This collector's options, with defaults applied. */
    CollectorOptions options();

    /** When this collector will be abandoned; long loops should check it and stop early. */
    Instant deadline();

    /** Whether the deadline has passed or the run was cancelled; loops over many items should check it. */
    default boolean shouldStop() {
        return Thread.currentThread().isInterrupted() || Instant.now().isAfter(deadline());
    }

    /** This collector's log: lines land in the bundle beside its command outputs (see {@link Log}). */
    default Log log() {
        return Log.NONE;
    }
}
