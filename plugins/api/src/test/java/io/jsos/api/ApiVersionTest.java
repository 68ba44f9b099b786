package io.jsos.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiVersionTest {

    private static final ApiVersion RUNNING = new ApiVersion(1, 4, 2);

    @Test
    void olderMinorsAndAnyPatchOfTheSameMajorRun() {
        assertThat(ApiVersion.parse("1.0.0").runsOn(RUNNING)).isTrue();
        assertThat(ApiVersion.parse("1.4.9").runsOn(RUNNING)).as("patches never matter").isTrue();
        assertThat(ApiVersion.parse("1.4").runsOn(RUNNING)).isTrue();
        assertThat(ApiVersion.parse("1.0.0").incompatibility(RUNNING)).isNull();
    }

    @Test
    void aNewerMinorOrAnotherMajorIsRefusedNamingBothVersions() {
        assertThat(ApiVersion.parse("1.5.0").incompatibility(RUNNING))
                .contains("1.5.0").contains("1.4.2").contains("newer").contains("upgrade jsos");
        assertThat(ApiVersion.parse("2.0.0").incompatibility(RUNNING)).contains("2.0.0").contains("newer");
        assertThat(ApiVersion.parse("0.9.0").incompatibility(RUNNING)).contains("0.9.0").contains("rebuild");
    }

    @Test
    void parsesSuffixesAndRejectsGarbageNamingTheForm() {
        assertThat(ApiVersion.parse("1.2.3-rc1")).isEqualTo(new ApiVersion(1, 2, 3));
        assertThat(ApiVersion.parse(" 1.2.3+build.7 ")).isEqualTo(new ApiVersion(1, 2, 3));
        assertThatThrownBy(() -> ApiVersion.parse("one")).hasMessageContaining("MAJOR.MINOR.PATCH");
        assertThatThrownBy(() -> ApiVersion.parse("1")).hasMessageContaining("MAJOR.MINOR.PATCH");
    }

    @Test
    void currentIsTheRunningVersionAsText() {
        assertThat(ApiVersion.parse(ApiVersion.CURRENT)).isEqualTo(ApiVersion.running());
        assertThat(ApiVersion.running().compareTo(new ApiVersion(0, 99, 99))).isPositive();
    }
}
