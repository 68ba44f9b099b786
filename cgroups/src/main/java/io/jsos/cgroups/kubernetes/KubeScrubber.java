package io.jsos.cgroups.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from kubeconfigs, kubelet and kubeadm configs and static pod manifests
 * before they reach the bundle, whether or not bundle redaction is on ({@code --no-redact} must
 * never put a cluster-admin key in a support bundle).
 *
 * <p>Blanked: YAML values of keys naming key material or tokens ({@code client-key-data},
 * {@code token}, {@code certificate-key}/{@code certificateKey}, {@code password},
 * {@code client-secret}, {@code id-token}, {@code refresh-token}, {@code access-token}, ...)
 * and the same as command-line flags ({@code --token=...}). Kept: certificates (public, and
 * needed to diagnose expiry), and values that are file paths ({@code tokenFile: /var/run/...}),
 * since a path is a diagnosis, not a secret.
 */
public final class KubeScrubber {

    static final String REDACTED = "REDACTED-BY-JSOS";

    /** Key names holding secrets, matched case-insensitively against the whole key. */
    private static final String SECRET_KEY =
            "(?:[A-Za-z0-9_.-]*(?:key-data|keydata|token|password|passwd|secret|certificate-key|certificatekey|private-key|privatekey)[A-Za-z0-9_.-]*)";
    private static final Pattern YAML = Pattern.compile(
            "^(\\s*(?:-\\s+)?[\"']?)(" + SECRET_KEY + ")([\"']?\\s*:\\s+)(.*?)(\\s*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern FLAG = Pattern.compile(
            "(--" + SECRET_KEY + "=)([^\\s\"',]+)", Pattern.CASE_INSENSITIVE);

    private KubeScrubber() {
    }

    /**
     * The scrubbed text and the keys whose values were blanked.
     *
     * @param text    the text with secrets blanked
     * @param blanked the keys or flags blanked, in order (for the JSON document)
     */
    public record Result(String text, List<String> blanked) {
    }

    public static Result scrub(String text) {
        List<String> blanked = new ArrayList<>();
        StringBuilder out = new StringBuilder(text.length());
        for (String line : text.split("\n", -1)) {
            out.append(scrubLine(line, blanked)).append('\n');
        }
        out.setLength(Math.max(0, out.length() - 1));
        return new Result(out.toString(), List.copyOf(blanked));
    }

    private static String scrubLine(String line, List<String> blanked) {
        Matcher y = YAML.matcher(line);
        if (y.matches() && keep(y.group(4)) == null) {
            blanked.add(y.group(2));
            return y.group(1) + y.group(2) + y.group(3) + REDACTED + y.group(5);
        }
        Matcher f = FLAG.matcher(line);
        StringBuilder sb = new StringBuilder();
        boolean any = false;
        while (f.find()) {
            if (keep(f.group(2)) != null) {
                continue;
            }
            any = true;
            blanked.add(f.group(1).substring(2, f.group(1).length() - 1));
            f.appendReplacement(sb, Matcher.quoteReplacement(f.group(1) + REDACTED));
        }
        if (!any) {
            return line;
        }
        f.appendTail(sb);
        return sb.toString();
    }

    /** Non-null (the value) when the value is safe to keep: empty, a nested block, a file path, or already redacted. */
    private static String keep(String value) {
        String v = value.strip();
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            v = v.substring(1, v.length() - 1);
        } else if (v.startsWith("\"") || v.startsWith("'")) {
            v = v.substring(1);
        }
        if (v.isEmpty() || v.equals("|") || v.equals(">") || v.startsWith("/") || v.startsWith("{") || v.startsWith("[")
                || v.startsWith(REDACTED) || v.equals("null") || v.equals("~")) {
            return value;
        }
        return null;
    }
}
