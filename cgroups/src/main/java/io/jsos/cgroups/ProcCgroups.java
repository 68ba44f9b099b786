package io.jsos.cgroups;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code /proc/cgroups}: the kernel's controllers, the v1 hierarchy each is attached to (0 when it
 * is on v2 or not mounted), how many cgroups it has and whether it is enabled.
 * <pre>
 * #subsys_name	hierarchy	num_cgroups	enabled
 * cpuset	3	1	1
 * </pre>
 */
public final class ProcCgroups {

    private ProcCgroups() {
    }

    /** One controller's line. */
    public record Subsystem(String name, int hierarchy, int cgroups, boolean enabled) {
    }

    /** The controllers, in file order; the header and malformed lines are skipped. */
    public static List<Subsystem> parse(String text) {
        List<Subsystem> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.strip().split("\\s+");
            if (f.length < 4) {
                continue;
            }
            Long h = Num.parse(f[1]);
            Long n = Num.parse(f[2]);
            Long e = Num.parse(f[3]);
            if (h == null || n == null || e == null) {
                continue;
            }
            out.add(new Subsystem(f[0], (int) Math.min(Integer.MAX_VALUE, h), (int) Math.min(Integer.MAX_VALUE, n), e != 0));
        }
        return out;
    }
}
