package io.jsos.agent.serve;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.jsos.testkit.Real;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class BasicAuthTest {

    @Test
    void checksEveryBcryptVariantAndRemembersOnlySuccesses() {
        String y = new String(BCrypt.with(BCrypt.Version.VERSION_2Y).hash(4, "pw-y".toCharArray()));
        String a = new String(BCrypt.with(BCrypt.Version.VERSION_2A).hash(4, "pw-a".toCharArray()));
        String b = new String(BCrypt.with(BCrypt.Version.VERSION_2B).hash(4, "pw-b".toCharArray()));
        BasicAuth auth = new BasicAuth(Map.of("y", y, "a", a, "b", b));
        assertThat(auth.check("y", "pw-y")).isTrue();
        assertThat(auth.check("a", "pw-a")).isTrue();
        assertThat(auth.check("b", "pw-b")).isTrue();
        assertThat(auth.check("y", "pw-a")).isFalse();
        assertThat(auth.check("nobody", "pw-y")).isFalse();
        assertThat(auth.check("y", "")).isFalse();
        assertThat(auth.allows(ExporterTest.basic("y", "pw-y"))).isTrue();
        assertThat(auth.allows("basic " + java.util.Base64.getEncoder().encodeToString("y:pw-y".getBytes()))).isTrue();
        assertThat(auth.allows("Basic !!!")).isFalse();
        assertThat(auth.allows("Basic " + java.util.Base64.getEncoder().encodeToString("no-colon".getBytes()))).isFalse();
        assertThat(auth.allows(null)).isFalse();
        // A password may hold a colon: only the first one splits.
        String c = new String(BCrypt.with(BCrypt.Version.VERSION_2Y).hash(4, "a:b".toCharArray()));
        assertThat(new BasicAuth(Map.of("u", c)).allows(ExporterTest.basic("u", "a:b"))).isTrue();
    }

    @Test
    void recognisesBcryptHashes() {
        assertThat(BasicAuth.looksLikeBcrypt("$2y$10$6J48Qpn6Qm/nBWwPgjCduuXkT9jvgood2ZgZeLeuQXUTIlTDs67Ni")).isTrue();
        assertThat(BasicAuth.looksLikeBcrypt("$1$abc$def")).isFalse();
        assertThat(BasicAuth.looksLikeBcrypt("plain")).isFalse();
    }

    /** A hash made the way node_exporter's docs say (htpasswd -B), checked by jsos. */
    @Test
    @Tag("real")
    void acceptsHashesFromApachesHtpasswd() throws Exception {
        Real.requireProgram("htpasswd", "apache2-utils");
        Process p = new ProcessBuilder("htpasswd", "-nbBC", "10", "prometheus", "correct horse").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String hash = out.substring(out.indexOf(':') + 1);
        assertThat(hash).startsWith("$2y$10$");
        BasicAuth auth = new BasicAuth(Map.of("prometheus", hash));
        assertThat(auth.check("prometheus", "correct horse")).isTrue();
        assertThat(auth.check("prometheus", "correct horse ")).isFalse();
    }
}
