package io.jsos.agent.findings;

import io.jsos.findings.BundleDiff;
import io.jsos.findings.FindingsDocument;
import io.jsos.findings.FindingsEngine;
import io.jsos.findings.Inspection;
import io.jsos.api.findings.Thresholds;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jsos diff OLD NEW}: what changed between two bundles. */
@Command(name = "diff",
        mixinStandardHelpOptions = true,
        header = "Show what changed between two bundles.",
        description = {
                "Compares two jsos bundles (archives or unpacked folders) of one node, or of two nodes: findings that "
                        + "appeared or were resolved, collectors' status, key numbers (limits, usage, counts), topology "
                        + "(containers, bridges and ports, VGs and LVs, OSDs, interfaces) and config files under etc/ as "
                        + "unified diffs of their redacted text. Bundles redacted with different maps name the same "
                        + "host differently: collect the second with --map of the first.",
                ""},
        sortOptions = false,
        footer = {"%nExit codes:%n"
                + "  0  no differences%n"
                + "  1  differences found%n"
                + "  2  usage error: a bundle missing, bad option%n"
                + "  3  a bundle could not be read, or is not a jsos bundle%n",
                "Examples:",
                "  jsos diff jsos-node1-20261120T000000Z.tar.zst jsos-node1-20261121T000000Z.tar.zst",
                "  jsos diff --json before/ after/"})
public final class DiffCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "The earlier bundle.")
    Path older;

    @Parameters(index = "1", paramLabel = "NEW", description = "The later bundle.")
    Path newer;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @CommandLine.Mixin
    RuleOptions rules = new RuleOptions();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FindingsEngine engine = rules.engine();
        Map<String, Object> diff;
        try {
            Inspection a = open(older, engine);
            Inspection b = open(newer, engine);
            diff = BundleDiff.compare(a, b);
        } catch (IOException e) {
            err.println("jsos diff: " + e.getMessage());
            return 3;
        }
        out.print(json ? FindingsDocument.toJson(diff) : BundleDiff.toText(diff, rules.colour()));
        out.flush();
        return BundleDiff.isEmpty(diff) ? 0 : 1;
    }

    private static Inspection open(Path p, FindingsEngine engine) throws IOException {
        Inspection i = Inspection.open(p, engine, Thresholds.defaults());
        if (i.kind() != Inspection.Kind.JSOS) {
            throw new IOException(p + " is " + (i.kind() == Inspection.Kind.SOS ? "an sos report" : "not a jsos bundle")
                    + ": diff compares jsos bundles' models");
        }
        return i;
    }
}
