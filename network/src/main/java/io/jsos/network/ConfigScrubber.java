package io.jsos.network;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blanks secrets in network configuration files before they reach the bundle, whatever the bundle's
 * redaction settings: Wi-Fi PSKs and 802.1X passwords in NetworkManager keyfiles and netplan,
 * WPA_PSK/KEYn in ifcfg files, wpa-psk in ifupdown, VPN secrets. The key stays, so a reader
 * still sees that a secret was configured.
 */
final class ConfigScrubber {

    static final String BLANK = "<redacted>";
    // key = value / key: value / KEY="value" / ifupdown's "wpa-psk value", where the key ends in a secret-ish word
    private static final Pattern SECRET = Pattern.compile(
            "(?im)^(\\s*[\\w.-]*(?:psk|password|passwd|secret|secrets|wep-key\\d*|wep_key\\d*|key\\d|token|pin|passphrase)"
                    + "(?:\\s*[=:]\\s*|\\s+))(\\S.*)$");

    private ConfigScrubber() {
    }

    record Result(String text, int blanked) {
    }

    static Result scrub(String text) {
        Matcher m = SECRET.matcher(text);
        StringBuilder sb = new StringBuilder();
        int n = 0;
        while (m.find()) {
            String value = m.group(2).trim();
            // "psk-flags=1", "password-flags: 0": flags say where a secret lives, they are not one
            if (m.group(1).toLowerCase().contains("flags") || value.equals(BLANK)) {
                continue;
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + BLANK));
            n++;
        }
        m.appendTail(sb);
        return new Result(sb.toString(), n);
    }
}
