package io.jsos.agent.config;

import io.jsos.engine.CollectorCatalog;
import io.jsos.api.Applicability;
import io.jsos.api.CollectContext;
import io.jsos.api.Collector;
import io.jsos.api.Host;
import io.jsos.api.OptionSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsosConfigTest {

    static final String GOOD = """
            # jsos settings for the storage nodes
            collect:
              timeout: 2m
              format: xz
              skip: [perf]
              profile: mine
            serve:
              listen: ":9911"
              cache-ttl: 0
            collectors:
              lvm:
                cmd-timeout: 5s
            profiles:
              mine:
                description: what we send to the vendor
                collectors: [system, lvm, acme-raid]
              short: [system]
            redaction:
              words: [projectx]
            plugin-dirs: [/opt/acme/jsos-plugins]
            findings:
              thin-pool-data-percent: 85
            """;

    static final class Lvm implements Collector {
        static final OptionSpec<Duration> CMD_TIMEOUT = OptionSpec.duration("cmd-timeout", Duration.ofSeconds(10), "lvm commands");
        static final OptionSpec<Boolean> SEGMENTS = OptionSpec.bool("segments", false, "segment tables");

        public String name() {
            return "lvm";
        }

        public String description() {
            return "test lvm";
        }

        public Applicability applies(Host host) {
            return Applicability.yes("test");
        }

        public void collect(CollectContext context) {
        }

        public List<OptionSpec<?>> options() {
            return List.of(CMD_TIMEOUT, SEGMENTS);
        }
    }

    static final class System implements Collector {
        public String name() {
            return "system";
        }

        public String description() {
            return "test system";
        }

        public Applicability applies(Host host) {
            return Applicability.yes("test");
        }

        public void collect(CollectContext context) {
        }
    }

    private static final CollectorCatalog CATALOG = CollectorCatalog.of(List.of(new Lvm(), new System()));

    @Test
    void readsEverySection() {
        JsosConfig c = JsosConfig.parse("jsos.yaml", GOOD);
        assertThat(c.setting("collect", "timeout")).isEqualTo("2m");
        assertThat(c.setting("collect", "skip")).isEqualTo("perf");
        assertThat(c.setting("collect", "parallelism")).isNull();
        assertThat(c.setting("serve", "listen")).isEqualTo(":9911");
        assertThat(c.setting("serve", "cache-ttl")).isEqualTo("0");
        assertThat(c.pluginDirs()).containsExactly(java.nio.file.Path.of("/opt/acme/jsos-plugins"));
        assertThat(c.redaction().words()).containsExactly("projectx");
        assertThat(c.findings()).containsEntry("thin-pool-data-percent", "85");
        assertThat(c.profiles().find("mine").orElseThrow().collectors()).containsExactly("system", "lvm", "acme-raid");
        assertThat(c.profiles().find("mine").orElseThrow().origin()).isEqualTo("jsos.yaml:14");
        assertThat(c.profiles().find("short").orElseThrow().collectors()).containsExactly("system");
        assertThat(c.profiles().find("storage")).as("built-ins stay").isPresent();
    }

    @Test
    void theCompleteFileInTheDocsIsValid() throws java.io.IOException {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/config.md"));
        String section = doc.substring(doc.indexOf("## A complete file"));
        String yaml = section.substring(section.indexOf("```yaml") + 7, section.indexOf("```", section.indexOf("```yaml") + 7));
        JsosConfig c = JsosConfig.parse("docs/config.md", yaml);
        assertThat(c.setting("collect", "profile")).isEqualTo("storage");
        assertThat(c.setting("serve", "listen")).isEqualTo(":9910");
        assertThat(c.profiles().find("acme-support").orElseThrow().collectors()).contains("raid");
        assertThat(c.redaction().words()).contains("projectx");
        assertThat(c.findings()).containsKey("thin-pool-data-percent");
    }

    @Test
    void collectorOptionsMergeWithTheCommandLineWinningPerOption() {
        JsosConfig c = JsosConfig.parse("jsos.yaml", GOOD);
        assertThat(c.collectorOptions(CATALOG, Map.of())).isEqualTo(Map.of("lvm", Map.of("cmd-timeout", "5s")));
        assertThat(c.collectorOptions(CATALOG, Map.of("lvm", Map.of("cmd-timeout", "1s", "segments", "true"))))
                .isEqualTo(Map.of("lvm", Map.of("cmd-timeout", "1s", "segments", "true")));
    }

    @Test
    void profilesSelectThePresentCollectorsAndWarnAboutTheRest() {
        Profiles.Selection s = JsosConfig.parse("jsos.yaml", GOOD).profiles()
                .select(List.of("mine"), CATALOG.names());
        assertThat(s.collectors()).containsExactly("system", "lvm");
        assertThat(s.warnings()).singleElement().asString().contains("profile mine").contains("'acme-raid'")
                .contains("left out");
        assertThatThrownBy(() -> Profiles.builtIn().select(List.of("stroage"), CATALOG.names()))
                .hasMessageContaining("unknown profile 'stroage'").hasMessageContaining("storage, network");
    }

    @Test
    void everyBuiltInProfileHasADescriptionAndTheSystemCollector() {
        for (Profiles.Profile p : Profiles.builtIn().all()) {
            assertThat(p.description()).as(p.name()).isNotBlank();
            assertThat(p.collectors()).as(p.name()).contains("system");
        }
        assertThat(Profiles.builtIn().names()).contains("storage", "network", "k8s-node");
    }

    @Test
    void anUnknownKeyNamesTheFileTheLineAndTheValidKeys() {
        assertThatThrownBy(() -> JsosConfig.parse("/etc/jsos/jsos.yaml", "collect:\n  timeout: 1m\ncolectors:\n  lvm: {}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("/etc/jsos/jsos.yaml:3:1: unknown key 'colectors'")
                .hasMessageContaining("valid: collect, serve, collectors, profiles, redaction, plugin-dirs, findings");
        assertThatThrownBy(() -> JsosConfig.parse("f.yaml", "collect:\n  timeout: 1m\n  paralelism: 2\n"))
                .hasMessageStartingWith("f.yaml:3:3: unknown key 'collect.paralelism'")
                .hasMessageContaining("parallelism");
    }

    @Test
    void aBadValueNamesTheLineAndWhatIsValid() {
        assertThatThrownBy(() -> JsosConfig.parse("f.yaml", "collect:\n  format: rar\n"))
                .hasMessageStartingWith("f.yaml:2:11: collect.format: 'rar' is not valid; expected one of zst, gz, xz, dir");
        assertThatThrownBy(() -> JsosConfig.parse("f.yaml", "collect:\n  timeout: soon\n"))
                .hasMessageContaining("f.yaml:2:").hasMessageContaining("a duration such as 500ms, 30s, 2m");
        assertThatThrownBy(() -> JsosConfig.parse("f.yaml", "serve:\n  threads: 0\n"))
                .hasMessageContaining("f.yaml:2:").hasMessageContaining("at least 1");
        assertThatThrownBy(() -> JsosConfig.parse("f.yaml", "collect:\n  profile: stroage\n"))
                .hasMessageContaining("f.yaml:2:").hasMessageContaining("unknown profile 'stroage'")
                .hasMessageContaining("k8s-node");
        assertThatThrownBy(() -> JsosConfig.parse("f.yaml", "plugin-dirs: [relative/dir]\n"))
                .hasMessageContaining("f.yaml:1:").hasMessageContaining("absolute");
        assertThatThrownBy(() -> JsosConfig.parse("f.yaml", "profiles:\n  Big Set: [system]\n"))
                .hasMessageContaining("f.yaml:2:3").hasMessageContaining("not a valid profile name");
        assertThatThrownBy(() -> JsosConfig.parse("f.yaml", "redaction:\n  wordz: [x]\n"))
                .hasMessageContaining("f.yaml:2:").hasMessageContaining("unknown key 'wordz'");
    }

    @Test
    void collectorOptionsAreCheckedAgainstTheCollectorsWithTheirLines() {
        JsosConfig unknownCollector = JsosConfig.parse("f.yaml", "collectors:\n  lvn:\n    cmd-timeout: 5s\n");
        assertThatThrownBy(() -> unknownCollector.collectorOptions(CATALOG, Map.of()))
                .hasMessageStartingWith("f.yaml:2:3: collectors: unknown collector 'lvn'").hasMessageContaining("lvm, system");
        JsosConfig unknownOption = JsosConfig.parse("f.yaml", "collectors:\n  lvm:\n    cmd-timout: 5s\n");
        assertThatThrownBy(() -> unknownOption.collectorOptions(CATALOG, Map.of()))
                .hasMessageContaining("f.yaml:3:").hasMessageContaining("unknown option 'cmd-timout'")
                .hasMessageContaining("valid: cmd-timeout, segments");
        JsosConfig badValue = JsosConfig.parse("f.yaml", "collectors:\n  lvm:\n    segments: maybe\n");
        assertThatThrownBy(() -> badValue.collectorOptions(CATALOG, Map.of()))
                .hasMessageContaining("f.yaml:3:").hasMessageContaining("'maybe' is not valid; expected true|false");
        JsosConfig noOptions = JsosConfig.parse("f.yaml", "collectors:\n  system:\n    x: 1\n");
        assertThatThrownBy(() -> noOptions.collectorOptions(CATALOG, Map.of()))
                .hasMessageContaining("system takes no options");
    }

    @Test
    void brokenYamlAndDuplicateKeysSayWhere() {
        assertThatThrownBy(() -> JsosConfig.parse("f.yaml", "collect:\n  timeout: [1m\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("f.yaml:").hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> JsosConfig.parse("f.yaml", "collect:\n  timeout: 1m\n  timeout: 2m\n"))
                .hasMessageStartingWith("f.yaml:3:3: key 'timeout' appears twice (first on line 2)");
        assertThatThrownBy(() -> JsosConfig.parse("f.yaml", "- a\n- b\n"))
                .hasMessageContaining("the top level must be a mapping");
        assertThat(JsosConfig.parse("f.yaml", "# only comments\n").setting("collect", "timeout")).isNull();
    }
}
