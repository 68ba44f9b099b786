package io.jsos.collectors.processes;

/**
 * {@code /proc/<pid>/cgroup} → the one cgroup path worth a column in a process listing.
 *
 * <p>Lines are {@code hierarchy-id:controllers:path}. On cgroup v2 (and the unified part of a
 * hybrid host) there is one {@code 0::/path} line, which is the path systemd and the kubelet
 * manage, so it wins. On pure v1 the memory controller's path is taken (it is the one container
 * runtimes always set, and the one OOM kills are reported against), else the first line's path.
 * On a hybrid host whose unified line says only {@code /} (a runtime that uses the v1 controllers
 * alone, e.g. Docker's cgroupfs driver), the v1 path is the informative one and is taken instead.
 * The cgroups collector has the full picture; this is only for orientation.
 */
public final class ProcCgroup {

    private ProcCgroup() {
    }

    /** The chosen path, or null for an empty or garbage file. */
    public static String path(String text) {
        if (text == null) {
            return null;
        }
        String unified = null;
        String memory = null;
        String first = null;
        for (String line : text.split("\n")) {
            int a = line.indexOf(':');
            int b = a < 0 ? -1 : line.indexOf(':', a + 1);
            if (b < 0) {
                continue;
            }
            String id = line.substring(0, a).trim();
            String controllers = line.substring(a + 1, b);
            // the path may itself contain ':' (systemd escapes little), so it is everything after the second one
            String path = line.substring(b + 1).trim();
            if (path.isEmpty()) {
                continue;
            }
            if (id.equals("0") && controllers.isEmpty()) {
                unified = path;
                continue;
            }
            if (memory == null && java.util.Arrays.asList(controllers.split(",")).contains("memory")) {
                memory = path;
            }
            if (first == null) {
                first = path;
            }
        }
        String v1 = memory != null ? memory : first;
        if (unified != null && (!unified.equals("/") || v1 == null)) {
            return unified;
        }
        return v1;
    }
}
