package io.jsos.engine;

import io.jsos.api.ApiVersion;
import io.jsos.api.Collector;
import io.jsos.report.manifest.Plugins;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Every collector jsos knows: the built-ins on the classpath and the vendor jars in plugin
 * directories, each jar in its own class loader. A jar that fails to load, a service entry naming
 * a missing class, a collector whose constructor throws or hangs, one built against a newer plugin
 * API, or a name already taken is recorded as a {@link Problem} and skipped, never fatal.
 */
public final class CollectorCatalog {

    public static final String BUILT_IN = "built-in";

    /** How long one jar may take to load and construct its collectors (a constructor that hangs). */
    static final Duration JAR_LOAD_TIMEOUT = Duration.ofSeconds(10);

    /** Where the API's annotation processor records the API a jar was compiled against. */
    static final String RECORDED_API = io.jsos.api.build.ApiVersionRecorder.RESOURCE;

    /**
     * A collector and where it came from.
     *
     * @param origin     "built-in" or the jar's path
     * @param version    the jar's Implementation-Version, else the collector's own {@link Collector#version()}, or null
     * @param apiVersion the plugin API it was built against, or null when it does not say
     */
    public record Entry(Collector collector, String origin, String version, String apiVersion) {

        /** A collector with no version information (tests, embedding). */
        public Entry(Collector collector, String origin) {
            this(collector, origin, null, null);
        }

        public String name() {
            return collector.name();
        }

        public boolean builtIn() {
            return BUILT_IN.equals(origin);
        }
    }

    /** Something that could not be loaded (a jar, a service entry, a collector), and why. */
    public record Problem(String source, String reason) {
    }

    private final List<Entry> entries;
    private final List<Problem> problems;
    private final List<Path> pluginDirs;

    private CollectorCatalog(List<Entry> entries, List<Problem> problems, List<Path> pluginDirs) {
        this.entries = List.copyOf(entries);
        this.problems = List.copyOf(problems);
        this.pluginDirs = List.copyOf(pluginDirs);
    }

    /** Discovers the built-ins visible to this class's loader plus every jar in the plugin directories. */
    public static CollectorCatalog discover(List<Path> pluginDirs) {
        return discover(pluginDirs, JAR_LOAD_TIMEOUT);
    }

