package io.jsos.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line over the config file over the built-in defaults, through the same picocli
 * parse that {@code jsos} runs (nothing is collected: the parsed command object is inspected).
 */
class ConfigPrecedenceTest {

    @TempDir
    Path tmp;

    private CollectCommand parseCollect(String... args) {
        CommandLine cl = Jsos.commandLine();
        cl.setDefaultValueProvider(ConfigDefaults.forArgs(args));
        CommandLine.ParseResult r = cl.parseArgs(args);
        return (CollectCommand) r.subcommand().commandSpec().userObject();
    }

    @Test
    void theFileOverridesDefaultsAndTheCommandLineOverridesTheFile() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("jsos.yaml"), """
                collect:
                  timeout: 2m
                  format: xz
                  parallelism: 2
                  skip: [perf, processes]
                """);
        CollectCommand fromFile = parseCollect("collect", "--config", cfg.toString());
        assertThat(fromFile.timeout).isEqualTo("2m");
        assertThat(fromFile.format).isEqualTo("xz");
        assertThat(fromFile.parallelism).isEqualTo(2);
        assertThat(fromFile.skip).containsExactly("perf", "processes");
        assertThat(fromFile.maxFileSize).as("not in the file: the built-in default").isEqualTo(33554432L);

        CollectCommand cli = parseCollect("collect", "--config=" + cfg, "--timeout", "30s", "--skip", "system");
        assertThat(cli.timeout).isEqualTo("30s");
        assertThat(cli.skip).containsExactly("system");
        assertThat(cli.format).as("still from the file").isEqualTo("xz");

        CollectCommand none = parseCollect("collect", "--config", tmp.resolve("absent.yaml").toString());
        assertThat(none.timeout).as("an unreadable file gives no defaults; the command reports it").isEqualTo("90s");
    }

    @Test
    void theExporterSettingsComeFromTheServeSection() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("jsos.yaml"), String.join("\n",
                "collect:",
                "  collector-timeout: 45s",
                "serve:",
                "  listen: \"127.0.0.1:9911\"",
                "  collector-timeout: 3s",
                "  cache-ttl: 0",
                "  threads: 2",
                ""));
        String[] args = {"serve", "--config", cfg.toString(), "--threads", "8"};
        CommandLine cl = Jsos.commandLine();
        cl.setDefaultValueProvider(ConfigDefaults.forArgs(args));
        ServeCommand serve = (ServeCommand) cl.parseArgs(args).subcommand().commandSpec().userObject();
        assertThat(serve.listen).isEqualTo("127.0.0.1:9911");
        assertThat(serve.collectorTimeout).as("serve's own, not collect's").isEqualTo("3s");
        assertThat(serve.cacheTtl).isEqualTo("0");
        assertThat(serve.threads).as("the command line wins").isEqualTo(8);
        assertThat(serve.maxSeries).isEqualTo(20000);
    }

    @Test
    void aMistakeInTheFileIsAUsageErrorNamingTheLine() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("bad.yaml"), "collect:\n  timeout: 2m\n  formt: xz\n");
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cl = Jsos.commandLine();
        String[] args = {"collect", "--config", cfg.toString(), "--out", tmp.toString()};
        cl.setDefaultValueProvider(ConfigDefaults.forArgs(args));
        cl.setErr(new java.io.PrintWriter(err));
        int code = cl.execute(args);
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains(cfg + ":3:3: unknown key 'collect.formt'").contains("format");
        try (var s = Files.list(tmp)) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith("jsos-"))).as("nothing ran").isEmpty();
        }
    }
}
