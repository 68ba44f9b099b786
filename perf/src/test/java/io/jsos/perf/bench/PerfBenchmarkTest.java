package io.jsos.perf.bench;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link PerfBenchmark} (never part of the suite: tag "bench").
 * {@code mvn -pl perf test -Djsos.test.excludedGroups= -Dtest=PerfBenchmarkTest} (as root for the system
 * and cgroup scopes); {@code -Djsos.bench.quick=true} for a short run.
 */
@Tag("bench")
class PerfBenchmarkTest {

    @Test
    void run() throws Exception {
        boolean quick = Boolean.getBoolean("jsos.bench.quick");
        Options opt = new OptionsBuilder()
                .include(PerfBenchmark.class.getName())
                .forks(1)
                .warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.seconds(1))
                .shouldFailOnError(true)
                .build();
        new Runner(opt).run();
    }
}
