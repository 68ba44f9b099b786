package io.jsos.perf;

import io.jsos.api.Host;
import io.jsos.testkit.FixtureHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class EventCatalogTest {

    @TempDir
    Path tmp;

    @Test
    void hardwareSoftwareAndAliases() {
        assertThat(EventCatalog.named("cycles").orElseThrow().config()).isEqualTo(PerfAbi.HW_CPU_CYCLES);
        assertThat(EventCatalog.named("cpu-cycles").orElseThrow().name()).isEqualTo("cycles");
        assertThat(EventCatalog.named("cs").orElseThrow().name()).isEqualTo("context-switches");
        assertThat(EventCatalog.named("task-clock").orElseThrow().isTime()).isTrue();
        assertThat(EventCatalog.named("task-clock").orElseThrow().type()).isEqualTo(PerfAbi.TYPE_SOFTWARE);
        assertThat(EventCatalog.named("branch-instructions").orElseThrow().name()).isEqualTo("branches");
        assertThat(EventCatalog.knownNames()).contains("cycles", "major-faults", "stalled-cycles-backend");
    }

    @Test
    void hardwareCacheNames() {
        PerfEvent e = EventCatalog.named("LLC-load-misses").orElseThrow();
        assertThat(e.kind()).isEqualTo(PerfEvent.HW_CACHE);
        assertThat(e.config()).isEqualTo(PerfAbi.cacheConfig(PerfAbi.CACHE_LL, PerfAbi.CACHE_OP_READ, PerfAbi.CACHE_RESULT_MISS));
        assertThat(EventCatalog.named("L1-dcache-loads").orElseThrow().config()).isEqualTo(0);
        assertThat(EventCatalog.named("dTLB-store-misses").orElseThrow().config())
                .isEqualTo(PerfAbi.cacheConfig(PerfAbi.CACHE_DTLB, PerfAbi.CACHE_OP_WRITE, PerfAbi.CACHE_RESULT_MISS));
        assertThat(EventCatalog.named("L1-icache-prefetch").orElseThrow().config())
                .isEqualTo(PerfAbi.cacheConfig(PerfAbi.CACHE_L1I, PerfAbi.CACHE_OP_PREFETCH, PerfAbi.CACHE_RESULT_ACCESS));
        assertThat(EventCatalog.named("L2-dcache-loads")).isEmpty();
        assertThat(EventCatalog.named("LLC-flushes")).isEmpty();
    }

    @Test
    void unknownNamesGetAClearStatus() {
        Host host = FixtureHost.in(tmp).build();
        EventCatalog.Resolved r = EventCatalog.resolve(host, "cyclez");
        assertThat(r.ok()).isFalse();
        assertThat(r.problem().state()).isEqualTo(EventStatus.State.NOT_SUPPORTED);
        assertThat(r.problem().reason()).contains("unknown event 'cyclez'");
        assertThat(EventCatalog.resolve(host, "a:b:c").ok()).isFalse();
        assertThat(EventCatalog.resolve(host, "sched:../../etc").problem().reason()).contains("letters, digits");
    }

    @Test
    void tracepointsFromTracefs() {
        Host host = FixtureHost.in(tmp)
                .file("/sys/kernel/debug/tracing/events/sched/sched_switch/id", "316\n")
                .file("/sys/kernel/debug/tracing/events/bad/ev/id", "x\n")
                .build();
        EventCatalog.Resolved r = EventCatalog.resolve(host, "sched:sched_switch");
        assertThat(r.event().type()).isEqualTo(PerfAbi.TYPE_TRACEPOINT);
        assertThat(r.event().config()).isEqualTo(316);
        assertThat(EventCatalog.resolve(host, "sched:nope").problem().reason()).contains("no tracepoint sched:nope");
        assertThat(EventCatalog.resolve(host, "bad:ev").problem().reason()).contains("not a number");
    }

    @Test
    void tracefsNotMounted() {
        Host host = FixtureHost.in(tmp).dir("/sys/kernel/tracing").build();
        EventCatalog.Resolved r = EventCatalog.resolve(host, "sched:sched_switch");
        assertThat(r.problem().state()).isEqualTo(EventStatus.State.NOT_SUPPORTED);
        assertThat(r.problem().reason()).contains("tracefs is not mounted");
    }

    @Test
    void listsSplit() {
        assertThat(EventCatalog.splitList(" cycles, task-clock  cycles,,")).containsExactly("cycles", "task-clock");
    }
}
