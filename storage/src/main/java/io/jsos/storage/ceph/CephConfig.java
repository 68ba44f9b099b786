package io.jsos.storage.ceph;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Just enough of ceph.conf (INI) to find where a node keeps its admin sockets and keyrings, and
 * the scrubber that blanks keys in keyrings: a keyring in a bundle must never carry a key, even
 * with redaction turned off.
 */
public final class CephConfig {

    static final String BLANK = "REDACTED-BY-JSOS";
    private static final Pattern KEY_LINE = Pattern.compile("(?m)^(\\s*key\\s*=\\s*)\\S.*$");
    private static final Pattern SECRET_ARG = Pattern.compile("(?m)^(\\s*(?:secret|keyfile|key_file)\\s*=\\s*)\\S.*$");

    private CephConfig() {
    }

    /** section ("global", "client", "osd", ...) → key (spaces and dashes as underscores) → value. */
    public static Map<String, Map<String, String>> parse(String ini) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        String section = "global";
        for (String raw : ini.lines().toList()) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
                continue;
            }
            int eq = line.indexOf('=');
            if (eq > 0) {
                String key = line.substring(0, eq).strip().replace(' ', '_').replace('-', '_');
                out.computeIfAbsent(section, k -> new LinkedHashMap<>()).put(key, line.substring(eq + 1).strip());
            }
        }
        return out;
    }

    /** A setting from [section] or else [global]; null when neither has it. */
    public static String get(Map<String, Map<String, String>> conf, String section, String key) {
        String v = conf.getOrDefault(section, Map.of()).get(key);
        return v != null ? v : conf.getOrDefault("global", Map.of()).get(key);
    }

    /** The keyring with every {@code key = ...} value replaced; caps and entity names stay. */
    public static String scrubKeyring(String keyring) {
        return KEY_LINE.matcher(keyring).replaceAll("$1" + BLANK);
    }

    /** ceph.conf with inline secrets ({@code key =}, {@code secret =}) blanked. */
    public static String scrubConf(String conf) {
        return SECRET_ARG.matcher(KEY_LINE.matcher(conf).replaceAll("$1" + BLANK)).replaceAll("$1" + BLANK);
    }
}
