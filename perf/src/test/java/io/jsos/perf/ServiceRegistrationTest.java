package io.jsos.perf;

import io.jsos.api.Collector;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceRegistrationTest {

    @Test
    void theEngineFindsThePerfCollector() {
        assertThat(ServiceLoader.load(Collector.class).stream().map(p -> p.get().name())).contains("perf");
    }

    @Test
    void optionsAreDocumentedAndParse() {
        PerfCollector c = new PerfCollector(new FakePerfSys());
        assertThat(c.options()).extracting(o -> o.name())
                .containsExactly("window", "events", "extra-events", "scope", "cgroups", "top-cgroups", "cgroup-depth", "pids", "max-fds", "scrape");
        var opts = io.jsos.api.CollectorOptions.of(c.options(), java.util.Map.of("scrape", "true", "window", "250ms"));
        assertThat(opts.get(PerfCollector.SCRAPE)).isTrue();
        assertThat(opts.get(PerfCollector.WINDOW).toMillis()).isEqualTo(250);
        assertThat(opts.get(PerfCollector.EVENTS)).startsWith("task-clock,context-switches");
    }
}
