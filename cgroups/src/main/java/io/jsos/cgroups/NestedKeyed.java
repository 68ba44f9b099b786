package io.jsos.cgroups;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses nested-keyed cgroup v2 files: one line per device, {@code MAJ:MIN key=value key=value ...},
 * as in {@code io.stat} ({@code 8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0}) and
 * {@code io.max} ({@code 8:16 rbps=2097152 wbps=max riops=max wiops=120}).
 *
 * <p>Values stay text here ({@code max} is a value); {@link #numbers} and {@link #limits} type
 * them. Tokens without '=' are skipped; a line with no device is skipped.
 */
public final class NestedKeyed {

    private NestedKeyed() {
    }

    /** Device → key → value text, in file order. */
    public static Map<String, Map<String, String>> parse(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        TextLines.forEach(text, (t, from, to) -> {
            String[] tokens = TextLines.fields(t, from, to);
            if (tokens.length == 0 || tokens[0].contains("=")) {
                return;
            }
            Map<String, String> kv = out.computeIfAbsent(tokens[0], k -> new LinkedHashMap<>());
            for (int i = 1; i < tokens.length; i++) {
                int eq = tokens[i].indexOf('=');
                if (eq > 0 && eq < tokens[i].length() - 1) {
                    kv.put(Stats.shareKey(tokens[i], 0, eq), tokens[i].substring(eq + 1));
                }
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** io.stat: device → counters; values that are not integers are dropped and counted as malformed. */
    public static Map<String, Stats> numbers(Map<String, Map<String, String>> parsed) {
        Map<String, Stats> out = new LinkedHashMap<>();
        parsed.forEach((dev, kv) -> {
            Stats.Builder b = new Stats.Builder();
            kv.forEach((k, v) -> {
                Long n = Num.parse(v);
                if (n == null) {
                    b.malformed();
                } else {
                    b.put(k, n);
                }
            });
            out.put(dev, b.build());
        });
        return Collections.unmodifiableMap(out);
    }

    /** io.max: device → limit per key ({@code max} = unlimited); unparseable values are dropped. */
    public static Map<String, Map<String, Limit>> limits(Map<String, Map<String, String>> parsed) {
        Map<String, Map<String, Limit>> out = new LinkedHashMap<>();
        parsed.forEach((dev, kv) -> {
            Map<String, Limit> m = new LinkedHashMap<>();
            kv.forEach((k, v) -> {
                Limit l = Limit.parse(v);
                if (l != null) {
                    m.put(k, l);
                }
            });
            out.put(dev, Collections.unmodifiableMap(m));
        });
        return Collections.unmodifiableMap(out);
    }
}
