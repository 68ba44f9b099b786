package io.jsos.findings;

import io.jsos.api.findings.CollectorState;
import io.jsos.api.findings.Finding;
import io.jsos.api.findings.Rule;
import io.jsos.api.findings.Thresholds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A vendor's rule in a plugin jar, compiled against the plugin API only, is found and run like the built-in ones. */
class PluginRuleTest {

    @TempDir
    Path tmp;

    static final String RAID_RULE = """
            package com.example.raid;

            import io.jsos.api.findings.*;
            import java.util.*;

            public final class RaidDegraded implements Rule {
                public String id() { return "raid.degraded"; }
                public String description() { return "md arrays running degraded"; }
                public Map<String, Double> thresholds() { return Map.of("raid.degraded.min-missing", 1.0); }
                public List<Finding> evaluate(Models m, Thresholds t) {
                    List<Finding> out = new ArrayList<>();
                    Object arrays = m.object("raid").map(d -> d.get("arrays")).orElse(List.of());
                    for (Object a : (List<?>) arrays) {
                        Map<?, ?> array = (Map<?, ?>) a;
                        if (((Number) array.get("missing")).doubleValue() >= t.get("raid.degraded.min-missing", 1.0)) {
                            out.add(new Finding(id(), Severity.CRITICAL, (String) array.get("name"), array.get("name") + " is degraded",
                                    List.of(Evidence.of("missing", array.get("missing"), m.modelPath("raid"))), "Replace the failed member."));
                        }
                    }
                    return out;
                }
            }
            """;

    /** Compiles one rule into a jar with its ServiceLoader entry, as a vendor ships it. */
    static Path ruleJar(Path dir, String jarName, String className, String source) throws IOException {
        Path src = Files.createTempDirectory(tmpRoot(dir), "src");
        Path classes = Files.createTempDirectory(tmpRoot(dir), "classes");
        Path file = src.resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        String api = Path.of(Rule.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, "--release", "17", "-classpath", api, "-d", classes.toString(), file.toString()))
                .as("the rule compiles against the plugin API alone").isZero();
        Path jar = Files.createDirectories(dir).resolve(jarName);
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(os)) {
            j.putNextEntry(new JarEntry("META-INF/services/" + Rule.class.getName()));
            j.write((className + "\n").getBytes(StandardCharsets.UTF_8));
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

    private static Path tmpRoot(Path dir) throws IOException {
        return Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-build"));
    }

    @Test
    void vendorRuleFromAPluginJarRunsBesideTheBuiltInOnes() throws IOException {
        Path plugins = tmp.resolve("plugins");
        ruleJar(plugins, "raid-rules.jar", "com.example.raid.RaidDegraded", RAID_RULE);
        // A jar whose rule takes a built-in id, and one that is not a jar at all: reported, not fatal.
        ruleJar(plugins, "clash.jar", "com.example.clash.Clash", RAID_RULE.replace("com.example.raid", "com.example.clash")
                .replace("RaidDegraded", "Clash").replace("\"raid.degraded\"", "\"processes.zombies\""));
        Files.writeString(plugins.resolve("broken.jar"), "not a zip");

        FindingsEngine engine = FindingsEngine.discover(List.of(plugins));
        assertThat(engine.rules()).extracting(Rule::id).contains("raid.degraded", "processes.zombies").hasSize(27);
        assertThat(engine.problems()).anySatisfy(p -> assertThat(p).contains("processes.zombies is taken"));
        assertThat(engine.defaults()).containsEntry("raid.degraded.min-missing", 1.0);

        MemorySource src = new MemorySource().put("jsos/raid.json",
                "{\"arrays\":[{\"name\":\"md0\",\"missing\":1},{\"name\":\"md1\",\"missing\":0}]}");
        BundleModels models = BundleModels.of(src, List.of(new CollectorState("raid", "ok", null)), Map.of());
        assertThat(engine.evaluate(models, Thresholds.defaults())).extracting(Finding::key).containsExactly("raid.degraded md0");
        assertThat(engine.evaluate(models, engine.thresholds(Map.of("raid.degraded.min-missing", 2)))).isEmpty();
    }
}
