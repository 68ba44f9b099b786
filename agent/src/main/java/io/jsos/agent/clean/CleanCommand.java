package io.jsos.agent.clean;

import io.jsos.report.BundleFormat;
import io.jsos.report.clean.Cleaner;
import io.jsos.report.redact.RedactionConfig;
import io.jsos.report.redact.RedactionFacts;
import io.jsos.report.redact.TokenMap;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code jsos clean BUNDLE|FOLDER}: the bundle redactor over something that already exists (a jsos
 * bundle, an sos report tarball, any tarball or folder), into a new archive. See
 * {@link Cleaner} for what it does and how it stays inside its output folder.
 */
@Command(name = "clean",
        mixinStandardHelpOptions = true,
        header = "Redact an existing bundle, sos report, tarball or folder into a new archive.",
        description = {
                "Applies the redaction of 'jsos collect' (host and domain names, addresses, user names, secrets, "
                        + "your --rules) to INPUT: a jsos bundle, an sos report tarball (.tar.xz, .tar.gz, .tar.zst, "
                        + ".tar.bz2, .tar), or a folder. The names to hide are read from INPUT itself (etc/hostname, "
                        + "etc/hosts, etc/resolv.conf, etc/passwd, sos's hostname file).",
                "",
                "Writes <name>-clean.tar.zst (mode 0600) into --out with a .sha256 and the redaction map (.map.json, "
                        + "0600: keep it, never send it) beside it. INPUT is only read. Entries that would land outside "
                        + "the archive (absolute names, ../, symlinks pointing out), hard links, devices and files "
                        + "whose content is compressed are left out and listed in jsos-clean.json inside the new "
                        + "archive. The new archive's path is the last line on stdout.",
                ""},
        sortOptions = false,
        footer = {"%nExit codes:%n"
                + "  0  the cleaned archive was written%n"
                + "  2  usage error: bad option, INPUT missing or not a tarball/folder%n"
                + "  3  the archive could not be written%n"
                + "  4  internal error in jsos%n",
                "Examples:",
                "  jsos clean sosreport-web1-2026-11-21-abcdef.tar.xz",
                "  jsos clean jsos-node1-20261121T235959Z.tar.zst --out /var/tmp/clean",
                "  jsos clean node2-report/ --map jsos-node1-clean.tar.zst.map.json   # same tokens as node1"})
public final class CleanCommand implements Callable<Integer> {

    static final int OK = 0;
    static final int USAGE = 2;
    static final int WRITE_FAILED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INPUT", description = "A bundle or sos report tarball, or a folder.")
    Path input;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Folder for the cleaned archive (created 0700 when missing). Default: the current folder.")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "zst",
            description = "zst (default), gz or xz.")
    String format;

    @Option(names = "--map", paramLabel = "FILE",
            description = "Reuse a redaction map (a .map.json of collect or clean): the same values keep their tokens "
                    + "and its names stay hidden. The map written beside the new archive holds both; FILE is not changed.")
    Path map;

    @Option(names = "--rules", paramLabel = "FILE",
            description = "More redaction rules from a YAML file (see docs/redaction.md).")
    Path rules;

    @Option(names = "--hostname", paramLabel = "NAME", split = ",",
            description = "More host names (or FQDNs) to hide, besides those found in INPUT.")
    List<String> hostnames = new ArrayList<>();

    @Option(names = "--domain", paramLabel = "DOMAIN", split = ",",
            description = "More DNS domains to hide (every name in them too).")
    List<String> domains = new ArrayList<>();

    @Option(names = "--user", paramLabel = "NAME", split = ",",
            description = "More user names to hide (a jsos bundle holds no etc/passwd: name the people here).")
    List<String> users = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        BundleFormat fmt = BundleFormat.parse(format);
        if (fmt == BundleFormat.DIR) {
            throw new IllegalArgumentException("--format: jsos clean writes an archive: zst, gz or xz");
        }
        TokenMap tokens = map == null ? new TokenMap() : TokenMap.read(map);
        RedactionConfig config = RedactionConfig.fromOption(rules);
        RedactionFacts extra = new RedactionFacts(new java.util.TreeSet<>(hostnames), new java.util.TreeSet<>(domains),
                new java.util.TreeSet<>(users));
        long start = System.nanoTime();
        Cleaner.Result r;
        try {
            r = new Cleaner(tokens, config, extra).clean(input, out, fmt);
        } catch (IOException e) {
            stderr.println("jsos: could not clean " + input + " into " + out.toAbsolutePath() + ": " + e.getMessage());
            return WRITE_FAILED;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        stderr.printf(Locale.ROOT, "jsos: cleaned %d files (%.1f MB in %.1f s, %.1f MB/s)%s%s%n", r.files(), r.bytesIn() / 1e6,
                seconds, r.bytesIn() / 1e6 / Math.max(seconds, 1e-9),
                r.binaryScanned() > 0 ? "; " + r.binaryScanned() + " binary files scanned as bytes" : "",
                r.skipped().isEmpty() ? "" : "; left out " + r.skipped().size() + " entries (see jsos-clean.json)");
        r.skipped().stream().limit(20).forEach(s -> stderr.println("jsos:   left out " + s.path() + ": " + s.reason()));
        stderr.println("jsos: redaction map (keep it, never send it): " + r.mapFile());
        stdout.println(r.archive());
        stdout.flush();
        return OK;
    }

    /** Until {@code jsos} lists this command: {@code java -cp jsos.jar io.jsos.agent.clean.CleanCommand INPUT ...}. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** This command alone, with the exit-code mapping of {@code jsos}. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new CleanCommand());
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("jsos: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try 'jsos clean --help' for the options.");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof IllegalArgumentException) {
                c.getErr().println("jsos: " + ex.getMessage());
                return USAGE;
            }
            c.getErr().println("jsos: internal error: " + ex);
            ex.printStackTrace(c.getErr());
            return 4;
        });
        return cl;
    }
}
