package io.jsos.agent.guest;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsos.guest.Guest;
import io.jsos.guest.GuestResult;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher on a real, fully featured kernel: {@code bin/jsos collect} and
 * {@code bin/jsos serve} run in the QEMU guest (the host's userland, the already-built
 * {@code agent/target/jsos.jar}), on a node the script first fills with identities and a secret —
 * its hostname and domain, a peer of that domain in /etc/hosts, a login user (uid 1000+), a
 * password in /etc/fstab, an address on an interface. The bundle must hold none of them (raw, base64 or URL-encoded) while
 * the files that held them were collected; the exporter must answer /metrics from inside the guest.
 * One boot for both.
 */
@Tag("real")
@Tag("guest")
class GuestEndToEndIT {

    static final String SECRET = "LeakGuestPw77";
    static final List<String> IDENTITIES = List.of("jsosleakhost7", "dbleak7", "corp-leak", "leakuser7", "10.66.3.7",
            "10.66.3.9");
    static final int PORT = 19947;

    static GuestResult guest;
    static Path bundle;

    @BeforeAll
    static void collectAndServeInTheGuest(@TempDir Path tmp) {
        Path home = Path.of(System.getProperty("jsos.home", "..")).toAbsolutePath().normalize();
        String script = """
                set -eu
                # identities and a secret, where a node keeps them
                # (a Debian node: its FQDN in /etc/hostname and on its own /etc/hosts line; a peer in
                # its domain, which is what the redaction promises to hide among /etc/hosts names)
                hostname jsosleakhost7
                echo jsosleakhost7.corp-leak.example > /etc/hostname
                echo "127.0.1.1 jsosleakhost7.corp-leak.example jsosleakhost7" >> /etc/hosts
                echo "10.66.3.7 dbleak7.corp-leak.example dbleak7" >> /etc/hosts
                useradd -u 1077 -m -c "Leak User" leakuser7
                setpriv --reuid leakuser7 --regid leakuser7 --init-groups sleep 600 &
                echo "//10.66.3.9/share /mnt/share cifs username=svc,password=%1$s 0 0" >> /etc/fstab
                ip link add jsosleak0 type dummy
                ip addr add 10.66.3.7/24 dev jsosleak0
                ip link set jsosleak0 up
                # written to the guest's tmpfs, copied out once (the run share is slow to write)
                s=$(date +%%s%%N)
                %2$s > collect.out 2> collect.err
                echo $(( ($(date +%%s%%N) - s) / 1000000 )) > collect-ms
                cp -r /tmp/bundles .
                # the exporter, scraped from inside the guest, with a process in a child cgroup
                echo +memory > /sys/fs/cgroup/cgroup.subtree_control
                mkdir /sys/fs/cgroup/jsos-e2e
                sh -c 'echo $$ > /sys/fs/cgroup/jsos-e2e/cgroup.procs; exec sleep 600' &
                %3$s > serve.out 2>&1 &
                S=$!
                for i in $(seq 600); do
                  curl -sf -m 300 -o metrics.txt http://127.0.0.1:%4$d/metrics && break
                  sleep 0.2
                done
                kill $S
                test -s metrics.txt
                """.formatted(SECRET,
                Guest.jsos(home, "collect", "--out", "/tmp/bundles", "--no-progress", "--timeout", "10m"),
                Guest.jsos(home, "serve", "--listen", "127.0.0.1:" + PORT, "--collector-timeout", "120s"), PORT);
        guest = Guest.require().run(script, tmp.resolve("guest")).assertSucceeded();
        String out = guest.text("collect.out").strip();
        bundle = guest.file("bundles/" + Path.of(out.substring(out.lastIndexOf('\n') + 1)).getFileName());
        System.out.printf("agent guest: %d ms in all, jsos collect %s ms%n", guest.elapsed().toMillis(),
                guest.text("collect-ms").strip());
    }

