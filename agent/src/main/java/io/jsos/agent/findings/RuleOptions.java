package io.jsos.agent.findings;

import io.jsos.findings.FindingsEngine;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Options inspect and diff share: colour and where rule plugins come from. */
public final class RuleOptions {

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "auto (default: on a terminal, unless NO_COLOR is set), always or never.")
    String color;

    @Option(names = "--plugin-dir", paramLabel = "DIR", description = "Also load rule plugin jars from DIR (repeatable).")
    List<Path> pluginDirs = new ArrayList<>();

    /** The rules: built-in, system plugin folder, --plugin-dir. */
    FindingsEngine engine() {
        return BundleFindings.engine(pluginDirs);
    }

    /** Colour on a terminal unless NO_COLOR is set or TERM is dumb; always/never force it. */
    boolean colour() {
        return switch (color) {
            case "always" -> true;
            case "never" -> false;
            case "auto" -> System.console() != null && System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM"));
            default -> throw new IllegalArgumentException("--color expects auto, always or never, got '" + color + "'");
        };
    }
}
