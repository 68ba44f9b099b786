package io.jsos.agent.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The web configuration file, in the format of node_exporter's {@code --web.config.file}
 * (Prometheus exporter-toolkit), so one file can serve both:
 *
 * <pre>
 * tls_server_config:
 *   cert_file: server.crt          # PEM; relative paths are relative to this file's folder
 *   key_file: server.key           # PEM, PKCS#8, PKCS#1 (RSA) or SEC1 (EC), unencrypted
 *   client_auth_type: RequireAndVerifyClientCert
 *   client_ca_file: ca.crt
 *   min_version: TLS12             # TLS10 .. TLS13
 *   max_version: TLS13
 *   client_allowed_sans: [prometheus.example.com]
 * http_server_config:
 *   headers:
 *     X-Content-Type-Options: nosniff
 * basic_auth_users:
 *   prometheus: $2y$10$...         # bcrypt hash (htpasswd -nBC 10 prometheus)
 * </pre>
 *
 * <p>As in exporter-toolkit: an unknown key is an error; a {@code tls_server_config} without
 * {@code cert_file} and {@code key_file} means plain HTTP; a client CA without a client auth type
 * that checks certificates is an error. Go-specific tuning keys ({@code cipher_suites},
 * {@code curve_preferences}, {@code prefer_server_cipher_suites}, {@code http2}) are accepted and
 * ignored with a warning: the JDK's defaults apply.
 */
record WebConfig(Tls tls, Map<String, String> basicAuthUsers, Map<String, String> headers, List<String> warnings) {

    /** Client certificate policies, with Go's crypto/tls names. */
    enum ClientAuth {
        NoClientCert, RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven, RequireAndVerifyClientCert;

        boolean verifies() {
            return this == VerifyClientCertIfGiven || this == RequireAndVerifyClientCert;
        }

        boolean requires() {
            return this == RequireAnyClientCert || this == RequireAndVerifyClientCert;
        }

        boolean requests() {
            return this != NoClientCert;
        }
    }

    record Tls(Path certFile, Path keyFile, ClientAuth clientAuth, Path clientCaFile, String minVersion,
               String maxVersion, List<String> clientAllowedSans) {
    }

    WebConfig {
        basicAuthUsers = Map.copyOf(basicAuthUsers);
        headers = Map.copyOf(headers);
        warnings = List.copyOf(warnings);
    }

    static WebConfig none() {
        return new WebConfig(null, Map.of(), Map.of(), List.of());
    }

    boolean tlsEnabled() {
        return tls != null;
    }

    boolean authEnabled() {
        return !basicAuthUsers.isEmpty();
    }

    private static final Set<String> TOP = Set.of("tls_server_config", "http_server_config", "basic_auth_users");
    private static final Set<String> TLS_KEYS = Set.of("cert_file", "key_file", "cert", "key", "client_auth_type",
            "client_ca_file", "client_ca", "min_version", "max_version", "cipher_suites", "curve_preferences",
            "prefer_server_cipher_suites", "client_allowed_sans");
    private static final Set<String> HTTP_KEYS = Set.of("http2", "headers");
    /** Headers exporter-toolkit lets a config set; others are refused there too. */
    private static final Set<String> ALLOWED_HEADERS = Set.of("Strict-Transport-Security", "X-Content-Type-Options",
            "X-Frame-Options", "X-XSS-Protection", "Content-Security-Policy");
    private static final Map<String, String> VERSIONS = Map.of(
            "TLS10", "TLSv1", "TLS11", "TLSv1.1", "TLS12", "TLSv1.2", "TLS13", "TLSv1.3");

