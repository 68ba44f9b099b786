package io.jsos.agent;

import io.jsos.api.Collector;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Builds a real vendor plugin jar at test time: Java sources compiled against the plugin API
 * jar only, packed with a ServiceLoader entry, exactly as a vendor would ship one.
 */
final class TestPlugins {

    private TestPlugins() {
    }

    /**
     * How to build a jar.
     *
     * @param serviceFile           the content of META-INF/services/io.jsos.api.Collector; null: list the
     *                              sources' classes; "" : no service file at all
     * @param implementationVersion the jar manifest's Implementation-Version, or null
     * @param compiledAgainstApi    a MAJOR.MINOR to compile against instead of the real API's version (a stand-in
     *                              ApiVersion class with those numbers is put before the API jar), or null
     * @param recordedApi           null: the API's annotation processor records the version, as in any build;
     *                              "": no processing, nothing recorded; else no processing and this text recorded
     */
    record Spec(String serviceFile, String implementationVersion, String compiledAgainstApi, String recordedApi) {
        static final Spec PLAIN = new Spec(null, null, null, null);

        Spec(String serviceFile, String implementationVersion, String compiledAgainstApi) {
            this(serviceFile, implementationVersion, compiledAgainstApi, null);
        }
    }

    /** Compiles the sources (class name → source) into {@code dir/<jarName>}, registering them as collectors. */
    static Path jar(Path dir, String jarName, Map<String, String> sources) throws IOException {
        return jar(dir, jarName, sources, Spec.PLAIN);
    }

    static Path jar(Path dir, String jarName, Map<String, String> sources, Spec spec) throws IOException {
        Files.createDirectories(dir);
        Path work = Files.createTempDirectory(dir.getParent() != null ? dir.getParent() : dir, "plugin-build");
        Path src = Files.createDirectories(work.resolve("src"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        String apiJar = Path.of(Collector.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        String classpath = apiJar;
        if (spec.compiledAgainstApi() != null) {
            // A newer API jar, as far as the plugin can tell: its ApiVersion constants are what javac inlines.
            String[] v = spec.compiledAgainstApi().split("\\.");
            Path fakeSrc = Files.createDirectories(work.resolve("api-src/io/jsos/api")).resolve("ApiVersion.java");
            Files.writeString(fakeSrc, "package io.jsos.api;\n"
                    + "public final class ApiVersion {\n"
                    + "  public static final int MAJOR = " + v[0] + ";\n"
                    + "  public static final int MINOR = " + v[1] + ";\n"
                    + "  public static final int PATCH = 0;\n"
                    + "  public static final String CURRENT = MAJOR + \".\" + MINOR + \".\" + PATCH;\n"
                    + "}\n");
            Path fakeClasses = Files.createDirectories(work.resolve("api-classes"));
            compile(List.of(fakeSrc.toString()), fakeClasses.toString(), fakeClasses, false);
            classpath = fakeClasses + ":" + apiJar;
        }
        List<String> files = new ArrayList<>();
        for (var e : sources.entrySet()) {
            Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            files.add(f.toString());
        }
        compile(files, classpath, classes, spec.recordedApi() == null);
        if (spec.recordedApi() != null && !spec.recordedApi().isEmpty()) {
            Path recorded = classes.resolve(io.jsos.api.build.ApiVersionRecorder.RESOURCE);
            Files.createDirectories(recorded.getParent());
            Files.writeString(recorded, spec.recordedApi() + "\n");
        }
        Path jar = dir.resolve(jarName);
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (spec.implementationVersion() != null) {
            mf.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, spec.implementationVersion());
        }
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(os, mf)) {
            String services = spec.serviceFile() != null ? spec.serviceFile() : String.join("\n", sources.keySet()) + "\n";
            if (!services.isEmpty()) {
                j.putNextEntry(new JarEntry("META-INF/services/" + Collector.class.getName()));
                j.write(services.getBytes());
                j.closeEntry();
            }
            try (Stream<Path> s = Files.walk(classes)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    j.putNextEntry(new JarEntry(classes.relativize(p).toString()));
                    j.write(Files.readAllBytes(p));
                    j.closeEntry();
                }
            }
        }
        return jar;
    }

    private static void compile(List<String> files, String classpath, Path out, boolean processors) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("--release", "17", "-classpath", classpath, "-d", out.toString()));
        if (!processors) {
            args.add("-proc:none");
        }
        args.addAll(files);
        if (javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
            throw new AssertionError("plugin sources did not compile");
        }
    }

    /** A collector's source: {@code body} is the body of collect(ctx); {@code extra} more members. */
    static String collector(String pkg, String cls, String name, String body, String extra) {
        return "package " + pkg + ";\n"
                + "import io.jsos.api.*;\n"
                + "public class " + cls + " implements Collector {\n"
                + "  public String name() { return \"" + name + "\"; }\n"
                + "  public String description() { return \"test plugin " + name + "\"; }\n"
                + "  public Applicability applies(Host h) { return Applicability.yes(\"always\"); }\n"
                + "  public void collect(CollectContext ctx) throws Exception { " + body + " }\n"
                + "  " + extra + "\n"
                + "}\n";
    }
}
