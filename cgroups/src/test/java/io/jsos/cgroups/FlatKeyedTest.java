package io.jsos.cgroups;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FlatKeyedTest {

    @Test
    void readsPairsInOrder() {
        Stats s = FlatKeyed.parse("usage_usec 7200000000\nuser_usec 6000000000\nsystem_usec 1200000000\n");
        assertThat(s.size()).isEqualTo(3);
        assertThat(s.get("usage_usec")).isEqualTo(7_200_000_000L);
        assertThat(s.asMap().keySet()).containsExactly("usage_usec", "user_usec", "system_usec");
        assertThat(s.malformed()).isZero();
    }

    @Test
    void keepsUnknownKeysFromNewerKernels() {
        Stats s = FlatKeyed.parse("nr_periods 5\nnr_bursts 1\nburst_usec 20\nsome_future_key 42\n");
        assertThat(s.get("some_future_key")).isEqualTo(42);
        assertThat(s.get("nr_bursts")).isEqualTo(1);
    }

    @Test
    void skipsAndCountsMalformedLines() {
        Stats s = FlatKeyed.parse("anon 10\ngarbage\nfile notanumber\nkernel 1 2\n\n   \nshmem 3");
        assertThat(s.asMap()).containsExactly(java.util.Map.entry("anon", 10L), java.util.Map.entry("shmem", 3L));
        assertThat(s.malformed()).isEqualTo(3);
    }

    @Test
    void toleratesTabsCarriageReturnsAndNoFinalNewline() {
        Stats s = FlatKeyed.parse("a\t1\r\nb  2");
        assertThat(s.get("a")).isEqualTo(1);
        assertThat(s.get("b")).isEqualTo(2);
    }

    @Test
    void clampsUnsigned64BitValues() {
        Stats s = FlatKeyed.parse("hierarchical_memory_limit 18446744073709551615\nneg -5\n");
        assertThat(s.get("hierarchical_memory_limit")).isEqualTo(Long.MAX_VALUE);
        assertThat(s.get("neg")).isEqualTo(-5);
    }

    @Test
    void emptyAndNullGiveEmptyStats() {
        assertThat(FlatKeyed.parse("").size()).isZero();
        assertThat(FlatKeyed.parse(null).size()).isZero();
        assertThat(FlatKeyed.parse("\n\n").malformed()).isZero();
    }

    @Test
    void firstPicksTheFirstPresentKey() {
        Stats s = FlatKeyed.parse("rss 5\ntotal_rss 7\n");
        assertThat(s.first("total_rss", "rss")).isEqualTo(7);
        assertThat(s.first("total_cache", "cache")).isNull();
    }

    @Test
    void sharesKeyStringsBetweenFiles() {
        Stats a = FlatKeyed.parse("total_inactive_file 1\n");
        Stats b = FlatKeyed.parse("total_inactive_file 2\n");
        assertThat(a.asMap().keySet().iterator().next()).isSameAs(b.asMap().keySet().iterator().next());
    }

    /** Keys are shared between files without being cut out first, and many distinct keys all stay right. */
    @Test
    void keysAreSharedAndManyDistinctKeysStayRight() {
        Stats a = FlatKeyed.parse("total_inactive_file 1\nanon 2\n");
        Stats b = FlatKeyed.parse("x 0\ntotal_inactive_file 3\n");
        assertThat(a.asMap().keySet().iterator().next()).isSameAs(b.asMap().keySet().stream().skip(1).findFirst().orElseThrow());
        StringBuilder hostile = new StringBuilder();
        // few enough to leave room in the JVM-wide table for the other tests' keys
        for (int i = 0; i < 500; i++) {
            hostile.append("key").append(i).append(' ').append(i).append('\n');
        }
        Stats h = FlatKeyed.parse(hostile.toString());
        assertThat(h.size()).isEqualTo(500);
        assertThat(h.get("key499")).isEqualTo(499L);
        assertThat(h.get("key0")).isZero();
        assertThat(FlatKeyed.parse("anon 7\n").get("anon")).isEqualTo(7L);
    }
}
