package io.jsos.agent;

import io.jsos.agent.config.JsosConfig;
import picocli.CommandLine;

import java.nio.file.Path;

/**
 * Gives picocli the config file's settings as the commands' default values: picocli asks only for
 * options not given on the command line, so the command line wins over the file, and the file over
 * the built-in defaults. The file is found before picocli parses ({@code --config FILE} or
 * {@code --config=FILE} among the arguments, else the default file when it exists). A broken file
 * gives no defaults here; the command then reads it again and fails with the file's line.
 */
final class ConfigDefaults implements CommandLine.IDefaultValueProvider {

    private final Path explicit;
    private JsosConfig config;
    private boolean loaded;

    private ConfigDefaults(Path explicit) {
        this.explicit = explicit;
    }

    static ConfigDefaults forArgs(String[] args) {
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--")) {
                break;
            }
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = Path.of(args[i + 1]);
            } else if (args[i].startsWith("--config=")) {
                file = Path.of(args[i].substring("--config=".length()));
            }
        }
        return new ConfigDefaults(file);
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec arg) {
        if (!(arg instanceof CommandLine.Model.OptionSpec option) || arg.command() == null) {
            return null;
        }
        JsosConfig c = config();
        if (c == null) {
            return null;
        }
        // Any of the option's long names (--listen is also --web.listen-address): the file uses the documented one.
        for (String name : option.names()) {
            if (name.startsWith("--")) {
                String v = c.setting(arg.command().name(), name.substring(2));
                if (v != null) {
                    return v;
                }
            }
        }
        return null;
    }

    private synchronized JsosConfig config() {
        if (!loaded) {
            loaded = true;
            try {
                config = JsosConfig.forRun(explicit);
            } catch (IllegalArgumentException e) {
                config = null;
            }
        }
        return config;
    }
}
