package io.jsos.network;

import io.jsos.api.Collector;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine finds the three collectors the way it finds every collector: through ServiceLoader. */
class ServiceRegistrationTest {

    @Test
    void allThreeAreRegisteredAndExportMetrics() {
        Map<String, Collector> byName = ServiceLoader.load(Collector.class).stream().map(ServiceLoader.Provider::get)
                .collect(Collectors.toMap(Collector::name, c -> c));
        assertThat(byName).containsKeys("interfaces", "bridge", "openvswitch");
        assertThat(byName.get("bridge").exportsMetrics()).isTrue();
        assertThat(byName.get("openvswitch").exportsMetrics()).isTrue();
        assertThat(byName.get("interfaces").exportsMetrics()).isTrue();
        assertThat(byName.get("openvswitch").options()).extracting(o -> o.name())
                .contains("rundir", "db", "logdir", "ovs-timeout", "flow-output-cap");
    }
}
