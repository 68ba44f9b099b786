package io.jsos.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsos.testkit.Real;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * jsos run inside the namespace, the other way a user can point it at one: {@code ip netns exec}
 * remounts /sys for it, so the sysfs half (bridge/, brif/, brport/, the scrape's metrics) sees the
 * namespace's bridge, and jsos names its own namespace after run/netns.
 */
@Tag("real")
class RealBridgeInNamespaceTest {

    private final String ns = "jsosbs" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24));

    @AfterEach
    void tearDown() {
        Sh.quiet("ip", "netns", "del", ns);
    }

    @Test
    void sysfsViewOfANamespaceUnderIpNetnsExec(@TempDir Path out) throws Exception {
        Real.requireRoot();
        Real.requireProgram("ip", "iproute2");
        Real.requireProgram("bridge", "iproute2");
        Sh.run("ip", "netns", "add", ns);
        Sh.run("ip", "-n", ns, "link", "add", "br7", "type", "bridge", "stp_state", "1", "forward_delay", "400");
        for (int i = 1; i <= 2; i++) {
            Sh.run("ip", "-n", ns, "link", "add", "sv" + i, "type", "veth", "peer", "name", "sv" + i + "p");
            Sh.run("ip", "-n", ns, "link", "set", "sv" + i, "master", "br7");
            Sh.run("ip", "-n", ns, "link", "set", "sv" + i, "up");
            Sh.run("ip", "-n", ns, "link", "set", "sv" + i + "p", "up");
        }
        Sh.run("ip", "-n", ns, "link", "set", "br7", "up");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Sh.run("ip", "netns", "exec", ns, java, "-cp", System.getProperty("java.class.path"),
                InNamespaceMain.class.getName(), out.toString());

        ObjectMapper m = new ObjectMapper();
        JsonNode bridges = m.readTree(Files.readString(out.resolve("bridge.json"))).path("bridges");
        JsonNode br7 = null;
        for (JsonNode b : bridges) {
            if ("br7".equals(b.path("name").asText())) {
                br7 = b;
            }
        }
        assertThat(br7).as(bridges.toString()).isNotNull();
        assertThat(br7.path("namespace").asText()).isEqualTo(ns); // its own namespace, named through run/netns
        assertThat(br7.path("ports").size()).isEqualTo(2);
        assertThat(Files.readString(out.resolve("sysfs_br7")))
                .contains("bridge/stp_state = 1", "bridge/forward_delay = 400", "brif/sv1/state = ", "brif/sv2/path_cost = 2")
                .doesNotContain("flush");
        String metrics = Files.readString(out.resolve("metrics.txt"));
        assertThat(metrics).contains("jsos_bridge_port_stp_state{bridge=br7, port=sv1}", "jsos_bridge_ports{bridge=br7} 2.0");
        JsonNode self = m.readTree(Files.readString(out.resolve("interfaces.json"))).path("namespaces").get(0);
        assertThat(self.path("name").asText()).isEqualTo(ns);
        assertThat(self.path("interfaces").toString()).contains("\"sv2p\"", "\"br7\"");
    }
}