    @Test
    void theGuestBundleLeaksNoneOfWhatWasPlantedYetCollectedTheFilesHoldingThem() throws Exception {
        assertThat(bundle).as(guest.text("collect.err")).exists();
        Object files = Reuse.openBundle(bundle);
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, byte[]> f : Reuse.files(files).entrySet()) {
            String text = f.getKey() + "\n" + new String(f.getValue(), StandardCharsets.ISO_8859_1);
            for (String form : Reuse.forms(SECRET)) {
                found.addAll(where(text, form, f.getKey()));
            }
            for (String id : IDENTITIES) {
                found.addAll(where(text.toLowerCase(Locale.ROOT), id.toLowerCase(Locale.ROOT), f.getKey()));
            }
        }
        assertThat(found).as("planted values found in the bundle from the guest").isEmpty();
        assertThat(bundle.getFileName().toString()).doesNotContain("jsosleakhost7");

        // ... not because nothing was collected: the files that held them are in the bundle.
        assertThat(Reuse.text(files, "etc/fstab")).contains("cifs username=svc,password=<redacted>");
        assertThat(Reuse.text(files, "etc/hosts")).contains("127.0.0.1");
        assertThat(Reuse.text(files, "etc/hostname")).isNotBlank();
        String manifest = Reuse.text(files, "manifest.json");
        assertThat(manifest).contains("\"system\"", "\"processes\"", "\"cgroups\"");
        // and the map reverses every identity, so the bundle stays useful to its owner
        String map = Files.readString(Path.of(bundle + ".map.json")).toLowerCase(Locale.ROOT);
        assertThat(map).contains("jsosleakhost7", "leakuser7", "10.66.3.7").doesNotContain(SECRET.toLowerCase(Locale.ROOT));
    }

    @Test
    void serveAnswersMetricsFromTheGuestsKernel() {
        String metrics = guest.text("metrics.txt");
        assertThat(metrics).contains("# TYPE ");
        // under TCG a first scrape is slow: the test gives it the time, and every collector must make it
        assertThat(metrics).doesNotContainPattern("(?m)^jsos_scrape_collector_success\\{.*\\} 0");
        // cgroup v2 with every controller exists only in the guest: the exporter read it there.
        assertThat(metrics).containsPattern("(?m)^container_memory_usage_bytes\\{id=\"/jsos-e2e\"\\} [1-9]");
        assertThat(metrics).containsPattern("(?m)^jsos_cgroups\\{mode=\"v2\"\\} [1-9]");
    }

    /** Each line of a bundle file that holds the value, for a failure message that says where. */
    private static List<String> where(String text, String value, String file) {
        return text.lines().filter(l -> l.contains(value)).map(l -> value + " in " + file + ": " + l.strip()).toList();
    }

    /**
     * The agent's own leak-test helpers ({@code BundleFiles}, {@code LeakIT.forms}) are
     * package-private in io.jsos.agent; reused here as they are, rather than copied.
     */
    static final class Reuse {
        static Object openBundle(Path archive) throws Exception {
            return method("io.jsos.agent.BundleFiles", "open", Path.class).invoke(null, archive);
        }

        @SuppressWarnings("unchecked")
        static Map<String, byte[]> files(Object files) throws Exception {
            return (Map<String, byte[]>) method("io.jsos.agent.BundleFiles", "files").invoke(files);
        }

        static String text(Object files, String path) throws Exception {
            return (String) method("io.jsos.agent.BundleFiles", "text", String.class).invoke(files, path);
        }

        @SuppressWarnings("unchecked")
        static List<String> forms(String s) throws Exception {
            return (List<String>) method("io.jsos.agent.LeakIT", "forms", String.class).invoke(null, s);
        }

        private static Method method(String type, String name, Class<?>... params) throws Exception {
            Method m = Class.forName(type).getDeclaredMethod(name, params);
            m.setAccessible(true);
            return m;
        }
    }
}
