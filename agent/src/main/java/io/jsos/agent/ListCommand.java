package io.jsos.agent;

import io.jsos.api.Applicability;
import io.jsos.api.Host;
import io.jsos.api.OptionSpec;
import io.jsos.engine.CollectorCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "list",
        mixinStandardHelpOptions = true,
        header = "Show the collectors, whether they apply here, and why.",
        description = "Shows every collector: whether it applies on this host and why, where it comes from, "
                + "and (with --options) the options it takes. Collectors marked * run only when named with --only.",
        footer = ExitCodes.HELP)
final class ListCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--options", description = "Also show each collector's options (-o COLLECTOR.OPTION=VALUE).")
    boolean showOptions;

    @Mixin
    HostOptions hostOptions = new HostOptions();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Host host = hostOptions.host();
        CollectorCatalog catalog = hostOptions.catalog();
        out.printf("%-14s %-8s %-9s %-40s %s%n", "COLLECTOR", "APPLIES", "ORIGIN", "WHY", "DESCRIPTION");
        for (CollectorCatalog.Entry e : catalog.entries()) {
            Applicability a;
            try {
                a = e.collector().applies(host);
            } catch (RuntimeException ex) {
                a = Applicability.no("applies() failed: " + ex);
            }
            String applies = (a.applies() ? "yes" : "no") + (e.collector().enabledByDefault() ? "" : "*");
            out.printf("%-14s %-8s %-9s %-40s %s%n", e.name(), applies,
                    e.origin().equals(CollectorCatalog.BUILT_IN) ? "built-in" : "plugin", a.reason(), e.collector().description());
            if (!e.origin().equals(CollectorCatalog.BUILT_IN)) {
                out.printf("%-14s from %s%n", "", e.origin());
            }
            if (showOptions) {
                for (OptionSpec<?> o : e.collector().options()) {
                    out.printf("%-14s -o %s.%s=%s (default %s): %s%n", "", e.name(), o.name(), o.typeName(),
                            o.defaultValue(), o.description());
                }
            }
        }
        if (catalog.entries().stream().anyMatch(e -> !e.collector().enabledByDefault())) {
            out.println("* not run by default; name it with --only");
        }
        for (CollectorCatalog.Problem p : catalog.problems()) {
            out.println("skipped plugin " + p.source() + ": " + p.reason());
        }
        return ExitCodes.OK;
    }
}
