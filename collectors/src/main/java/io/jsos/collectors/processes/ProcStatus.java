package io.jsos.collectors.processes;

/**
 * The fields jsos uses from {@code /proc/<pid>/status} ("Key:\tvalue" lines, see proc(5)).
 * Any field the file lacks or garbles is -1 (numbers) or null (text): kernel threads have no
 * {@code VmRSS}, older kernels lack some keys, and a half-read file must still give what it has.
 *
 * @param name          {@code Name:}, the command name
 * @param state         the letter of {@code State: S (sleeping)}
 * @param uid           the effective uid (second value of {@code Uid:}), as {@code ps -f} shows
 * @param realUid       the real uid (first value of {@code Uid:})
 * @param gid           the effective gid
 * @param vmRssKib      {@code VmRSS:} in KiB; -1 for kernel threads and zombies
 * @param threads       {@code Threads:}
 */
public record ProcStatus(String name, String state, int ppid, int uid, int realUid, int gid,
                         long vmRssKib, long threads, long voluntaryCtxtSwitches, long nonvoluntaryCtxtSwitches) {

    /** Parses the file's text; never throws, an empty or garbage text gives all-unknown values. */
    public static ProcStatus parse(String text) {
        String name = null;
        String state = null;
        int ppid = -1;
        int uid = -1;
        int realUid = -1;
        int gid = -1;
        long rss = -1;
        long threads = -1;
        long vol = -1;
        long nonvol = -1;
        if (text != null) {
            for (String line : text.split("\n")) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String key = line.substring(0, colon);
                String value = line.substring(colon + 1).trim();
                switch (key) {
                    // Name is tab-separated from the key; a name may itself hold spaces, so only trim the tab.
                    case "Name" -> name = line.substring(colon + 1).replaceFirst("^\\t", "");
                    case "State" -> state = value.isEmpty() ? null : value.substring(0, 1);
                    case "PPid" -> ppid = asInt(first(value));
                    case "Uid" -> {
                        realUid = asInt(nth(value, 0));
                        uid = asInt(nth(value, 1));
                    }
                    case "Gid" -> gid = asInt(nth(value, 1));
                    case "VmRSS" -> rss = asLong(first(value));
                    case "Threads" -> threads = asLong(first(value));
                    case "voluntary_ctxt_switches" -> vol = asLong(first(value));
                    case "nonvoluntary_ctxt_switches" -> nonvol = asLong(first(value));
                    default -> {
                        // the other keys (signal masks, capabilities, NUMA) are not shown by ps
                    }
                }
            }
        }
        return new ProcStatus(name, state, ppid, uid, realUid, gid, rss, threads, vol, nonvol);
    }

    private static String first(String value) {
        return nth(value, 0);
    }

    private static String nth(String value, int n) {
        String[] parts = value.split("\\s+");
        return n < parts.length ? parts[n] : null;
    }

    private static int asInt(String s) {
        Long v = Numbers.parse(s);
        return v == null || v < 0 ? -1 : Numbers.toInt(v);
    }

    private static long asLong(String s) {
        Long v = Numbers.parse(s);
        return v == null || v < 0 ? -1 : v;
    }
}
