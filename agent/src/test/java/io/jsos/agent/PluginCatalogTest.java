package io.jsos.agent;

import io.jsos.api.ApiVersion;
import io.jsos.engine.CollectorCatalog;
import io.jsos.report.manifest.Plugins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.jsos.agent.TestPlugins.collector;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real plugin jars, compiled at test time, loaded by the catalog: the good ones load with their
 * origin and version; every broken one is skipped with a reason that says what to do, and never
 * takes a good one down with it.
 */
class PluginCatalogTest {

    @TempDir
    Path tmp;

    @Test
    void aGoodPluginLoadsWithItsJarItsVersionAndItsApiVersion() throws Exception {
        Path dir = tmp.resolve("plugins");
        Path jar = TestPlugins.jar(dir, "good.jar", Map.of("v.Good", collector("v", "Good", "good", "",
                "public String apiVersion() { return ApiVersion.CURRENT; }")), new TestPlugins.Spec(null, "3.1.4", null));
        CollectorCatalog c = CollectorCatalog.discover(List.of(dir));
        CollectorCatalog.Entry e = c.find("good").orElseThrow();
        assertThat(e.origin()).isEqualTo(jar.toString());
        assertThat(e.version()).isEqualTo("3.1.4");
        assertThat(e.apiVersion()).isEqualTo(ApiVersion.CURRENT);
        assertThat(e.builtIn()).isFalse();
        assertThat(c.problems()).isEmpty();
        Plugins m = c.toManifest();
        assertThat(m.apiVersion()).isEqualTo(ApiVersion.CURRENT);
        assertThat(m.dirs()).containsExactly(dir.toString());
        assertThat(m.loaded()).containsExactly(new Plugins.Loaded("good", jar.toString(), "3.1.4", ApiVersion.CURRENT));
    }

    @Test
    void theApiVersionIsRecordedByTheCompilerWithoutAnyPluginCode() throws Exception {
        Path dir = tmp.resolve("plugins");
        // No apiVersion() override: the API jar's annotation processor wrote it into the jar at compile time.
        TestPlugins.jar(dir, "plain.jar", Map.of("v.Plain", collector("v", "Plain", "plain", "", "")));
        assertThat(CollectorCatalog.discover(List.of(dir)).find("plain").orElseThrow().apiVersion())
                .isEqualTo(ApiVersion.CURRENT);
    }

    @Test
    void aJarRecordedForANewerApiIsRefusedBeforeAnyClassLoads() throws Exception {
        Path dir = tmp.resolve("plugins");
        String newer = ApiVersion.MAJOR + "." + (ApiVersion.MINOR + 1) + ".0";
        TestPlugins.jar(dir, "recorded-newer.jar", Map.of("v.Rec", collector("v", "Rec", "rec", "",
                "static { if (true) throw new IllegalStateException(\"must never load\"); }")),
                new TestPlugins.Spec(null, null, null, newer));
        CollectorCatalog c = CollectorCatalog.discover(List.of(dir));
        assertThat(c.names()).doesNotContain("rec");
        assertThat(reason(c, "recorded-newer.jar")).startsWith("the jar is built against plugin API " + newer)
                .contains("newer than the API " + ApiVersion.CURRENT).doesNotContain("must never load");
    }

    @Test
    void withoutAJarVersionTheCollectorsOwnIsShownAndAnUndeclaredApiStillLoads() throws Exception {
        Path dir = tmp.resolve("plugins");
        TestPlugins.jar(dir, "own.jar", Map.of("v.Own", collector("v", "Own", "own", "",
                "public String version() { return \"2026.11\"; }")), new TestPlugins.Spec(null, null, null, ""));
        CollectorCatalog.Entry e = CollectorCatalog.discover(List.of(dir)).find("own").orElseThrow();
        assertThat(e.version()).isEqualTo("2026.11");
        assertThat(e.apiVersion()).as("not declared: built without annotation processing").isNull();
    }

