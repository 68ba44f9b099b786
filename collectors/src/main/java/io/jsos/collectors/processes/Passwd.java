package io.jsos.collectors.processes;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code /etc/passwd} → uid → user name, to show names the way {@code ps} does. Only the local
 * file is read (no NSS, LDAP or SSSD: jsos must not make network calls or load the host's
 * libraries), so users from a directory service show as their numeric uid.
 */
public final class Passwd {

    private Passwd() {
    }

    /**
     * Parses passwd text ({@code name:x:uid:gid:gecos:home:shell}). Comments, NIS {@code +}/{@code -}
     * lines and malformed lines are skipped; when a uid appears twice the first name wins, as with getpwuid(3).
     */
    public static Map<Integer, String> parse(String text) {
        Map<Integer, String> names = new HashMap<>();
        if (text == null) {
            return names;
        }
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("+") || line.startsWith("-")) {
                continue;
            }
            String[] f = line.split(":", -1);
            if (f.length < 3 || f[0].isEmpty()) {
                continue;
            }
            Long uid = Numbers.parse(f[2]);
            if (uid == null || uid < 0 || uid > Integer.MAX_VALUE) {
                continue;
            }
            names.putIfAbsent(uid.intValue(), f[0]);
        }
        return names;
    }
}