    /** {@link #discover(List)} with another limit on how long one jar may take to load. */
    public static CollectorCatalog discover(List<Path> pluginDirs, Duration jarLoadTimeout) {
        Map<String, Entry> byName = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        Loaded builtIns = load(ServiceLoader.load(Collector.class, CollectorCatalog.class.getClassLoader()), null,
                BUILT_IN, null, null);
        builtIns.addTo(byName, problems);
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
                loadJar(jar, jarLoadTimeout).addTo(byName, problems);
            }
        }
        List<Entry> sorted = new ArrayList<>(byName.values());
        sorted.sort(Comparator.comparing(Entry::name));
        return new CollectorCatalog(sorted, problems, pluginDirs);
    }

    /** A catalog of given collectors (tests, embedding). */
    public static CollectorCatalog of(List<Collector> collectors) {
        Map<String, Entry> byName = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        Loaded loaded = new Loaded();
        for (Collector c : collectors) {
            loaded.entries.add(new Entry(c, BUILT_IN, c.version(), ApiVersion.CURRENT));
        }
        loaded.addTo(byName, problems);
        return new CollectorCatalog(new ArrayList<>(byName.values()), problems, List.of());
    }

    /**
     * One jar, in its own class loader, on its own thread: a collector whose constructor hangs
     * costs {@link #JAR_LOAD_TIMEOUT} and that jar, not the run.
     */
    private static Loaded loadJar(Path jar, Duration timeout) {
        String origin = jar.toString();
        String version;
        String recordedApi;
        try (JarFile jf = new JarFile(jar.toFile())) {
            Manifest mf = jf.getManifest();
            version = mf == null ? null : mf.getMainAttributes().getValue("Implementation-Version");
            recordedApi = recordedApiVersion(jf);
            if (jf.getEntry("META-INF/services/" + Collector.class.getName()) == null) {
                Loaded none = new Loaded();
                none.problems.add(new Problem(origin, "no collectors: the jar has no META-INF/services/"
                        + Collector.class.getName() + " listing them"));
                return none;
            }
        } catch (IOException | RuntimeException e) {
            Loaded bad = new Loaded();
            bad.problems.add(new Problem(origin, "cannot read jar: " + e));
            return bad;
        }
        if (recordedApi != null) {
            // Refused before any of its classes loads: a jar built for a newer API may not even link.
            String why;
            try {
                why = ApiVersion.parse(recordedApi).incompatibility(ApiVersion.running());
            } catch (IllegalArgumentException e) {
                why = "has an unreadable " + RECORDED_API + ": " + e.getMessage();
            }
            if (why != null) {
                Loaded refused = new Loaded();
                refused.problems.add(new Problem(origin, "the jar is " + why + "; skipped"));
                return refused;
            }
        }
        Loaded[] result = new Loaded[1];
        Thread t = new Thread(() -> {
            try {
                URLClassLoader loader = new URLClassLoader("jsos-plugin:" + jar.getFileName(),
                        new URL[]{jar.toUri().toURL()}, CollectorCatalog.class.getClassLoader());
                result[0] = load(ServiceLoader.load(Collector.class, loader), loader, origin, version, recordedApi);
            } catch (IOException | RuntimeException | LinkageError e) {
                Loaded bad = new Loaded();
                bad.problems.add(new Problem(origin, "cannot load jar: " + e));
                result[0] = bad;
            }
        }, "jsos-plugin-load-" + jar.getFileName());
        t.setDaemon(true);
        t.start();
        try {
            t.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            t.interrupt();
            Loaded hung = new Loaded();
            hung.problems.add(new Problem(origin, "loading its collectors took longer than "
                    + timeout.toMillis() + " ms (a constructor that hangs?); the whole jar is skipped"));
            return hung;
        }
        return result[0];
    }

    /** What one class loader provided: collectors not yet checked against each other, and problems. */
    private static final class Loaded {
        final List<Entry> entries = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();

        void addTo(Map<String, Entry> byName, List<Problem> allProblems) {
            allProblems.addAll(problems);
            for (Entry e : entries) {
                add(e, byName, allProblems);
            }
        }
    }

    private static Loaded load(ServiceLoader<Collector> loader, ClassLoader own, String origin, String jarVersion,
                               String recordedApi) {
        Loaded out = new Loaded();
        var it = loader.stream().iterator();
        while (true) {
            ServiceLoader.Provider<Collector> provider;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                out.problems.add(new Problem(origin, "bad entry in META-INF/services/" + Collector.class.getName() + ": "
                        + e.getMessage() + linkageHint(e)));
                continue;
            }
            // A plugin's loader also sees the built-ins through its parent; only take its own classes.
            if (own != null && provider.type().getClassLoader() != own) {
                continue;
            }
            Collector c;
            try {
                c = provider.get();
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                out.problems.add(new Problem(origin, provider.type().getName() + " could not be created: " + cause
                        + linkageHint(cause)));
                continue;
            }
            Entry checked = checked(c, origin, jarVersion, recordedApi, out.problems);
            if (checked != null) {
                out.entries.add(checked);
            }
        }
        return out;
    }

    /**
     * The collector with its versions, or null (and a problem) when its API version is not one this
     * jsos can run. Built-ins are built with this API by definition.
     */
    private static Entry checked(Collector c, String origin, String jarVersion, String recordedApi, List<Problem> problems) {
        String cls = c.getClass().getName();
        String declared;
        String own;
        try {
            declared = c.apiVersion();
            own = c.version();
        } catch (RuntimeException | LinkageError e) {
            problems.add(new Problem(origin, cls + ".apiVersion() or .version() failed: " + e + linkageHint(e)));
            return null;
        }
        String version = jarVersion != null ? jarVersion : own;
        if (BUILT_IN.equals(origin)) {
            return new Entry(c, origin, version, ApiVersion.CURRENT);
        }
        if (declared == null) {
            declared = recordedApi;
        }
        if (declared == null) {
            return new Entry(c, origin, version, null);
        }
        ApiVersion built;
        try {
            built = ApiVersion.parse(declared);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(origin, cls + " declares an invalid plugin API version: " + e.getMessage() + "; skipped"));
            return null;
        }
        String why = built.incompatibility(ApiVersion.running());
        if (why != null) {
            problems.add(new Problem(origin, cls + " is " + why + "; skipped"));
            return null;
        }
        return new Entry(c, origin, version, built.toString());
    }

    /**
     * The API version the API's annotation processor recorded in the jar at build time
     * ({@code io.jsos.api.build.ApiVersionRecorder}), or null.
     */
    private static String recordedApiVersion(JarFile jf) throws IOException {
        var entry = jf.getEntry(RECORDED_API);
        if (entry == null) {
            return null;
        }
        try (var in = jf.getInputStream(entry)) {
            String text = new String(in.readNBytes(100), java.nio.charset.StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? null : text;
        }
    }

    /** A class or method the plugin needs and this API lacks usually means it was built for a newer API. */
    private static String linkageHint(Throwable t) {
        if (t instanceof NoClassDefFoundError || t instanceof NoSuchMethodError || t instanceof NoSuchFieldError
                || t instanceof AbstractMethodError || t instanceof IncompatibleClassChangeError
                || t.getCause() instanceof LinkageError) {
            return " (the plugin may need a newer plugin API than this jsos's " + ApiVersion.CURRENT
                    + ", or a library it does not ship)";
        }
        return "";
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

    /** The plugin directories searched, in order (the system one first when it exists). */
    public List<Path> pluginDirs() {
        return pluginDirs;
    }

    /** The manifest's record of where collectors came from: plugin directories, plugin collectors, what was skipped. */
    public Plugins toManifest() {
        return new Plugins(ApiVersion.CURRENT, pluginDirs.stream().map(Path::toString).toList(),
                entries.stream().filter(e -> !e.builtIn())
                        .map(e -> new Plugins.Loaded(e.name(), e.origin(), e.version(), e.apiVersion())).toList(),
                problems.stream().map(p -> new Plugins.Skipped(p.source(), p.reason())).toList());
    }

    public Optional<Entry> find(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public List<String> names() {
        return entries.stream().map(Entry::name).toList();
    }
}
