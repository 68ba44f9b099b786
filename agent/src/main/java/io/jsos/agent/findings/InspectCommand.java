package io.jsos.agent.findings;

import io.jsos.api.findings.Severity;
import io.jsos.findings.FindingsDocument;
import io.jsos.findings.FindingsEngine;
import io.jsos.findings.Inspection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code jsos inspect BUNDLE}: the findings and summary of a bundle, in the terminal or as JSON. */
@Command(name = "inspect",
        mixinStandardHelpOptions = true,
        header = "Show a bundle's findings and summary.",
        description = {
                "Runs the findings rules over BUNDLE (a .tar.zst/.tar.gz/.tar.xz jsos bundle or its unpacked folder) "
                        + "and prints the host summary, the findings (most severe first, with their evidence and next "
                        + "step) and each collector's status. The rules read the bundle's models (jsos/*.json), so "
                        + "any jsos bundle works, also one made before these rules existed.",
                "",
                "On an sos report it says so and lists what it can (host, kernel, plugins): an sos report has no "
                        + "jsos models, so no rule runs.",
                ""},
        sortOptions = false,
        footer = {"%nExit codes:%n"
                + "  0  inspected, no critical finding%n"
                + "  1  inspected, at least one critical finding%n"
                + "  2  usage error: BUNDLE missing, bad option or threshold%n"
                + "  3  BUNDLE could not be read%n",
                "Examples:",
                "  jsos inspect jsos-node1-20261121T235959Z.tar.zst",
                "  jsos inspect --json jsos-node1-20261121T235959Z/ | jq '.findings[].title'",
                "  jsos inspect -t storage.thin-pool-full.warning=70 bundle.tar.zst"})
public final class InspectCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "A jsos bundle (archive or folder) or an sos report tarball.")
    Path bundle;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @CommandLine.Mixin
    RuleOptions rules = new RuleOptions();

    @Option(names = {"-t", "--threshold"}, paramLabel = "KEY=VALUE",
            description = "Override a rule threshold (repeatable); docs/findings.md lists the keys.")
    List<String> thresholds = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FindingsEngine engine = rules.engine();
        Inspection inspection;
        try {
            inspection = Inspection.open(bundle, engine, engine.thresholds(parseThresholds(thresholds)));
        } catch (IOException e) {
            err.println("jsos inspect: cannot read " + bundle + ": " + e.getMessage());
            return 3;
        }
        out.print(json ? FindingsDocument.toJson(inspection.toJson()) : inspection.toText(rules.colour()));
        out.flush();
        return inspection.findings().stream().anyMatch(f -> f.severity() == Severity.CRITICAL) ? 1 : 0;
    }

    /** {@code key=value} pairs into the map the engine validates. */
    static Map<String, Object> parseThresholds(List<String> raw) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String r : raw) {
            int eq = r.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--threshold expects KEY=VALUE, got '" + r + "'");
            }
            m.put(r.substring(0, eq).trim(), r.substring(eq + 1).trim());
        }
        return m;
    }
}
