package io.jsos.report.redact;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which setting names hold secrets, and which values are obviously not secrets.
 *
 * <p>The redactor's pattern finds every {@code name=value}-like pair whose name contains a
 * suspicious stem ({@code pass}, {@code key}, {@code token}, ...); {@link #isSecretKey} then decides
 * with the whole name split into words ({@code db_password}, {@code db-password},
 * {@code dbPassword} and {@code spring.datasource.password} all give {@code ... password}):
 * <ol>
 *   <li>a name with a word {@code public}/{@code pub} is not secret ({@code public_key});
 *   <li>a name whose last word says the value is about the secret, not the secret
 *       ({@code password_file}, {@code token_ttl}, {@code secretName}, {@code PasswordAuthentication},
 *       {@code keys_count}, {@code access_key_id}) is not secret;
 *   <li>a name containing {@code password}, {@code passwd}, {@code passphrase}, {@code secret},
 *       {@code credential} or {@code psk} anywhere is secret ({@code PGPASSWORD},
 *       {@code aws_secret_access_key});
 *   <li>a name whose last word is a secret word ({@code key}, {@code token}, {@code pwd},
 *       {@code pass}, {@code auth}, {@code authorization}, {@code cookie}, {@code apikey}, ... or
 *       any word ending in {@code token}) is secret ({@code api_key}, {@code apiKey},
 *       {@code X-Auth-Token}, {@code access_key}). Only the <em>last</em> word counts, so
 *       {@code keyboard}, {@code monkey}, {@code keymap} or {@code auth_method} are not secret;
 *   <li>a name ending in a secret word and then {@code data}/{@code value}/{@code b64}
 *       ({@code client-key-data} in a kubeconfig) is secret.
 * </ol>
 * The bare name {@code key} is secret with {@code =} (INI, Ceph keyring, {@code --key=...}) but not
 * with {@code :}: in YAML and JSON, {@code key:} is almost always a field called "key" (Kubernetes
 * label selectors, taints), and Ceph keys are recognised by their own shape anyway.
 */
final class SecretKeys {

    private SecretKeys() {
    }

    /** Stems a secret setting name must contain: the pattern's cheap pre-filter. */
    static final String STEMS = "pass|pwd|secret|token|key|psk|credential|auth|cookie";

    private static final List<String> ANYWHERE =
            List.of("password", "passwd", "passphrase", "secret", "credential", "psk");

    private static final Set<String> SECRET_WORDS = Set.of(
            "pwd", "pass", "passwd", "password", "passphrase", "passcode", "secret", "secrets", "token",
            "key", "auth", "authorization", "apikey", "accesskey", "secretkey", "privatekey", "authkey",
            "sshkey", "signingkey", "encryptionkey", "masterkey", "clientkey", "sessionkey", "psk",
            "credential", "credentials", "cookie", "requirepass", "masterauth", "jwt", "bearer");

    /** Last words that make the value something about a secret, not the secret itself. */
    private static final Set<String> NOT_SECRET_LAST = Set.of(
            "file", "files", "path", "dir", "directory", "flags", "policy", "length", "len", "minlen",
            "maxlen", "min", "max", "age", "expiry", "expires", "expiration", "enabled", "enable",
            "disabled", "required", "mode", "type", "method", "methods", "name", "names", "ref", "count",
            "ttl", "timeout", "size", "format", "version", "id", "url", "uri", "endpoint",
            "authentication", "algorithm", "algo", "cmd", "command", "prompt", "hint", "rotation",
            "period", "interval", "retries", "attempts", "store", "provider", "helper", "backend",
            "class", "source", "user", "username", "login", "header", "scheme", "realm", "server",
            "host", "port", "issuer", "audience", "scope", "scopes", "kind", "usage", "bits", "curve",
            "fingerprint", "status", "state", "level", "layout", "map", "keymap");

    private static final Set<String> VALUE_SUFFIX =
            Set.of("data", "value", "b64", "base64", "content", "contents", "string", "str", "hash", "raw");

    private static final Set<String> KEEP_VALUES = Set.of(
            "true", "false", "yes", "no", "on", "off", "null", "nil", "none", "~",
            "|", "|-", "|+", ">", ">-", ">+", "<redacted>", "redacted");

    /** A password scheme in front of a hash or password ({SSHA}..., {PLAIN}...): not a structure. */
    private static final Pattern SCHEME_PREFIX = Pattern.compile("\\{[A-Za-z0-9.-]+}");

    /** An absolute path: /etc/ssh/ssh_host_rsa_key is where a key is, not the key. */
    private static final Pattern PATH = Pattern.compile("(?:/[A-Za-z0-9._@+~-]+)+/?");

    /**
     * Whether the value of setting {@code rawKey} is a secret.
     *
     * @param rawKey the name as written, possibly with leading dashes ({@code --db-password})
     * @param separator the separator that followed it: {@code '='}, {@code ':'}, {@code ' '} for a
     *     command-line flag or config directive, {@code '>'} for an XML element
     */
    static boolean isSecretKey(String rawKey, char separator) {
        List<String> words = words(rawKey);
        if (words.isEmpty()) {
            return false;
        }
        if (words.contains("public") || words.contains("pub")) {
            return false;
        }
        String last = words.get(words.size() - 1);
        if (words.size() == 1 && last.equals("key")) {
            return separator != ':';
        }
        if (words.size() > 1 && NOT_SECRET_LAST.contains(last)) {
            return false;
        }
        String lower = rawKey.toLowerCase(Locale.ROOT);
        for (String stem : ANYWHERE) {
            if (lower.contains(stem)) {
                return true;
            }
        }
        if (SECRET_WORDS.contains(last) || last.endsWith("token")) {
            return true;
        }
        return words.size() >= 2 && VALUE_SUFFIX.contains(last) && SECRET_WORDS.contains(words.get(words.size() - 2));
    }

    /**
     * Values left in place even after a secret name, because they are not secrets and hiding them
     * would only hide configuration: booleans ({@code PasswordAuthentication no}), YAML block
     * indicators ({@code key: |}, the block itself is on the next lines), structures
     * ({@code "auth": {...}}, whose members are looked at one by one; but not a password scheme
     * such as {@code {SSHA}...}), absolute paths
     * ({@code HostKey /etc/ssh/ssh_host_ed25519_key}), and values already masked ({@code ****}).
     * A kept value is still scanned by the other rules (a path can hold a user name).
     */
    static boolean keepValue(String value) {
        if (value.isEmpty()) {
            return true;
        }
        char first = value.charAt(0);
        if ((first == '{' || first == '[') && !SCHEME_PREFIX.matcher(value).lookingAt()) {
            return true;
        }
        if (KEEP_VALUES.contains(value.toLowerCase(Locale.ROOT))) {
            return true;
        }
        if (value.chars().allMatch(c -> c == '*')) {
            return true;
        }
        return first == '/' && PATH.matcher(value).matches();
    }

    /** The words of a setting name, lower case: split at _ . - : and at camelCase humps. */
    static List<String> words(String key) {
        List<String> words = new ArrayList<>(4);
        StringBuilder w = new StringBuilder();
        char prev = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '_' || c == '.' || c == '-' || c == ':' || c == '"' || c == '\'') {
                flush(words, w);
            } else {
                boolean hump = Character.isUpperCase(c) && (Character.isLowerCase(prev) || Character.isDigit(prev));
                if (hump) {
                    flush(words, w);
                }
                w.append(Character.toLowerCase(c));
            }
            prev = c;
        }
        flush(words, w);
        return words;
    }

    private static void flush(List<String> words, StringBuilder w) {
        if (w.length() > 0) {
            words.add(w.toString());
            w.setLength(0);
        }
    }
}