    @Test
    void aPluginBuiltAgainstANewerApiIsRefusedNamingBothVersions() throws Exception {
        Path dir = tmp.resolve("plugins");
        int newerMinor = ApiVersion.MINOR + 1;
        // The plugin's source is the one every plugin has; only the API jar it was compiled against is newer.
        TestPlugins.jar(dir, "newer.jar", Map.of("v.Newer", collector("v", "Newer", "newer", "",
                "public String apiVersion() { return ApiVersion.CURRENT; }")),
                new TestPlugins.Spec(null, null, ApiVersion.MAJOR + "." + newerMinor));
        TestPlugins.jar(dir, "nextmajor.jar", Map.of("v.Next", collector("v", "Next", "next", "",
                "public String apiVersion() { return ApiVersion.CURRENT; }")),
                new TestPlugins.Spec(null, null, (ApiVersion.MAJOR + 1) + ".0"));
        TestPlugins.jar(dir, "ok.jar", Map.of("v.Ok", collector("v", "Ok", "ok", "",
                "public String apiVersion() { return ApiVersion.CURRENT; }")));
        CollectorCatalog c = CollectorCatalog.discover(List.of(dir));
        assertThat(c.names()).contains("ok").doesNotContain("newer", "next");
        assertThat(reason(c, "newer.jar")).contains("v.Newer").contains(ApiVersion.MAJOR + "." + newerMinor + ".0")
                .contains("newer than the API " + ApiVersion.CURRENT).contains("upgrade jsos");
        assertThat(reason(c, "nextmajor.jar")).contains((ApiVersion.MAJOR + 1) + ".0.0").contains("newer");
    }

    @Test
    void badServiceFileMissingServicesThrowingConstructorAndDuplicateAreSkippedWithReasons() throws Exception {
        Path dir = tmp.resolve("plugins");
        TestPlugins.jar(dir, "a-good.jar", Map.of("v.Good", collector("v", "Good", "good", "", "")));
        TestPlugins.jar(dir, "bad-service.jar", Map.of("v.Real", collector("v", "Real", "real", "", "")),
                new TestPlugins.Spec("v.Real\nv.DoesNotExist\n", null, null));
        TestPlugins.jar(dir, "no-services.jar", Map.of("v.Lost", collector("v", "Lost", "lost", "", "")),
                new TestPlugins.Spec("", null, null));
        TestPlugins.jar(dir, "ctor.jar", Map.of("v.Ctor", collector("v", "Ctor", "ctor", "",
                "public Ctor() { throw new IllegalStateException(\"licence file missing\"); }")));
        TestPlugins.jar(dir, "dup.jar", Map.of("v.Dup", collector("v", "Dup", "system", "", "")));
        TestPlugins.jar(dir, "badname.jar", Map.of("v.Bad", collector("v", "Bad", "Bad Name", "", "")));
        Path notAJar = java.nio.file.Files.writeString(dir.resolve("broken.jar"), "this is not a zip file");

        CollectorCatalog c = CollectorCatalog.discover(List.of(dir, tmp.resolve("missing-dir")));
        assertThat(c.names()).contains("good", "real", "system").doesNotContain("lost", "ctor");
        assertThat(c.find("system").orElseThrow().builtIn()).as("the built-in keeps its name").isTrue();
        assertThat(reason(c, "bad-service.jar")).contains("META-INF/services").contains("v.DoesNotExist");
        assertThat(reason(c, "no-services.jar")).contains("no collectors");
        assertThat(reason(c, "ctor.jar")).contains("v.Ctor could not be created").contains("licence file missing");
        assertThat(reason(c, "dup.jar")).contains("'system' is already provided by built-in");
        assertThat(reason(c, "badname.jar")).contains("invalid name 'Bad Name'");
        assertThat(reason(c, notAJar.getFileName().toString())).contains("cannot read jar");
        assertThat(reason(c, "missing-dir")).contains("does not exist");
    }

    @Test
    void aConstructorThatHangsCostsItsJarNotTheRun() throws Exception {
        Path dir = tmp.resolve("plugins");
        TestPlugins.jar(dir, "hang.jar", Map.of("v.Hang", collector("v", "Hang", "hang", "",
                "public Hang() { while (true) { try { Thread.sleep(1000); } catch (InterruptedException e) { } } }")));
        TestPlugins.jar(dir, "later.jar", Map.of("v.Later", collector("v", "Later", "later", "", "")));
        CollectorCatalog c = CollectorCatalog.discover(List.of(dir), Duration.ofMillis(500));
        assertThat(c.names()).contains("later").doesNotContain("hang");
        assertThat(reason(c, "hang.jar")).contains("longer than 500 ms").contains("constructor that hangs");
    }

    private static String reason(CollectorCatalog c, String sourceEnd) {
        return c.problems().stream().filter(p -> p.source().endsWith(sourceEnd)).map(CollectorCatalog.Problem::reason)
                .findFirst().orElseThrow(() -> new AssertionError("no problem for " + sourceEnd + " in " + c.problems()));
    }
}
