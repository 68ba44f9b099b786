package io.jsos.cgroups;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A flat-keyed cgroup file ({@code cpu.stat}, {@code memory.stat}, {@code memory.events}, ...) as
 * key/value pairs in file order. Kept as two arrays rather than a map because a node holds
 * thousands of cgroups with dozens of keys each; key strings are shared between cgroups.
 * Unknown keys are kept: a newer kernel's fields reach the bundle without a code change.
 */
public final class Stats {

    /**
     * Keys seen so far, so that 10 000 memory.stat files share one "total_inactive_file" string,
     * found by their characters in the file's text without cutting them out first (a scrape parses
     * ~60 keys per cgroup). Open addressing over a fixed table, written without locks: a slot only
     * ever goes from empty to an immutable String, and a lost race costs one unshared copy. When
     * the table is full (a hostile file with endless distinct keys), keys are simply not shared.
     */
    private static final int TABLE_SLOTS = 1 << 13;
    private static final int MAX_PROBES = 8;
    private static final String[] KEYS = new String[TABLE_SLOTS];

    static final Stats EMPTY = new Stats(new String[0], new long[0], 0, 0);

    private final String[] keys;
    private final long[] values;
    private final int size;
    private final int malformed;

    Stats(String[] keys, long[] values, int size, int malformed) {
        this.keys = keys;
        this.values = values;
        this.size = size;
        this.malformed = malformed;
    }

    static String shareKey(String key) {
        return shareKey(key, 0, key.length());
    }

    /** The shared String equal to {@code text[from, to)}. */
    static String shareKey(String text, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + text.charAt(i);
        }
        int length = to - from;
        int slot = (h ^ (h >>> 16)) & (TABLE_SLOTS - 1);
        for (int probe = 0; probe < MAX_PROBES; probe++, slot = (slot + 1) & (TABLE_SLOTS - 1)) {
            String k = KEYS[slot];
            if (k == null) {
                String key = text.substring(from, to);
                KEYS[slot] = key;
                return key;
            }
            if (k.length() == length && text.startsWith(k, from)) {
                return k;
            }
        }
        return text.substring(from, to);
    }

    /** The value of a key, or null when the file has no such key. */
    public Long get(String key) {
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                return values[i];
            }
        }
        return null;
    }

    /** The first key present among {@code candidates} (e.g. {@code total_rss} before {@code rss}), or null. */
    public Long first(String... candidates) {
        for (String k : candidates) {
            Long v = get(k);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    public int size() {
        return size;
    }

    /** Lines that were not "key number" and were skipped. */
    public int malformed() {
        return malformed;
    }

    /** The pairs in file order (a copy, for the JSON document). */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            m.put(keys[i], values[i]);
        }
        return m;
    }

    @Override
    public String toString() {
        return asMap() + (malformed > 0 ? " (" + malformed + " malformed lines)" : "");
    }

    /** Collects pairs while parsing. */
    static final class Builder {
        private String[] keys = new String[8];
        private long[] values = new long[8];
        private int size;
        private int malformed;

        Builder put(String key, long value) {
            return add(shareKey(key), value);
        }

        /** The key is {@code text[from, to)}. */
        Builder put(String text, int from, int to, long value) {
            return add(shareKey(text, from, to), value);
        }

        private Builder add(String sharedKey, long value) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            keys[size] = sharedKey;
            values[size] = value;
            size++;
            return this;
        }

        void malformed() {
            malformed++;
        }

        Stats build() {
            if (size == 0 && malformed == 0) {
                return EMPTY;
            }
            return new Stats(Arrays.copyOf(keys, size), Arrays.copyOf(values, size), size, malformed);
        }
    }
}
