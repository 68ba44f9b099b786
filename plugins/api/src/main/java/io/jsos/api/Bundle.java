package io.jsos.api;

/**
 * A collector's view of the support bundle being written. Everything written here passes the
 * redactor on its way in, and is recorded in the manifest under the collector's name.
 *
 * <p>Layout (familiar to sos users):
 * <ul>
 *   <li>copied host files keep their host paths: {@code copy("/proc/meminfo")} → {@code proc/meminfo};</li>
 *   <li>command outputs go to {@code sos_commands/<collector>/<file>};</li>
 *   <li>the collector's structured model goes to {@code jsos/<collector>.json}.</li>
 * </ul>
 *
 * <p>None of these methods throws for a missing, vanished or unreadable file or a failing
 * command: such events are recorded in the manifest and the run goes on.
 */
public interface Bundle {

    /**
     * Copies host files at their host paths, each up to the default size cap (keeping the
     * tail of larger files, as logs grow at the end). A missing file is recorded, not an error.
     */
    void copy(String... hostPaths);

    /** Copies one host file keeping at most its last {@code maxBytes} bytes. */
    void copyTail(String hostPath, long maxBytes);

    /**
     * Copies the regular files below a host directory whose names match a glob (e.g. {@code "*.conf"}),
     * to at most {@code maxDepth} levels, skipping write-only and special files.
     */
    void copyTree(String hostDir, String nameGlob, int maxDepth);

    /**
     * Runs a command on the host and stores its stdout as {@code sos_commands/<collector>/<fileName>}
     * (stderr, when not empty, beside it as {@code <fileName>.stderr}). The result is returned for
     * parsing; parse {@link CommandResult#stdout()}, which is the raw, unredacted output.
     *
     * @param fileName the file name in the bundle, or null to derive one from the argv
     *                 ({@code lvs --reportformat json} → {@code lvs_--reportformat_json})
     */
    CommandResult command(String fileName, Command command);

    /** {@link #command(String, Command)} with a file name derived from the argv. */
    default CommandResult command(Command command) {
        return command(null, command);
    }

    /** Writes text the collector made (a readable table, a summary) to {@code sos_commands/<collector>/<fileName>}. */
    void text(String fileName, CharSequence content);

    /**
     * Writes the collector's structured model as {@code jsos/<collector>.json}. The model may be
     * records, maps, lists, strings, numbers and booleans; it is serialised by the framework.
     * Calling it again replaces the document.
     */
    void json(Object model);

    /** Records a problem in this collector's manifest entry (it stays ok unless it throws). */
    void error(String message);
}
