package io.jsos.cgroups;

import java.util.EnumMap;
import java.util.Map;

/**
 * The text of one cgroup's files, gathered from every hierarchy the path exists in, before
 * parsing. v1 and v2 are kept apart because some names mean different things in each (v1
 * {@code cpu.stat} has throttling only; v2 {@code cpu.stat} has usage too). Filled by the reader,
 * consumed by {@link CgroupAssembler}, then dropped: only the parsed model is kept.
 */
final class RawCgroup {

    final Map<V1File, String> v1 = new EnumMap<>(V1File.class);
    final Map<V2File, String> v2 = new EnumMap<>(V2File.class);

    String get(V1File f) {
        return v1.get(f);
    }

    String get(V2File f) {
        return v2.get(f);
    }

    boolean has(V1File f) {
        return v1.containsKey(f);
    }

    boolean has(V2File f) {
        return v2.containsKey(f);
    }

    /** Test and fixture convenience: a file by its name, v1 or v2. */
    RawCgroup put(int version, String fileName, String text) {
        if (version == 1) {
            V1File f = V1File.byName(fileName);
            if (f == null) {
                throw new IllegalArgumentException("not a v1 file jsos reads: " + fileName);
            }
            v1.put(f, text);
        } else {
            V2File f = V2File.byName(fileName);
            if (f == null) {
                throw new IllegalArgumentException("not a v2 file jsos reads: " + fileName);
            }
            v2.put(f, text);
        }
        return this;
    }
}
