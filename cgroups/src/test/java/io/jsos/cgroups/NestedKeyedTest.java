package io.jsos.cgroups;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NestedKeyedTest {

    @Test
    void ioStatPerDevice() {
        Map<String, Stats> s = NestedKeyed.numbers(NestedKeyed.parse(
                "8:0 rbytes=1048576 wbytes=2097152 rios=10 wios=20 dbytes=0 dios=0\n259:0 rbytes=5 wbytes=6 rios=1 wios=2 dbytes=0 dios=0\n"));
        assertThat(s).containsOnlyKeys("8:0", "259:0");
        assertThat(s.get("8:0").get("wbytes")).isEqualTo(2_097_152L);
        assertThat(s.get("259:0").get("rios")).isEqualTo(1L);
    }

    @Test
    void ioMaxWithMax() {
        Map<String, Map<String, Limit>> m = NestedKeyed.limits(NestedKeyed.parse("8:16 rbps=2097152 wbps=max riops=max wiops=120\n"));
        assertThat(m.get("8:16").get("rbps")).isEqualTo(Limit.of(2_097_152));
        assertThat(m.get("8:16").get("wbps")).isEqualTo(Limit.UNLIMITED);
        assertThat(m.get("8:16").get("wiops").value()).isEqualTo(120);
    }

    @Test
    void skipsTokensWithoutValuesAndLinesWithoutDevice() {
        Map<String, Map<String, String>> m = NestedKeyed.parse("8:0 rbytes=1 junk wbytes= =3 cost.usage=7\nrbytes=4\n\n");
        assertThat(m).containsOnlyKeys("8:0");
        assertThat(m.get("8:0")).containsOnly(Map.entry("rbytes", "1"), Map.entry("cost.usage", "7"));
    }

    @Test
    void nonNumbersAreCountedNotFatal() {
        Map<String, Stats> s = NestedKeyed.numbers(NestedKeyed.parse("8:0 rbytes=abc wbytes=2\n"));
        assertThat(s.get("8:0").get("wbytes")).isEqualTo(2);
        assertThat(s.get("8:0").malformed()).isEqualTo(1);
    }

    @Test
    void emptyFile() {
        assertThat(NestedKeyed.parse("")).isEmpty();
        assertThat(NestedKeyed.parse(null)).isEmpty();
    }

    /** The per-line tokenizer the parsers share, against the strip-and-split-on-regex it replaced. */
    @Test
    void fieldsAreWhatStripAndSplitGive() {
        for (String line : new String[]{"8:0 rbytes=1 wbytes=2", "  8:0\t\tRead   5  ", "x", "a\u000Bb\fc\rd", " \u001C a b \u001C ",
            "8:0 Read 4096 extra", "\t", "a\u00A0b"}) {
            String[] expected = line.isBlank() ? new String[0] : line.strip().split("\\s+");
            assertThat(TextLines.fields(line, 0, line.length())).as(line).containsExactly(expected);
        }
        assertThat(TextLines.fields("", 0, 0)).isEmpty();
        assertThat(TextLines.fields("skip 8:0 Read 1", 5, 15)).containsExactly("8:0", "Read", "1");
    }
}
