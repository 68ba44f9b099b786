package io.jsos.agent;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jsos} command: entry point, subcommands, and the one place exceptions become exit codes. */
@Command(name = "jsos",
        mixinStandardHelpOptions = true,
        versionProvider = Version.Provider.class,
        description = "Node diagnostics for Linux: a redacted support bundle in seconds (collect), and the same "
                + "collectors as a Prometheus exporter (serve).",
        subcommands = {CollectCommand.class, ServeCommand.class, io.jsos.agent.clean.CleanCommand.class, ListCommand.class, io.jsos.agent.findings.InspectCommand.class, io.jsos.agent.findings.DiffCommand.class,
                VersionCommand.class, RuntimeCommand.class, CommandLine.HelpCommand.class},
        footer = {ExitCodes.HELP, "Run 'jsos help COMMAND' or 'jsos COMMAND --help' for a command's options."})
public final class Jsos implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: collect, serve, clean, list, version or help");
    }

    /**
     * JNA builds its library search path by running {@code ldconfig -p} the first time it loads a
     * native library: a program started on every run, outside the command runner. Giving it the
     * usual library folders that exist here skips that (libraries are still found by soname).
     */
    static void avoidJnaLdconfig() {
        if (System.getProperty("jna.platform.library.path") != null) {
            return;
        }
        String arch = System.getProperty("os.arch", "");
        String triplet = arch.equals("aarch64") ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        String path = java.util.stream.Stream.of("/usr/lib/" + triplet, "/lib/" + triplet, "/usr/lib64", "/lib64",
                        "/usr/lib", "/lib")
                .filter(d -> java.nio.file.Files.isDirectory(java.nio.file.Path.of(d)))
                .collect(java.util.stream.Collectors.joining(":"));
        System.setProperty("jna.platform.library.path", path);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Jsos());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException
                || t instanceof IllegalArgumentException ? ExitCodes.USAGE : ExitCodes.INTERNAL);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("jsos: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for the options.");
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof IllegalArgumentException) {
                c.getErr().println("jsos: " + ex.getMessage());
                return ExitCodes.USAGE;
            }
            c.getErr().println("jsos: internal error: " + ex);
            ex.printStackTrace(c.getErr());
            return ExitCodes.INTERNAL;
        });
        return cl;
    }

    public static void main(String[] args) {
        avoidJnaLdconfig();
        int code;
        try {
            CommandLine cl = commandLine();
            cl.setDefaultValueProvider(ConfigDefaults.forArgs(args));
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli maps exceptions; an Error escapes it. Say what to do instead of a bare stack trace.
            System.err.println("jsos: out of memory (" + e.getMessage() + "); raise the heap with "
                    + "JSOS_JAVA_OPTS=\"-Xmx512m\" or collect less (--only / --skip)");
            code = ExitCodes.INTERNAL;
        }
        System.exit(code);
    }
}
