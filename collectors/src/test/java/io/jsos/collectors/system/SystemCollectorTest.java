package io.jsos.collectors.system;

import io.jsos.api.Host;
import io.jsos.report.manifest.CollectorStatus;
import io.jsos.testkit.CollectorHarness;
import io.jsos.testkit.FixtureHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SystemCollectorTest {

    @TempDir
    Path tmp;

    @Test
    void readsTheFixtureHostNotThisMachine() {
        Host host = FixtureHost.in(tmp.resolve("root"))
                .file("/etc/hostname", "fixture-a\n")
                .file("/etc/os-release", "PRETTY_NAME=\"Fixture OS 9\"\n")
                .file("/proc/sys/kernel/osrelease", "9.9.9-fixture\n")
                .file("/proc/meminfo", "MemTotal: 1000 kB\nMemAvailable: 500 kB\n")
                .file("/proc/loadavg", "1.00 2.00 3.00 1/10 99\n")
                .file("/proc/uptime", "90061.5 1.0\n")
                .file("/proc/1/mounts", "tmpfs /run tmpfs rw 0 0\nproc /proc proc rw 0 0\nsrv:/e /mnt/nfs nfs4 rw 0 0\n")
                .dir("/run")
                .file("/sys/class/dmi/id/sys_vendor", "Fixture Systems Inc.\n")
                .command("uname", "Linux fixture-a 9.9.9-fixture x86_64 GNU/Linux\n", 0)
                .command("dmesg", "[    0.000000] Linux version 9.9.9-fixture\n", 0)
                .command("sysctl", "kernel.pid_max = 4194304\n", 0)
                .build();
        var out = CollectorHarness.collect(new SystemCollector(), host, tmp);
        assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
        var json = out.json();
        assertThat(json.get("hostname").asText()).isEqualTo("fixture-a");
        assertThat(json.get("os").asText()).isEqualTo("Fixture OS 9");
        assertThat(json.get("kernel").asText()).isEqualTo("9.9.9-fixture");
        assertThat(json.get("memory").get("MemTotal").asLong()).isEqualTo(1024000);
        assertThat(json.get("load").get(2).asDouble()).isEqualTo(3.0);
        assertThat(json.get("hardware").get("manufacturer").asText()).isEqualTo("Fixture Systems Inc.");
        assertThat(json.get("hardware").has("processor")).as("OSHI only describes the live node").isFalse();
        var fs = json.get("fileSystems");
        assertThat(fs.get(0).get("usage").get("totalBytes").asLong()).isPositive();
        assertThat(fs.get(2).get("usage").isNull()).isTrue();
        assertThat(fs.get(2).get("note").asText()).contains("network");
        assertThat(out.text("proc/meminfo")).contains("MemTotal");
        assertThat(out.text("sos_commands/system/uname_-a")).contains("fixture-a");
        assertThat(out.text("sos_commands/system/summary")).contains("Fixture OS 9").contains("1d 1h 1m");
        assertThat(out.entry().files()).anySatisfy(f -> {
            assertThat(f.path()).isEqualTo("/proc/cpuinfo");
            assertThat(f.error()).isEqualTo("missing");
        });
    }

    @Test
    void doesNotApplyWithoutProcOrOsRelease() {
        Host empty = FixtureHost.in(tmp.resolve("empty")).build();
        assertThat(new SystemCollector().applies(empty).applies()).isFalse();
    }
}
