package io.jsos.agent;

import io.jsos.api.Collector;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Builds a real vendor plugin jar at test time: Java sources compiled against the plugin API
 * jar only, packed with a ServiceLoader entry, exactly as a vendor would ship one.
 */
final class TestPlugins {

    private TestPlugins() {
    }

    /** Compiles the sources (class name → source) into {@code dir/<jarName>}, registering them as collectors. */
    static Path jar(Path dir, String jarName, Map<String, String> sources) throws IOException {
        Files.createDirectories(dir);
        Path src = Files.createTempDirectory(dir, "plugin-src");
        Path classes = Files.createTempDirectory(dir, "plugin-classes");
        for (var e : sources.entrySet()) {
            Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
        }
        String apiJar = Path.of(Collector.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String[] files;
        try (Stream<Path> s = Files.walk(src)) {
            files = s.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toArray(String[]::new);
        }
        String[] args = Stream.concat(Stream.of("--release", "17", "-classpath", apiJar, "-d", classes.toString()),
                Stream.of(files)).toArray(String[]::new);
        if (javac.run(null, null, null, args) != 0) {
            throw new AssertionError("plugin sources did not compile");
        }
        Path jar = Files.createDirectories(dir).resolve(jarName);
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(os)) {
            j.putNextEntry(new JarEntry("META-INF/services/" + Collector.class.getName()));
            j.write(String.join("\n", sources.keySet()).concat("\n").getBytes());
            j.closeEntry();
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
}
