package io.jsos.engine;

import io.jsos.api.Collector;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Every collector jsos knows: the built-ins on the classpath and the vendor jars in plugin
 * directories, each jar in its own class loader. A jar that fails to load, a collector whose
 * constructor throws, or a name already taken is recorded as a {@link Problem} and skipped,
 * never fatal.
 */
public final class CollectorCatalog {

    public static final String BUILT_IN = "built-in";

    /** A collector and where it came from ("built-in" or the jar's path). */
    public record Entry(Collector collector, String origin) {
        public String name() {
            return collector.name();
        }
    }

    /** Something that could not be loaded, and why. */
    public record Problem(String source, String reason) {
    }

    private final List<Entry> entries;
    private final List<Problem> problems;

    private CollectorCatalog(List<Entry> entries, List<Problem> problems) {
        this.entries = List.copyOf(entries);
        this.problems = List.copyOf(problems);
    }

    /** Discovers the built-ins visible to this class's loader plus every jar in the plugin directories. */
    public static CollectorCatalog discover(List<Path> pluginDirs) {
        Map<String, Entry> byName = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        load(ServiceLoader.load(Collector.class, CollectorCatalog.class.getClassLoader()), null, BUILT_IN, byName, problems);
        for (Path dir : pluginDirs) {
            if (!Files.isDirectory(dir)) {
                problems.add(new Problem(dir.toString(), "plugin directory does not exist"));
                continue;
            }
            List<Path> jars = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.jar")) {
                ds.forEach(jars::add);
            } catch (IOException e) {
                problems.add(new Problem(dir.toString(), "cannot list plugin directory: " + e.getMessage()));
            }
            jars.sort(Comparator.naturalOrder());
            for (Path jar : jars) {
                try {
                    URLClassLoader loader = new URLClassLoader("jsos-plugin:" + jar.getFileName(),
                            new URL[]{jar.toUri().toURL()}, CollectorCatalog.class.getClassLoader());
                    load(ServiceLoader.load(Collector.class, loader), loader, jar.toString(), byName, problems);
                } catch (IOException | RuntimeException | LinkageError e) {
                    problems.add(new Problem(jar.toString(), "cannot load jar: " + e));
                }
            }
        }
        List<Entry> sorted = new ArrayList<>(byName.values());
        sorted.sort(Comparator.comparing(Entry::name));
        return new CollectorCatalog(sorted, problems);
    }

    /** A catalog of given collectors (tests, embedding). */
    public static CollectorCatalog of(List<Collector> collectors) {
        Map<String, Entry> byName = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (Collector c : collectors) {
            add(new Entry(c, BUILT_IN), byName, problems);
        }
        return new CollectorCatalog(new ArrayList<>(byName.values()), problems);
    }

    private static void load(ServiceLoader<Collector> loader, ClassLoader own, String origin,
                             Map<String, Entry> byName, List<Problem> problems) {
        var it = loader.stream().iterator();
        while (true) {
            ServiceLoader.Provider<Collector> provider;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                problems.add(new Problem(origin, "bad service entry: " + e.getMessage()));
                continue;
            }
            // A plugin's loader also sees the built-ins through its parent; only take its own classes.
            if (own != null && provider.type().getClassLoader() != own) {
                continue;
            }
            try {
                add(new Entry(provider.get(), origin), byName, problems);
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                problems.add(new Problem(origin, provider.type().getName() + " could not be created: " + cause));
            }
        }
    }

    private static void add(Entry e, Map<String, Entry> byName, List<Problem> problems) {
        String name;
        try {
            name = e.collector().name();
        } catch (RuntimeException ex) {
            problems.add(new Problem(e.origin(), e.collector().getClass().getName() + ".name() failed: " + ex));
            return;
        }
        if (name == null || !name.matches("[a-z][a-z0-9_-]*")) {
            problems.add(new Problem(e.origin(), e.collector().getClass().getName()
                    + " has an invalid name '" + name + "' (lower-case letters, digits, '-' and '_')"));
            return;
        }
        Entry existing = byName.get(name);
        if (existing != null) {
            problems.add(new Problem(e.origin(), "collector '" + name + "' is already provided by " + existing.origin() + "; skipped"));
            return;
        }
        byName.put(name, e);
    }

    public List<Entry> entries() {
        return entries;
    }

    public List<Problem> problems() {
        return problems;
    }

    public Optional<Entry> find(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public List<String> names() {
        return entries.stream().map(Entry::name).toList();
    }
}
