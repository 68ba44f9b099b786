package io.jsos.cgroups;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code /proc/<pid>/mountinfo}: one mount per line,
 * <pre>
 * 35 31 0:32 / /sys/fs/cgroup/memory rw,relatime shared:8 - cgroup cgroup rw,memory
 * </pre>
 * (id, parent id, device, root within the file system, mount point, mount options, optional
 * fields up to a lone {@code -}, file system type, source, super options). For a cgroup mount the
 * root is the cgroup the mount shows: {@code /} for a whole hierarchy, a path for a container's
 * bind mount of its own cgroup, {@code /..}-prefixed in a cgroup namespace looking outside itself.
 * Paths are octal-escaped by the kernel ({@code \040} for a space) and unescaped here.
 */
public final class Mountinfo {

    private Mountinfo() {
    }

    /**
     * One mount.
     *
     * @param device        {@code major:minor} of the file system; the same for every mount of one cgroup hierarchy
     * @param root          the path inside the file system that is mounted
     * @param mountPoint    where it is mounted
     * @param superOptions  the file system's options; for v1 cgroups its controllers and {@code name=}
     */
    public record Mount(int id, int parentId, String device, String root, String mountPoint, String fsType,
                        String source, List<String> superOptions) {
        public Mount {
            superOptions = List.copyOf(superOptions);
        }
    }

    /** The mounts, in file order; malformed lines are skipped. */
    public static List<Mount> parse(String text) {
        List<Mount> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String line : text.split("\n")) {
            Mount m = parseLine(line);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    /** One line, or null when it is not a mountinfo line. */
    static Mount parseLine(String line) {
        String[] f = line.strip().split(" ");
        int dash = -1;
        for (int i = 6; i < f.length; i++) {
            if (f[i].equals("-")) {
                dash = i;
                break;
            }
        }
        // six fields before the optional ones, then "-", type and source (super options may be missing)
        if (dash < 0 || dash + 2 >= f.length) {
            return null;
        }
        Long id = Num.parse(f[0]);
        Long parent = Num.parse(f[1]);
        if (id == null || parent == null || !f[2].contains(":")) {
            return null;
        }
        List<String> superOptions = dash + 3 < f.length ? List.of(f[dash + 3].split(",")) : List.of();
        return new Mount(id.intValue(), parent.intValue(), f[2], unescape(f[3]), unescape(f[4]), f[dash + 1],
                unescape(f[dash + 2]), superOptions);
    }

    /** Undoes the kernel's octal escapes ({@code \040} space, {@code \011} tab, {@code \012} newline, {@code \134} backslash). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
