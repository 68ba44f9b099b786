package io.jsos.agent;

import io.jsos.agent.serve.ServeRuntime;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Hidden: makes the Java runtime the exporter runs on ({@link ServeRuntime}). The launcher runs it
 * for {@code bin/jsos serve}, the container image build for the image; users have no need to.
 */
@Command(name = "runtime", hidden = true, mixinStandardHelpOptions = true,
        description = "Make a Java runtime for serve: jlink'ed with the modules jsos uses, and a class-data archive "
                + "of the JDK classes a warm-up of serve loads (run on 127.0.0.1).")
final class RuntimeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to make it (must not exist).")
    Path out;

    @Option(names = "--java-options", paramLabel = "OPTIONS", defaultValue = "",
            description = "The JVM options serve will run with, space-separated; the warm-up uses them too.")
    String javaOptions;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Path jar;
        try {
            jar = Path.of(RuntimeCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException | SecurityException e) {
            err.println("jsos runtime: cannot tell which jar runs: " + e.getMessage());
            return ExitCodes.INTERNAL;
        }
        if (!jar.getFileName().toString().endsWith(".jar")) {
            err.println("jsos runtime: run it from the agent jar (java -jar jsos.jar runtime ...), not from " + jar);
            return ExitCodes.USAGE;
        }
        List<String> options = javaOptions.isBlank() ? List.of() : List.of(javaOptions.trim().split("\\s+"));
        try {
            ServeRuntime.Made made = ServeRuntime.make(out, jar, options);
            err.println("jsos runtime: " + made.javaHome() + " (" + made.note() + ")");
            return made.warmedUp() ? ExitCodes.OK : ExitCodes.PARTIAL;
        } catch (IOException e) {
            err.println("jsos runtime: " + e.getMessage());
            return ExitCodes.BUNDLE_FAILED;
        }
    }
}
