package io.jsos.cgroups;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code /proc/<pid>/cgroup}: the process's cgroup in each hierarchy,
 * {@code hierarchy-id:controllers:path}. v2 is the line {@code 0::/path}; a v1 named hierarchy
 * shows {@code name=systemd} as its controllers. In a cgroup namespace, a path outside the
 * namespace's root starts with {@code /..}.
 */
public final class PidCgroups {

    private PidCgroups() {
    }

    /**
     * One line.
     *
     * @param hierarchyId 0 for v2
     * @param controllers empty for v2
     */
    public record Membership(int hierarchyId, List<String> controllers, String path) {
        public Membership {
            controllers = List.copyOf(controllers);
        }

        public boolean isV2() {
            return hierarchyId == 0 && controllers.isEmpty();
        }
    }

    public static List<Membership> parse(String text) {
        List<Membership> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\n")) {
            int a = line.indexOf(':');
            int b = a < 0 ? -1 : line.indexOf(':', a + 1);
            if (b < 0) {
                continue;
            }
            Long id = Num.parse(line.substring(0, a));
            // the path may itself contain ':', so it is everything after the second one
            String path = line.substring(b + 1).strip();
            if (id == null || !path.startsWith("/")) {
                continue;
            }
            String ctl = line.substring(a + 1, b);
            out.add(new Membership(id.intValue(), ctl.isEmpty() ? List.of() : List.of(ctl.split(",")), path));
        }
        return out;
    }
}
