package io.jsos.collectors.processes;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProcTimesTest {

    @Test
    void bootTimeFromProcStat() {
        assertThat(ProcTimes.bootTime("cpu  1 2 3\nintr 0\nbtime 1763700000\nprocesses 5\n")).hasValue(1763700000L);
    }

    @Test
    void bootTimeMissingOrGarbage() {
        assertThat(ProcTimes.bootTime("cpu 1 2 3\n")).isEmpty();
        assertThat(ProcTimes.bootTime("btime soon\n")).isEmpty();
        assertThat(ProcTimes.bootTime("btime \n")).isEmpty();
        assertThat(ProcTimes.bootTime("btime -5\n")).isEmpty();
        assertThat(ProcTimes.bootTime("")).isEmpty();
        assertThat(ProcTimes.bootTime(null)).isEmpty();
    }

    @Test
    void startTimeIsBootPlusTicks() {
        assertThat(ProcTimes.startTimeIso(OptionalLong.of(1763700000), 360_000, 100)).isEqualTo("2025-11-21T05:40:00Z");
        assertThat(ProcTimes.startTimeIso(OptionalLong.of(1763700000), 25, 100)).isEqualTo("2025-11-21T04:40:00Z");
        assertThat(ProcTimes.startTimeIso(OptionalLong.of(1763700000), 150, 100)).isEqualTo("2025-11-21T04:40:01Z");
        assertThat(ProcTimes.startTimeIso(OptionalLong.of(1763700000), 250, 250)).isEqualTo("2025-11-21T04:40:01Z");
    }

    @Test
    void startTimeUnknownOrAbsurd() {
        assertThat(ProcTimes.startTimeIso(OptionalLong.empty(), 25, 100)).isNull();
        assertThat(ProcTimes.startTimeIso(OptionalLong.of(1763700000), Long.MAX_VALUE, 1)).isNull();
        assertThat(ProcTimes.startTimeIso(OptionalLong.of(1763700000), -1, 100)).isNull();
        assertThat(ProcTimes.startTimeIso(OptionalLong.of(1763700000), 1, 0)).isNull();
    }

    @Test
    void cpuSeconds() {
        assertThat(ProcTimes.cpuSeconds(150, 50, 100)).isEqualTo(2.0);
        assertThat(ProcTimes.cpuSeconds(-1, 50, 100)).isEqualTo(0.5);
    }

    @Test
    void psTimeFormat() {
        assertThat(ProcTimes.psTime(0)).isEqualTo("00:00:00");
        assertThat(ProcTimes.psTime(3661.9)).isEqualTo("01:01:01");
        assertThat(ProcTimes.psTime(2 * 86_400 + 5)).isEqualTo("2-00:00:05");
    }
}
