package io.jsos.agent;

import io.jsos.agent.config.JsosConfig;
import io.jsos.agent.config.Profiles;
import io.jsos.api.ApiVersion;
import io.jsos.api.Applicability;
import io.jsos.api.Host;
import io.jsos.api.OptionSpec;
import io.jsos.engine.CollectorCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "list",
        mixinStandardHelpOptions = true,
        header = "Show the collectors, whether they apply here, and why.",
        description = "Shows every collector: whether it applies on this host and why, where it comes from (built-in "
                + "or the plugin jar) and its version, and the plugins that were skipped and why. With --options, the "
                + "options each takes; with --profiles, the profiles and which of their collectors are here. "
                + "Collectors marked * run only when named with --only or a profile.",
        footer = ExitCodes.HELP)
final class ListCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--options", description = "Also show each collector's options (-o COLLECTOR.OPTION=VALUE).")
    boolean showOptions;

    @Option(names = "--profiles", description = "Show the profiles (--profile NAME) instead: built-in and the config file's.")
    boolean showProfiles;

    @Mixin
    HostOptions hostOptions = new HostOptions();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        JsosConfig config = hostOptions.config();
        CollectorCatalog catalog = hostOptions.catalog();
        if (showProfiles) {
            printProfiles(out, config.profiles(), Set.copyOf(catalog.names()));
            return ExitCodes.OK;
        }
        Host host = hostOptions.host();
        out.printf("%-14s %-8s %-10s %-14s %-40s %s%n", "COLLECTOR", "APPLIES", "ORIGIN", "VERSION", "WHY", "DESCRIPTION");
        for (CollectorCatalog.Entry e : catalog.entries()) {
            Applicability a;
            try {
                a = e.collector().applies(host);
            } catch (RuntimeException ex) {
                a = Applicability.no("applies() failed: " + ex);
            }
            String applies = (a.applies() ? "yes" : "no") + (e.collector().enabledByDefault() ? "" : "*");
            String version = e.builtIn() ? Version.get() : e.version() == null ? "-" : e.version();
            out.printf("%-14s %-8s %-10s %-14s %-40s %s%n", e.name(), applies, e.builtIn() ? "built-in" : "plugin",
                    version, a.reason(), e.collector().description());
            if (!e.builtIn()) {
                out.printf("%-14s from %s (plugin API %s)%n", "", e.origin(),
                        e.apiVersion() == null ? "not declared" : e.apiVersion());
            }
            if (showOptions) {
                for (OptionSpec<?> o : e.collector().options()) {
                    out.printf("%-14s -o %s.%s=%s (default %s): %s%n", "", e.name(), o.name(), o.typeName(),
                            o.defaultValue(), o.description());
                }
            }
        }
        if (catalog.entries().stream().anyMatch(e -> !e.collector().enabledByDefault())) {
            out.println("* not run by default; name it with --only or a profile");
        }
        out.println();
        out.println("plugin API " + ApiVersion.CURRENT + "; plugin folders: " + (catalog.pluginDirs().isEmpty() ? "none"
                : catalog.pluginDirs().stream().map(Path::toString).collect(Collectors.joining(", ")))
                + (config.source() == null ? "" : "; config " + config.source()));
        for (CollectorCatalog.Problem p : catalog.problems()) {
            out.println("skipped plugin " + p.source() + ": " + p.reason());
        }
        return ExitCodes.OK;
    }

    private static void printProfiles(PrintWriter out, Profiles profiles, Set<String> present) {
        out.printf("%-12s %-10s %s%n", "PROFILE", "ORIGIN", "COLLECTORS (missing ones in brackets) / DESCRIPTION");
        for (Profiles.Profile p : profiles.all()) {
            String members = p.collectors().stream().map(c -> present.contains(c) ? c : "[" + c + "]")
                    .collect(Collectors.joining(","));
            out.printf("%-12s %-10s %s%n", p.name(), p.origin().equals("built-in") ? "built-in" : "config", members);
            if (!p.description().isEmpty()) {
                out.printf("%-12s %-10s %s%n", "", "", p.description());
            }
            if (!p.origin().equals("built-in")) {
                out.printf("%-12s %-10s defined at %s%n", "", "", p.origin());
            }
        }
    }
}
