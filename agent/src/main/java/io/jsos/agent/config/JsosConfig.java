package io.jsos.agent.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsos.api.Durations;
import io.jsos.api.OptionSpec;
import io.jsos.engine.CollectorCatalog;
import io.jsos.report.redact.RedactionConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The config file ({@code --config FILE}, default {@value #DEFAULT_PATH} when present): command
 * settings, per-collector options, profiles, redaction rules, plugin folders, findings thresholds.
 * docs/config.md describes it. Every key is checked when the file is read: an unknown key or a bad
 * value is a {@link ConfigException} naming the file, the line and what is valid there.
 *
 * <p>Precedence: the command line over this file over the built-in defaults. The file's settings
 * reach the commands as picocli default values (see {@code ConfigDefaults}), so an option given on
 * the command line always wins; collector options merge per option, the command line's winning.
 */
public final class JsosConfig {

    public static final String DEFAULT_PATH = "/etc/jsos/jsos.yaml";

    /** What a setting's value must be; checked at load time so the error can name the line. */
    private enum Type {
        TEXT, DURATION, DURATION_OR_ZERO, POSITIVE_INT, POSITIVE_LONG, BOOLEAN, NAMES, FORMAT, PROFILES;

        String describe() {
            return switch (this) {
                case TEXT -> "text";
                case DURATION -> "a duration such as 500ms, 30s, 2m";
                case DURATION_OR_ZERO -> "a duration such as 1s, or 0";
                case POSITIVE_INT, POSITIVE_LONG -> "a whole number of at least 1";
                case BOOLEAN -> "true or false";
                case NAMES -> "a list of collector names";
                case FORMAT -> "one of zst, gz, xz, dir";
                case PROFILES -> "a profile name (or a list of them)";
            };
        }
    }

    /** The settings of each command: key = the command's long option without "--". */
    private static final Map<String, Map<String, Type>> COMMAND_KEYS = Map.of(
            "collect", ordered("out", Type.TEXT, "format", Type.FORMAT, "timeout", Type.DURATION,
                    "collector-timeout", Type.DURATION, "parallelism", Type.POSITIVE_INT, "max-file-size", Type.POSITIVE_LONG,
                    "perf-window", Type.DURATION, "skip", Type.NAMES, "profile", Type.PROFILES,
                    "normal-priority", Type.BOOLEAN),
            "serve", ordered("listen", Type.TEXT, "web-config-file", Type.TEXT, "collector-timeout", Type.DURATION,
                    "cache-ttl", Type.DURATION_OR_ZERO, "findings-interval", Type.DURATION_OR_ZERO, "max-series", Type.POSITIVE_INT, "threads", Type.POSITIVE_INT,
                    "skip", Type.NAMES, "profile", Type.PROFILES, "normal-priority", Type.BOOLEAN));

    private static final List<String> TOP_KEYS = List.of("collect", "serve", "collectors", "profiles", "redaction",
            "plugin-dirs", "findings");

    private final String source;
    private final Map<String, Map<String, String>> commandSettings;
    private final Map<String, Map<String, YamlNode>> collectorOptions;
    private final Map<String, int[]> collectorPositions;
    private final List<java.nio.file.Path> pluginDirs;
    private final Profiles profiles;
    private final RedactionConfig redaction;
    private final Map<String, Object> findings;

    private JsosConfig(String source, Map<String, Map<String, String>> commandSettings,
                       Map<String, Map<String, YamlNode>> collectorOptions, Map<String, int[]> collectorPositions,
                       List<Path> pluginDirs, Profiles profiles, RedactionConfig redaction, Map<String, Object> findings) {
        this.source = source;
        this.commandSettings = commandSettings;
        this.collectorOptions = collectorOptions;
        this.collectorPositions = collectorPositions;
        this.pluginDirs = List.copyOf(pluginDirs);
        this.profiles = profiles;
        this.redaction = redaction;
        this.findings = findings;
    }

    /** No file: every setting at its built-in default, the built-in profiles. */
    public static JsosConfig none() {
        return new JsosConfig(null, Map.of(), Map.of(), Map.of(), List.of(), Profiles.builtIn(), RedactionConfig.NONE, Map.of());
    }

    /**
     * The config of a run: {@code explicit} when given (it must exist), else the default file when it
     * exists, else {@link #none()}.
     */
    public static JsosConfig forRun(Path explicit) {
        if (explicit != null) {
            if (!Files.isRegularFile(explicit)) {
                throw new IllegalArgumentException("--config " + explicit + ": no such file");
            }
            return load(explicit);
        }
        Path def = Path.of(DEFAULT_PATH);
        return Files.isRegularFile(def) ? load(def) : none();
    }

    /** Reads and checks a config file. */
    public static JsosConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, 0, "cannot read: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    /**
     * Parses and checks a config document.
     *
     * @param source the file's name, for messages
     */
    public static JsosConfig parse(String source, String yaml) {
        YamlNode root = YamlNode.parse(source, yaml);
        if (root.kind() == YamlNode.Kind.NULL) {
            return new JsosConfig(source, Map.of(), Map.of(), Map.of(), List.of(), Profiles.builtIn(), RedactionConfig.NONE, Map.of());
        }
        Reader r = new Reader(source);
        r.expect(root, YamlNode.Kind.MAP, "the top level", "a mapping of " + String.join(", ", TOP_KEYS));
        r.knownKeys(root, TOP_KEYS, "");

        Map<String, Profiles.Profile> userProfiles = new LinkedHashMap<>();
        YamlNode profilesNode = root.map().get("profiles");
        if (profilesNode != null && profilesNode.kind() != YamlNode.Kind.NULL) {
            r.expect(profilesNode, YamlNode.Kind.MAP, "profiles", "a mapping of profile name to its collectors");
            profilesNode.map().forEach((name, def) -> userProfiles.put(name, r.profile(profilesNode, name, def)));
        }
        Profiles profiles = new Profiles(userProfiles.values());

        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        for (String command : List.of("collect", "serve")) {
            YamlNode section = root.map().get(command);
            if (section == null || section.kind() == YamlNode.Kind.NULL) {
                continue;
            }
            Map<String, Type> keys = COMMAND_KEYS.get(command);
            r.expect(section, YamlNode.Kind.MAP, command, "a mapping of " + String.join(", ", keys.keySet()));
            r.knownKeys(section, keys.keySet(), command + ".");
            Map<String, String> values = new LinkedHashMap<>();
            section.map().forEach((k, v) -> values.put(k, r.value(command + "." + k, v, keys.get(k), profiles)));
            settings.put(command, values);
        }

        Map<String, Map<String, YamlNode>> options = new LinkedHashMap<>();
        Map<String, int[]> positions = new LinkedHashMap<>();
        YamlNode collectors = root.map().get("collectors");
        if (collectors != null && collectors.kind() != YamlNode.Kind.NULL) {
            r.expect(collectors, YamlNode.Kind.MAP, "collectors", "a mapping of collector name to its options");
            collectors.map().forEach((name, opts) -> {
                positions.put(name, collectors.keyPosition(name));
                if (opts.kind() == YamlNode.Kind.NULL) {
                    return;
                }
                r.expect(opts, YamlNode.Kind.MAP, "collectors." + name, "a mapping of option name to value");
                Map<String, YamlNode> m = new LinkedHashMap<>();
                opts.map().forEach((k, v) -> {
                    if (v.kind() != YamlNode.Kind.SCALAR) {
                        throw r.at(v, "collectors." + name + "." + k + " must be a single value (text, number, true/false, duration)");
                    }
                    m.put(k, v);
                });
                options.put(name, m);
            });
        }

        List<Path> dirs = new ArrayList<>();
        YamlNode pd = root.map().get("plugin-dirs");
        if (pd != null && pd.kind() != YamlNode.Kind.NULL) {
            for (YamlNode d : r.listOf(pd, "plugin-dirs", "a list of folders")) {
                if (!d.text().startsWith("/")) {
                    throw r.at(d, "plugin-dirs: '" + d.text() + "' must be an absolute path");
                }
                dirs.add(Path.of(d.text()));
            }
        }

        RedactionConfig redaction = RedactionConfig.NONE;
        YamlNode red = root.map().get("redaction");
        if (red != null && red.kind() != YamlNode.Kind.NULL) {
            r.expect(red, YamlNode.Kind.MAP, "redaction",
                    "a mapping of words, hosts, domains, users, secretKeys, patterns, files (as in a --rules file)");
            try {
                redaction = RedactionConfig.parse(new ObjectMapper().writeValueAsString(red.plain()));
            } catch (IllegalArgumentException | IOException e) {
                throw r.at(red, "redaction: " + e.getMessage());
            }
        }

        Map<String, Object> findings = Map.of();
        YamlNode f = root.map().get("findings");
        if (f != null && f.kind() != YamlNode.Kind.NULL) {
            r.expect(f, YamlNode.Kind.MAP, "findings", "a mapping of finding thresholds");
            @SuppressWarnings("unchecked")
            Map<String, Object> plain = (Map<String, Object>) f.plain();
            findings = plain;
        }
        return new JsosConfig(source, settings, options, positions, dirs, profiles, redaction, findings);
    }

    /** The file this came from, or null for none. */
    public String source() {
        return source;
    }

    /**
     * The file's value for one of a command's options, as command-line text ({@code "30s"},
     * {@code "lvm,ceph"}), or null when the file does not set it.
     *
     * @param command the subcommand ({@code collect}, {@code serve})
     * @param option  its long option without {@code --} ({@code collector-timeout})
     */
    public String setting(String command, String option) {
        return commandSettings.getOrDefault(command, Map.of()).get(option);
    }

    /** The plugin folders the file adds. */
    public List<Path> pluginDirs() {
        return pluginDirs;
    }

    /** The built-in profiles and the file's own. */
    public Profiles profiles() {
        return profiles;
    }

    /** The redaction rules of the file's {@code redaction:} section ({@link RedactionConfig#NONE} without one). */
    public RedactionConfig redaction() {
        return redaction;
    }

    /**
     * The {@code findings:} section as plain values (maps, lists, text), for the findings engine's
     * thresholds; empty without one.
     */
    public Map<String, Object> findings() {
        return findings;
    }

    /**
     * The collector options of the file merged with the command line's ({@code -o}; these win,
     * option by option), after checking the file's against the collectors present: an unknown
     * collector, an unknown option or a bad value is a {@link ConfigException} at its line.
     */
    public Map<String, Map<String, String>> collectorOptions(CollectorCatalog catalog, Map<String, Map<String, String>> cli) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Reader r = new Reader(source);
        collectorOptions.forEach((name, opts) -> {
            Optional<CollectorCatalog.Entry> e = catalog.find(name);
            if (e.isEmpty()) {
                int[] p = collectorPositions.get(name);
                throw new ConfigException(source, p[0], p[1], "collectors: unknown collector '" + name + "'; valid: "
                        + String.join(", ", catalog.names()));
            }
            Map<String, OptionSpec<?>> specs = new LinkedHashMap<>();
            e.get().collector().options().forEach(s -> specs.put(s.name(), s));
            Map<String, String> m = new LinkedHashMap<>();
            opts.forEach((k, v) -> {
                OptionSpec<?> spec = specs.get(k);
                if (spec == null) {
                    throw r.at(v, "collectors." + name + ": unknown option '" + k + "'; valid: "
                            + (specs.isEmpty() ? "(none: " + name + " takes no options)" : String.join(", ", specs.keySet())));
                }
                try {
                    spec.parse(v.text());
                } catch (IllegalArgumentException ex) {
                    throw r.at(v, "collectors." + name + "." + k + ": '" + v.text() + "' is not valid; expected "
                            + spec.typeName());
                }
                m.put(k, v.text());
            });
            out.put(name, m);
        });
        cli.forEach((name, opts) -> out.computeIfAbsent(name, k -> new LinkedHashMap<>()).putAll(opts));
        return out;
    }

    private static Map<String, Type> ordered(Object... kv) {
        Map<String, Type> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Type) kv[i + 1]);
        }
        return m;
    }

    /** Checks values against what a key expects, with the file's positions in every message. */
    private record Reader(String source) {

        ConfigException at(YamlNode n, String message) {
            return new ConfigException(source, n.line(), n.column(), message);
        }

        void expect(YamlNode n, YamlNode.Kind kind, String where, String what) {
            if (n.kind() != kind) {
                throw at(n, where + " must be " + what);
            }
        }

        void knownKeys(YamlNode map, java.util.Collection<String> valid, String prefix) {
            for (String k : map.map().keySet()) {
                if (!valid.contains(k)) {
                    int[] p = map.keyPosition(k);
                    throw new ConfigException(source, p[0], p[1], "unknown key '" + prefix + k + "'; valid: "
                            + String.join(", ", valid));
                }
            }
        }

        List<YamlNode> listOf(YamlNode n, String where, String what) {
            List<YamlNode> items = n.kind() == YamlNode.Kind.LIST ? n.list()
                    : n.kind() == YamlNode.Kind.SCALAR ? List.of(n) : null;
            if (items == null) {
                throw at(n, where + " must be " + what);
            }
            for (YamlNode i : items) {
                if (i.kind() != YamlNode.Kind.SCALAR || i.text().isBlank()) {
                    throw at(i, where + " must be " + what);
                }
            }
            return items;
        }

        String value(String key, YamlNode v, Type type, Profiles profiles) {
            if (type == Type.NAMES || type == Type.PROFILES) {
                List<String> names = new ArrayList<>();
                for (YamlNode i : listOf(v, key, type.describe())) {
                    names.add(i.text().trim());
                    if (type == Type.PROFILES && profiles.find(i.text().trim()).isEmpty()) {
                        throw at(i, key + ": unknown profile '" + i.text() + "'; valid: " + String.join(", ", profiles.names()));
                    }
                }
                return String.join(",", names);
            }
            if (v.kind() != YamlNode.Kind.SCALAR) {
                throw at(v, key + " must be " + type.describe());
            }
            String t = v.text().trim();
            Consumer<Boolean> check = ok -> {
                if (!ok) {
                    throw at(v, key + ": '" + v.text() + "' is not valid; expected " + type.describe());
                }
            };
            switch (type) {
                case DURATION -> check.accept(isDuration(t));
                case DURATION_OR_ZERO -> check.accept(t.matches("0+(\\.0+)?(ms|s|m|h)?") || isDuration(t));
                case POSITIVE_INT -> check.accept(t.matches("\\d{1,9}") && Integer.parseInt(t) >= 1);
                case POSITIVE_LONG -> check.accept(t.matches("\\d{1,18}") && Long.parseLong(t) >= 1);
                case BOOLEAN -> check.accept(t.equals("true") || t.equals("false"));
                case FORMAT -> check.accept(Set.of("zst", "gz", "xz", "dir").contains(t));
                default -> check.accept(!t.isEmpty());
            }
            return t;
        }

        private static boolean isDuration(String t) {
            try {
                Durations.parse(t);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        Profiles.Profile profile(YamlNode parent, String name, YamlNode def) {
            int[] p = parent.keyPosition(name);
            if (!name.matches("[a-z][a-z0-9-]*")) {
                throw new ConfigException(source, p[0], p[1], "profiles: '" + name
                        + "' is not a valid profile name (lower-case letters, digits and '-')");
            }
            String origin = source + ":" + p[0];
            if (def.kind() == YamlNode.Kind.LIST) {
                return new Profiles.Profile(name, "", texts(listOf(def, "profiles." + name, "a list of collector names")), origin);
            }
            expect(def, YamlNode.Kind.MAP, "profiles." + name, "a list of collector names, or a mapping with collectors "
                    + "and description");
            knownKeys(def, List.of("description", "collectors"), "profiles." + name + ".");
            YamlNode cs = def.map().get("collectors");
            if (cs == null) {
                throw at(def, "profiles." + name + " needs collectors: a list of collector names");
            }
            YamlNode d = def.map().get("description");
            String description = d == null || d.kind() != YamlNode.Kind.SCALAR ? "" : d.text();
            return new Profiles.Profile(name, description, texts(listOf(cs, "profiles." + name + ".collectors",
                    "a list of collector names")), origin);
        }

        private static List<String> texts(List<YamlNode> nodes) {
            return nodes.stream().map(n -> n.text().trim()).toList();
        }
    }

    /** The keys a command's section takes, for docs and messages. */
    public static Set<String> keys(String command) {
        return new TreeSet<>(COMMAND_KEYS.getOrDefault(command, Map.of()).keySet());
    }
}
