package io.jsos.storage;

import io.jsos.api.Host;

import java.util.ArrayList;
import java.util.List;

/**
 * The node's mounts from mountinfo, which (unlike /proc/mounts) names each mount's device by
 * major:minor, so a bind mount of an rbd device into a pod folder is still tied to the device.
 * PID 1's view is read first: in a container with the node's /proc under the host root that is
 * the node's mount namespace, not jsos's own.
 */
public final class Mounts {

    /** One mountinfo line: the device number, source, mount point and file system type. */
    public record Mount(String majorMinor, String root, String mountpoint, String fstype, String source, String options) {
    }

    private Mounts() {
    }

    public static List<Mount> read(Host host) {
        List<String> lines = host.tryReadLines("/proc/1/mountinfo");
        if (lines.isEmpty()) {
            lines = host.tryReadLines("/proc/self/mountinfo");
        }
        return parse(lines);
    }

    /** Parses mountinfo lines; malformed ones are skipped. */
    public static List<Mount> parse(List<String> lines) {
        List<Mount> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            int dash = -1;
            for (int i = 6; i < f.length; i++) {
                if (f[i].equals("-")) {
                    dash = i;
                    break;
                }
            }
            if (f.length < 7 || dash < 0 || dash + 2 >= f.length) {
                continue;
            }
            out.add(new Mount(f[2], unescape(f[3]), unescape(f[4]), f[dash + 1], unescape(f[dash + 2]), f[5]));
        }
        return out;
    }

    /** mountinfo escapes space, tab, newline and backslash as \ooo octal. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
