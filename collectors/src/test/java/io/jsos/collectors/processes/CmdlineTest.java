package io.jsos.collectors.processes;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CmdlineTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void nulSeparatedArguments() {
        assertThat(Cmdline.parse(bytes("/usr/sbin/sshd\0-D\0-o\0Port=22\0"))).containsExactly("/usr/sbin/sshd", "-D", "-o", "Port=22");
    }

    @Test
    void withoutTrailingNul() {
        assertThat(Cmdline.parse(bytes("sleep\u000030"))).containsExactly("sleep", "30");
    }

    @Test
    void rewrittenArgvIsOneArgument() {
        assertThat(Cmdline.parse(bytes("nginx: worker process"))).containsExactly("nginx: worker process");
        // some programs pad their rewritten title with NULs
        assertThat(Cmdline.parse(bytes("postgres: checkpointer\0\0\0\0\0"))).containsExactly("postgres: checkpointer");
    }

    @Test
    void emptyArgumentsInsideAreKept() {
        assertThat(Cmdline.parse(bytes("prog\0\0last\0"))).containsExactly("prog", "", "last");
    }

    @Test
    void kernelThreadsAndZombiesHaveNone() {
        assertThat(Cmdline.parse(new byte[0])).isEmpty();
        assertThat(Cmdline.parse((byte[]) null)).isEmpty();
        assertThat(Cmdline.parse(new byte[] {0})).isEmpty();
        assertThat(Cmdline.parse("")).isEmpty();
    }

    @Test
    void nonUtf8BytesAreReplacedNotFatal() {
        byte[] raw = {'c', 'a', 't', 0, (byte) 0xff, (byte) 0xfe, 'x', 0, (byte) 0xc3};
        List<String> argv = Cmdline.parse(raw);
        assertThat(argv).hasSize(3);
        assertThat(argv.get(0)).isEqualTo("cat");
        assertThat(argv.get(1)).isEqualTo("\uFFFD\uFFFDx");
        assertThat(argv.get(2)).as("a truncated multi-byte sequence at the end").isEqualTo("\uFFFD");
    }

    @Test
    void utf8IsKept() {
        assertThat(Cmdline.parse(bytes("echo\0grüße\0日本\0"))).containsExactly("echo", "grüße", "日本");
    }

    @Test
    void joinsWithSpacesAsPsDoes() {
        assertThat(Cmdline.join(Cmdline.parse(bytes("a\0b c\0d\0")))).isEqualTo("a b c d");
        assertThat(Cmdline.join(List.of())).isEmpty();
    }

    @Test
    void parsesDecodedTextToo() {
        assertThat(Cmdline.parse("a\0b\0")).containsExactly("a", "b");
    }
}
