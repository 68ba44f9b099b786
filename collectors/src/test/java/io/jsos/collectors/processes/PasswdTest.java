package io.jsos.collectors.processes;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PasswdTest {

    @Test
    void mapsUidsToNames() {
        Map<Integer, String> m = Passwd.parse("""
                root:x:0:0:root:/root:/bin/bash
                daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
                nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
                """);
        assertThat(m).containsEntry(0, "root").containsEntry(1, "daemon").containsEntry(65534, "nobody").hasSize(3);
    }

    @Test
    void firstNameForAUidWins() {
        assertThat(Passwd.parse("root:x:0:0::/root:/bin/sh\ntoor:x:0:0::/root:/bin/csh\n")).containsEntry(0, "root");
    }

    @Test
    void skipsCommentsNisAndMalformedLines() {
        Map<Integer, String> m = Passwd.parse("""
                # comment
                +@netgroup::::::
                -baduser:x:5:5:::
                short:x
                :x:7:7:::
                neg:x:-3:0:::
                big:x:99999999999:0:::
                text:x:abc:0:::

                ok:x:1000:1000:::
                """);
        assertThat(m).containsOnlyKeys(1000);
    }

    @Test
    void emptyAndNull() {
        assertThat(Passwd.parse("")).isEmpty();
        assertThat(Passwd.parse(null)).isEmpty();
    }
}
