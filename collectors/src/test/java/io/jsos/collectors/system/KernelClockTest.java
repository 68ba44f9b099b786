package io.jsos.collectors.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KernelClockTest {

    @Test
    void timeErrorOrTheUnsyncBitMeanNotSynchronised() {
        assertThat(KernelClock.interpret(0, 0x2001, 120_000, 5).synchronised()).isTrue();
        assertThat(KernelClock.interpret(KernelClock.TIME_ERROR, 0x2001, 16_000_000, 16_000_000).synchronised()).isFalse();
        assertThat(KernelClock.interpret(0, KernelClock.STA_UNSYNC, 16_000_000, 16_000_000).synchronised()).isFalse();
    }

    @Test
    void theLiveKernelAnswersConsistently() {
        // The syscall itself: its state and status bits must agree with what interpret() makes of them.
        KernelClock.State s = KernelClock.read();
        assertThat(s).isNotNull();
        assertThat(s.state()).isBetween(0, 5);
        assertThat(s.synchronised()).isEqualTo(s.state() != KernelClock.TIME_ERROR && (s.status() & KernelClock.STA_UNSYNC) == 0);
        assertThat(s.maxErrorMicros()).isNotNegative();
        assertThat(s.json()).containsEntry("synchronized", s.synchronised()).containsEntry("source", "adjtimex");
    }
}
