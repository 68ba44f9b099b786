package io.jsos.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness itself, on a real boot: the guest runs the host's userland on its own kernel, the
 * script's files, output and exit status come back, the host's root stays untouched, and a hung
 * guest is killed at the timeout.
 */
@Tag("real")
@Tag("guest")
class GuestTest {

    @TempDir
    Path tmp;

    @Test
    void runsTheScriptOnTheGuestKernelWithTheHostUserlandAndBringsBackItsFiles() throws Exception {
        Guest guest = Guest.require().withEnv("GREETING", "it's \"quoted\" $HOME");
        Path hostOnly = Files.writeString(tmp.resolve("host-file"), "from the host");
        GuestResult r = guest.run("""
                set -e
                uname -r > kernel
                printf '%%s' "$GREETING" > greeting
                cat /sys/fs/cgroup/cgroup.controllers > controllers
                # the host's files are readable at their own paths, and writable through the overlay
                cat %1$s > seen-host-file
                echo changed > %1$s
                mkdir -p deep/er && echo nested > deep/er/file
                # Java from the host's userland, and how long it takes to start under TCG
                s=$(date +%%s%%N); %2$s -version 2> java-version; e=$(date +%%s%%N)
                echo $(( (e - s) / 1000000 )) > java-version-ms
                modprobe dm-thin-pool && grep -q '^dm_thin_pool ' /proc/modules && echo loaded > dm-thin-pool
                exit 7
                """.formatted(Guest.quote(hostOnly.toString()),
                Guest.quote(Path.of(System.getProperty("java.home"), "bin", "java").toString())), tmp.resolve("run"));

        assertThat(r.exitStatus()).as(r.describe()).isEqualTo(7);
        assertThat(r.timedOut()).isFalse();
        assertThat(r.text("kernel").strip()).as("the guest's own kernel, not the host's")
                .isEqualTo(guest.kernel().version()).isNotEqualTo(System.getProperty("os.version"));
        assertThat(r.text("greeting")).isEqualTo("it's \"quoted\" $HOME");
        assertThat(r.text("controllers")).contains("memory", "pids", "cpu");
        assertThat(r.text("seen-host-file")).isEqualTo("from the host");
        assertThat(Files.readString(hostOnly)).as("the host's root is shared read-only").isEqualTo("from the host");
        assertThat(r.text("deep/er/file")).isEqualTo("nested\n");
        assertThat(r.text("java-version")).contains("openjdk version");
        assertThat(r.text("dm-thin-pool")).isEqualTo("loaded\n");
        System.out.printf("guest run %d ms, java -version in the guest %s ms%n", r.elapsed().toMillis(),
                r.text("java-version-ms").strip());
    }

    @Test
    void aHungGuestIsKilledAtTheTimeoutAndSaysSo() {
        GuestResult r = Guest.require().withTimeout(Duration.ofSeconds(20)).run("sleep 600", tmp.resolve("run"));

        assertThat(r.timedOut()).isTrue();
        assertThat(r.exitStatus()).isEqualTo(-1);
        assertThat(r.describe()).contains("killed at the timeout");
        assertThat(r.console()).as("the console is kept for the failure message").exists();
    }
}
