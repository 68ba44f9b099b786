package io.jsos.agent.serve;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServeUnitTest {

    @Test
    void listenAddressesInEveryFormNodeExporterTakes() {
        InetSocketAddress any = Serve.parseListen(":9910");
        assertThat(any.getAddress().isAnyLocalAddress()).isTrue();
        assertThat(any.getPort()).isEqualTo(9910);
        assertThat(Serve.parseListen("127.0.0.1:0").getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(Serve.parseListen("[::1]:9100").getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThatThrownBy(() -> Serve.parseListen("9910")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> Serve.parseListen(":http")).hasMessageContaining("bad port");
        assertThatThrownBy(() -> Serve.parseListen(":70000")).hasMessageContaining("out of range");
    }

    @Test
    void processMetricsComeFromProcSelf() {
        List<String> status = List.of("Name:\tjava", "VmSize:\t  3000000 kB", "VmRSS:\t   61234 kB");
        String stat = "4242 (java (main)) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 30 0 12345 3072000000 15308";
        ProcessMemoryMetrics m = new ProcessMemoryMetrics(() -> status, () -> stat, 100);
        assertThat(m.statusKb("VmRSS:")).isEqualTo(61234);
        assertThat(m.cpuSeconds()).isEqualTo(3.0);
        SimpleMeterRegistry r = new SimpleMeterRegistry();
        m.bindTo(r);
        assertThat(r.get("process.resident.memory").gauge().value()).isEqualTo(61234 * 1024.0);
        assertThat(r.get("process.virtual.memory").gauge().value()).isEqualTo(3000000 * 1024.0);
        assertThat(r.get("process.cpu").functionCounter().count()).isEqualTo(3.0);
        ProcessMemoryMetrics broken = new ProcessMemoryMetrics(List::of, () -> "garbage", 100);
        assertThat(broken.statusKb("VmRSS:")).isNaN();
        assertThat(broken.cpuSeconds()).isNaN();
    }
}
