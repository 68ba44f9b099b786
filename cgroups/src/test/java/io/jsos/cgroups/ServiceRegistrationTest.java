package io.jsos.cgroups;

import io.jsos.api.Collector;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine finds both collectors the way it finds every collector: through ServiceLoader. */
class ServiceRegistrationTest {

    @Test
    void bothCollectorsAreRegistered() {
        assertThat(ServiceLoader.load(Collector.class).stream().map(p -> p.get().name()))
                .contains("cgroups", "kubernetes");
        Collector cgroups = ServiceLoader.load(Collector.class).stream().map(ServiceLoader.Provider::get)
                .filter(c -> c.name().equals("cgroups")).findFirst().orElseThrow();
        assertThat(cgroups.exportsMetrics()).isTrue();
        assertThat(cgroups.options()).extracting(o -> o.name()).containsExactly("max-cgroups", "bundle-cgroups");
    }
}
