package io.jsos.agent;

import io.jsos.agent.config.JsosConfig;
import io.jsos.engine.CollectorCatalog;
import io.jsos.engine.host.LocalHost;
import io.jsos.engine.host.ProcessRunner;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Which node to look at, and where collectors come from: shared by collect, list (and serve). */
final class HostOptions {

    /** Where vendor plugin jars are picked up without any flag. */
    static final Path SYSTEM_PLUGIN_DIR = Path.of("/usr/share/jsos/plugins");

    @Option(names = "--host-root", paramLabel = "PATH", defaultValue = "/",
            description = "The node's root folder; every file (/proc and /sys included) is read under it. "
                    + "Use /host in a container that mounts the node's / there. Default: ${DEFAULT-VALUE}")
    Path hostRoot;

    @Option(names = "--command-wrapper", paramLabel = "ARGV",
            description = "Run host commands through this argv prefix, split on spaces (no shell), e.g. "
                    + "\"chroot /host\" or \"nsenter -t 1 -m -u -i -n -p --\" in a container.")
    String commandWrapper;

    @Option(names = "--plugin-dir", paramLabel = "DIR",
            description = "Also load collector plugin jars from DIR (repeatable), after " + "/usr/share/jsos/plugins "
                    + "(always searched when it exists) and the config file's plugin-dirs.")
    List<Path> pluginDirs = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE",
            description = "Settings, collector options, profiles and redaction rules from this YAML file "
                    + "(docs/config.md). Default: " + JsosConfig.DEFAULT_PATH + " when it exists. "
                    + "Options on the command line win over the file.")
    Path configFile;

    private JsosConfig config;

    /** The run's config file (or none); a mistake in it is a usage error naming the file and line. */
    JsosConfig config() {
        if (config == null) {
            config = JsosConfig.forRun(configFile);
        }
        return config;
    }

    LocalHost host() {
        if (!Files.isDirectory(hostRoot)) {
            throw new IllegalArgumentException("--host-root " + hostRoot + " is not a folder");
        }
        List<String> prefix = commandWrapper == null || commandWrapper.isBlank()
                ? List.of() : Arrays.asList(commandWrapper.trim().split("\\s+"));
        return new LocalHost(hostRoot, prefix, new ProcessRunner());
    }

    CollectorCatalog catalog() {
        List<Path> dirs = new ArrayList<>();
        if (Files.isDirectory(SYSTEM_PLUGIN_DIR)) {
            dirs.add(SYSTEM_PLUGIN_DIR);
        }
        for (Path d : config().pluginDirs()) {
            if (!dirs.contains(d)) {
                dirs.add(d);
            }
        }
        dirs.addAll(pluginDirs);
        return CollectorCatalog.discover(dirs);
    }
}
