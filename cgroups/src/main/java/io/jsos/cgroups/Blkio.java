package io.jsos.cgroups;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * cgroup v1 blkio files.
 * <ul>
 *   <li>{@code blkio.throttle.io_service_bytes} / {@code io_serviced}: lines {@code MAJ:MIN Op N}
 *       with Op in Read, Write, Sync, Async, Discard, Total, and a last {@code Total N} line
 *       across devices (dropped: it is the sum of the rest);</li>
 *   <li>{@code blkio.throttle.read_bps_device} and friends: lines {@code MAJ:MIN N}, one per
 *       throttled device (empty when nothing is throttled).</li>
 * </ul>
 */
public final class Blkio {

    private Blkio() {
    }

    /** Device → operation → count. Lines of another shape are skipped. */
    public static Map<String, Stats> parseOps(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        Map<String, Stats.Builder> byDevice = new LinkedHashMap<>();
        TextLines.forEach(text, (t, from, to) -> {
            String[] f = TextLines.fields(t, from, to);
            if (f.length != 3 || !isDevice(f[0])) {
                return;
            }
            Long v = Num.parse(f[2]);
            Stats.Builder b = byDevice.computeIfAbsent(f[0], d -> new Stats.Builder());
            if (v == null) {
                b.malformed();
            } else {
                b.put(f[1], v);
            }
        });
        Map<String, Stats> out = new LinkedHashMap<>();
        byDevice.forEach((d, b) -> out.put(d, b.build()));
        return Collections.unmodifiableMap(out);
    }

    /** Device → limit, for the {@code *_device} throttle files. */
    public static Map<String, Long> parseDeviceLimits(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        Map<String, Long> out = new LinkedHashMap<>();
        TextLines.forEach(text, (t, from, to) -> {
            String[] f = TextLines.fields(t, from, to);
            if (f.length == 2 && isDevice(f[0])) {
                Long v = Num.parse(f[1]);
                if (v != null) {
                    out.put(f[0], v);
                }
            }
        });
        return Collections.unmodifiableMap(out);
    }

    static boolean isDevice(String s) {
        int colon = s.indexOf(':');
        return colon > 0 && colon < s.length() - 1
                && Num.parse(s, 0, colon) != null && Num.parse(s, colon + 1, s.length()) != null;
    }
}
