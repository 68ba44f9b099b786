package io.jsos.engine.host;

import io.jsos.api.CommandResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessRunnerTest {

    private final ProcessRunner runner = new ProcessRunner();

    @Test
    void capturesExitCodeStdoutAndStderr() {
        CommandResult r = runner.run(List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(5), 1000, List.of());
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdoutText()).isEqualTo("out\n");
        assertThat(r.stderrText()).isEqualTo("err\n");
        assertThat(r.timedOut()).isFalse();
    }

    @Test
    void runsWithCLocaleAndClosedStdin() {
        CommandResult r = runner.run(List.of("/bin/sh", "-c", "echo $LC_ALL; cat; echo done"), Duration.ofSeconds(5), 1000, List.of());
        // cat sees EOF at once: stdin is /dev/null, nothing waits for a keyboard
        assertThat(r.stdoutText()).isEqualTo("C\ndone\n");
    }

    @Test
    void aHungCommandIsKilledWithItsWholeTreeAtTheTimeout() throws Exception {
        long start = System.nanoTime();
        // The shell starts a grandchild that would keep running if only the shell were killed.
        CommandResult r = runner.run(List.of("/bin/sh", "-c", "sleep 300 & echo $!; wait"), Duration.ofMillis(500), 1000, List.of());
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.timedOut()).isTrue();
        assertThat(r.exitCode()).isEqualTo(-1);
        assertThat(r.error()).contains("timed out");
        assertThat(tookMs).as("returns soon after the timeout").isLessThan(10_000);
        long grandchild = Long.parseLong(r.stdoutText().trim());
        // The grandchild must be gone (reaped or at least dead) shortly after.
        for (int i = 0; i < 50 && ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false); i++) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        assertThat(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void outputIsCappedAndTheRestDrained() {
        CommandResult r = runner.run(List.of("/bin/sh", "-c", "head -c 1000000 /dev/zero; echo finished >&2"),
                Duration.ofSeconds(10), 4096, List.of());
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).hasSize(4096);
        assertThat(r.truncated()).isTrue();
        assertThat(r.stderrText()).isEqualTo("finished\n");
    }

    @Test
    void aDaemonisedGrandchildHoldingThePipeCannotMakeUsWait() {
        long start = System.nanoTime();
        CommandResult r = runner.run(List.of("/bin/sh", "-c", "setsid sleep 5 & echo started"), Duration.ofSeconds(10), 1000, List.of());
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdoutText()).isEqualTo("started\n");
        assertThat(tookMs).as("does not wait for the escaped sleep").isLessThan(4_000);
    }

    @Test
    void aMissingProgramIsAResultNotAnException() {
        CommandResult r = runner.run(List.of("/nonexistent/prog"), Duration.ofSeconds(1), 100, List.of());
        assertThat(r.exitCode()).isEqualTo(-1);
        assertThat(r.error()).contains("could not start");
    }
}
