package io.jsos.perf;

import io.jsos.perf.EventStatus.State;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventStatusTest {

    @ParameterizedTest
    @CsvSource({
            "2, NOT_SUPPORTED, ENOENT", "95, NOT_SUPPORTED, EOPNOTSUPP", "19, NOT_SUPPORTED, ENODEV",
            "13, NOT_PERMITTED, EACCES", "1, NOT_PERMITTED, EPERM",
            "22, INVALID, EINVAL", "7, INVALID, E2BIG",
            "24, TOO_MANY_FILES, EMFILE", "23, TOO_MANY_FILES, ENFILE",
            "3, GONE, ESRCH", "16, BUSY, EBUSY", "999, FAILED, errno 999"})
    void errnoToStatus(int errno, State state, String reasonStart) {
        EventStatus s = EventStatus.fromErrno(errno, "software", "cpu 0");
        assertThat(s.state()).isEqualTo(state);
        assertThat(s.errno()).isEqualTo(errno);
        assertThat(s.reason()).startsWith(reasonStart).contains("(cpu 0)");
        assertThat(s.ok()).isFalse();
    }

    @Test
    void reasonsExplain() {
        assertThat(EventStatus.fromErrno(2, "hardware", "").reason()).contains("no hardware PMU");
        assertThat(EventStatus.fromErrno(13, "software", "").reason()).contains("perf_event_paranoid").contains("CAP_PERFMON");
        assertThat(EventStatus.fromErrno(24, "software", "").toString()).startsWith("too many files: EMFILE");
        assertThat(EventStatus.fromErrno(2, "hardware", "").eventLevel()).isTrue();
        assertThat(EventStatus.fromErrno(3, "hardware", "").eventLevel()).isFalse();
        assertThat(EventStatus.supported().ok()).isTrue();
    }
}
