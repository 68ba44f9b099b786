package io.jsos.collectors.processes;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsos.engine.host.LocalHost;
import io.jsos.report.manifest.CollectorStatus;
import io.jsos.testkit.CollectorHarness;
import io.jsos.testkit.CollectorHarness.BundleOutcome;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The collector against this machine's real /proc, with a child process it starts itself. */
@Tag("real")
class ProcessesRealMachineTest {

    @TempDir
    Path tmp;

    @Test
    void findsAChildProcessSleeping() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            long pid = sleep.pid();
            waitUntilSleeping(pid);
            BundleOutcome out = CollectorHarness.collect(new ProcessesCollector(), LocalHost.local(), tmp);
            assertThat(out.entry().status()).isEqualTo(CollectorStatus.OK);
            JsonNode json = out.json();
            JsonNode child = StreamSupport.stream(json.get("threads").spliterator(), false)
                    .filter(t -> t.get("pid").asLong() == pid)
                    .findFirst().orElseThrow(() -> new AssertionError("pid " + pid + " not in the listing"));
            assertThat(child.get("state").asText()).isEqualTo("S");
            assertThat(child.get("cmdline").asText()).isEqualTo("sleep 30");
            assertThat(child.get("comm").asText()).isEqualTo("sleep");
            assertThat(child.get("ppid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(child.get("isMainThread").asBoolean()).isTrue();
            assertThat(child.get("startTime").asText()).endsWith("Z");
            assertThat(json.get("processCount").asInt()).isGreaterThan(1);
            assertThat(json.get("threadCount").asInt()).isGreaterThanOrEqualTo(json.get("processCount").asInt());
            assertThat(out.text("sos_commands/processes/ps-eLf")).contains("sleep 30");
        } finally {
            sleep.destroy();
            sleep.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Between fork and nanosleep the child is briefly R (and its cmdline the JVM's); wait for it to settle. */
    private static void waitUntilSleeping(long pid) throws InterruptedException {
        LocalHost host = LocalHost.local();
        for (int i = 0; i < 100; i++) {
            String stat = host.tryRead("/proc/" + pid + "/stat").orElse("");
            String cmdline = host.tryRead("/proc/" + pid + "/cmdline").orElse("");
            if (ProcStat.parse(stat.strip()).map(s -> s.state().equals("S")).orElse(false) && cmdline.startsWith("sleep\0")) {
                return;
            }
            Thread.sleep(50);
        }
    }
}
