package io.jsos.agent;

/** The exit codes of every jsos command, documented in the README and in {@code jsos --help}. */
public final class ExitCodes {

    /** Everything that ran finished ok (collectors that do not apply or were skipped count as ok). */
    public static final int OK = 0;
    /** The bundle was written, but at least one collector failed or timed out: see manifest.json. */
    public static final int PARTIAL = 1;
    /** A bad option, an unknown collector name, a bad value: nothing was run. */
    public static final int USAGE = 2;
    /** The bundle could not be written (output folder not writable, disk full). */
    public static final int BUNDLE_FAILED = 3;
    /** A bug in jsos itself; the message says where. */
    public static final int INTERNAL = 4;

    /** The text under "Exit codes:" in --help. */
    static final String HELP = "%nExit codes:%n"
            + "  0  ok: every collector that ran finished%n"
            + "  1  bundle written, but some collectors failed or timed out (see manifest.json)%n"
            + "  2  usage error: bad option or unknown collector; nothing ran%n"
            + "  3  the bundle could not be written%n"
            + "  4  internal error in jsos%n";

    private ExitCodes() {
    }
}