    /**
     * Reads and checks a web config file.
     *
     * @throws IllegalArgumentException with what is wrong and where
     */
    static WebConfig load(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the web config " + file + ": " + e.getMessage(), e);
        }
        return parse(root, file.toAbsolutePath().getParent(), file.toString());
    }

    static WebConfig parse(JsonNode root, Path baseDir, String source) {
        String where = "web config " + source + ": ";
        if (root == null || root.isMissingNode() || root.isNull()) {
            return none();
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException(where + "expected a YAML mapping at the top");
        }
        unknownKeys(root, TOP, where);
        List<String> warnings = new ArrayList<>();

        Tls tls = null;
        JsonNode t = root.get("tls_server_config");
        if (t != null && !t.isNull()) {
            if (!t.isObject()) {
                throw new IllegalArgumentException(where + "tls_server_config must be a mapping");
            }
            unknownKeys(t, TLS_KEYS, where + "tls_server_config: ");
            for (String inline : List.of("cert", "key", "client_ca")) {
                if (t.hasNonNull(inline)) {
                    throw new IllegalArgumentException(where + "tls_server_config." + inline
                            + " (inline PEM) is not supported by jsos; use " + inline + "_file");
                }
            }
            for (String ignored : List.of("cipher_suites", "curve_preferences", "prefer_server_cipher_suites")) {
                if (t.has(ignored)) {
                    warnings.add("tls_server_config." + ignored + " is ignored: the JDK's defaults apply");
                }
            }
            String cert = text(t, "cert_file", where);
            String key = text(t, "key_file", where);
            ClientAuth clientAuth = ClientAuth.NoClientCert;
            String ca = text(t, "client_auth_type", where);
            if (ca != null && !ca.isEmpty()) {
                if (ca.equals("RequireClientCert")) {   // exporter-toolkit's old name
                    ca = "RequireAnyClientCert";
                }
                try {
                    clientAuth = ClientAuth.valueOf(ca);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + "invalid client_auth_type '" + ca + "'; valid: "
                            + java.util.Arrays.toString(ClientAuth.values()));
                }
            }
            String clientCa = text(t, "client_ca_file", where);
            if (clientCa != null && !clientCa.isEmpty() && clientAuth == ClientAuth.NoClientCert) {
                throw new IllegalArgumentException(where + "client_ca_file is set but client_auth_type does not ask for "
                        + "client certificates (use VerifyClientCertIfGiven or RequireAndVerifyClientCert)");
            }
            if (clientAuth.verifies() && (clientCa == null || clientCa.isEmpty())) {
                throw new IllegalArgumentException(where + "client_auth_type " + clientAuth + " needs client_ca_file");
            }
            List<String> sans = new ArrayList<>();
            JsonNode s = t.get("client_allowed_sans");
            if (s != null && !s.isNull()) {
                if (!s.isArray()) {
                    throw new IllegalArgumentException(where + "client_allowed_sans must be a list");
                }
                s.forEach(n -> sans.add(n.asText()));
                if (!sans.isEmpty() && !clientAuth.verifies()) {
                    throw new IllegalArgumentException(where + "client_allowed_sans needs a client_auth_type that "
                            + "verifies certificates");
                }
            }
            String min = version(text(t, "min_version", where), where);
            String max = version(text(t, "max_version", where), where);
            boolean hasCert = cert != null && !cert.isEmpty();
            boolean hasKey = key != null && !key.isEmpty();
            if (hasCert || hasKey) {
                if (!hasCert) {
                    throw new IllegalArgumentException(where + "tls_server_config has key_file but no cert_file");
                }
                if (!hasKey) {
                    throw new IllegalArgumentException(where + "tls_server_config has cert_file but no key_file");
                }
                tls = new Tls(baseDir.resolve(cert), baseDir.resolve(key), clientAuth,
                        clientCa == null || clientCa.isEmpty() ? null : baseDir.resolve(clientCa), min, max, sans);
            } else if (clientAuth != ClientAuth.NoClientCert) {
                throw new IllegalArgumentException(where + "client certificates need TLS: set cert_file and key_file");
            }
        }

        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode h = root.get("http_server_config");
        if (h != null && !h.isNull()) {
            if (!h.isObject()) {
                throw new IllegalArgumentException(where + "http_server_config must be a mapping");
            }
            unknownKeys(h, HTTP_KEYS, where + "http_server_config: ");
            if (h.has("http2")) {
                warnings.add("http_server_config.http2 is ignored: jsos serves HTTP/1.1");
            }
            JsonNode hs = h.get("headers");
            if (hs != null && !hs.isNull()) {
                if (!hs.isObject()) {
                    throw new IllegalArgumentException(where + "http_server_config.headers must be a mapping");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = hs.fields(); it.hasNext(); ) {
                    var e = it.next();
                    String name = ALLOWED_HEADERS.stream().filter(a -> a.equalsIgnoreCase(e.getKey())).findFirst()
                            .orElseThrow(() -> new IllegalArgumentException(where + "header " + e.getKey()
                                    + " cannot be set; allowed: " + String.join(", ", new java.util.TreeSet<>(ALLOWED_HEADERS))));
                    headers.put(name, e.getValue().asText());
                }
            }
        }

        Map<String, String> users = new LinkedHashMap<>();
        JsonNode u = root.get("basic_auth_users");
        if (u != null && !u.isNull()) {
            if (!u.isObject()) {
                throw new IllegalArgumentException(where + "basic_auth_users must be a mapping of user: bcrypt hash");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = u.fields(); it.hasNext(); ) {
                var e = it.next();
                String hash = e.getValue().asText();
                if (!BasicAuth.looksLikeBcrypt(hash)) {
                    throw new IllegalArgumentException(where + "the password of user " + e.getKey()
                            + " is not a bcrypt hash ($2a$, $2b$ or $2y$); make one with: htpasswd -nBC 10 " + e.getKey());
                }
                if (e.getKey().contains(":")) {
                    throw new IllegalArgumentException(where + "user names cannot contain ':' (" + e.getKey() + ")");
                }
                users.put(e.getKey(), hash);
            }
        }
        return new WebConfig(tls, users, headers, warnings);
    }

    private static void unknownKeys(JsonNode node, Set<String> known, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new IllegalArgumentException(where + "unknown key '" + k + "'; known: "
                        + String.join(", ", new java.util.TreeSet<>(known)));
            }
        }
    }

    private static String text(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw new IllegalArgumentException(where + key + " must be a string");
        }
        return v.asText();
    }

    private static String version(String v, String where) {
        if (v == null || v.isEmpty()) {
            return null;
        }
        String p = VERSIONS.get(v.toUpperCase(Locale.ROOT));
        if (p == null) {
            throw new IllegalArgumentException(where + "unknown TLS version '" + v + "'; valid: TLS10, TLS11, TLS12, TLS13");
        }
        return p;
    }
}
