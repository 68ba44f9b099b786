package com.example.jsos.raid;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RaidStatusTest {

    /** raidctl's output as recorded in the fixture node (the fake raidctl prints these lines). */
    static String fixtureOutput() throws IOException {
        String fixture = Files.readString(Path.of("src/test/resources/fixtures/raid-node.fixture"), StandardCharsets.UTF_8);
        return fixture.substring(fixture.indexOf("Command: raidctl")).lines().skip(3)
                .reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void readsControllersVolumesAndDisks() throws IOException {
        RaidStatus s = RaidStatus.parse(fixtureOutput());
        assertThat(s.controllers()).hasSize(1);
        RaidStatus.Controller c = s.controllers().get(0);
        assertThat(c.model()).isEqualTo("Acme RAID 9460-8i");
        assertThat(c.volumes()).extracting(RaidStatus.Volume::name, RaidStatus.Volume::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("os", "optimal"),
                        org.assertj.core.groups.Tuple.tuple("data", "degraded"));
        assertThat(c.volumes().get(1).rebuildPercent()).isEqualTo(37.0);
        assertThat(c.volumes().get(1).disks()).containsExactly(2, 3, 4, 5);
        RaidStatus.Disk five = c.disks().get(5);
        assertThat(five.state()).isEqualTo("rebuilding");
        assertThat(five.mediaErrors()).isEqualTo(118);
        assertThat(five.temperatureCelsius()).as("not reported").isNull();
    }

    @Test
    void statesAreCaseInsensitiveAndMissingFieldsHaveDefaults() {
        RaidStatus s = RaidStatus.parse("{\"controllers\":[{\"volumes\":[{\"name\":\"v\",\"state\":\"Optimal\"}],"
                + "\"disks\":[{\"slot\":7}]}]}");
        assertThat(s.controllers().get(0).volumes().get(0).state()).isEqualTo("optimal");
        assertThat(s.controllers().get(0).disks().get(0).state()).isEqualTo("unknown");
        assertThat(s.controllers().get(0).disks().get(0).mediaErrors()).isZero();
        assertThat(RaidStatus.parse("{}").controllers()).isEmpty();
    }

    @Test
    void brokenOutputSaysWhere() throws IOException {
        String full = fixtureOutput();
        assertThatThrownBy(() -> RaidStatus.parse(full.substring(0, full.length() / 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad JSON at line");
        assertThatThrownBy(() -> RaidStatus.parse("Error: controller 0 not responding\n"))
                .hasMessageContaining("line 1, column 1");
        assertThatThrownBy(() -> RaidStatus.parse("{\"controllers\":[{\"disks\":[{\"slot\":\"five\"}]}]}"))
                .hasMessageContaining("controllers[0].disks[0].slot").hasMessageContaining("expected a number");
        assertThatThrownBy(() -> RaidStatus.parse("{\"controllers\":{}}")).hasMessageContaining("expected a list");
        assertThatThrownBy(() -> RaidStatus.parse("[] trailing")).hasMessageContaining("after the document");
        assertThatThrownBy(() -> RaidStatus.parse("")).hasMessageContaining("end of input");
    }

    @Test
    void jsonEscapesAndNumbers() {
        Object v = Json.parse("{\"a\":\"x\\u0041\\n\\\"\",\"b\":[-1.5e2,true,false,null]}");
        assertThat(v.toString()).isEqualTo("{a=xA\n\", b=[-150.0, true, false, null]}");
        assertThatThrownBy(() -> Json.parse("{\"a\":1,}")).hasMessageContaining("expected a key");
        assertThatThrownBy(() -> Json.parse("\"\\q\"")).hasMessageContaining("bad escape");
    }
}
