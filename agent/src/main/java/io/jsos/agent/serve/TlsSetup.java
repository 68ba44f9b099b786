package io.jsos.agent.serve;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/** Builds the TLS side of the server from a web config's {@code tls_server_config}. */
final class TlsSetup {

    private static final List<String> ORDER = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    private TlsSetup() {
    }

    /**
     * The key and trust material of one {@code tls_server_config}, checked: what a reload of the
     * web config swaps in.
     */
    record Material(X509ExtendedKeyManager keys, X509TrustManager clientCa, List<String> allowedSans, String[] protocols,
                    WebConfig.ClientAuth clientAuth) {
    }

    /**
     * A TLS server whose certificate, key, client CA, versions and client policy can be replaced
     * while it runs (certificates are rotated, e.g. by cert-manager, without restarting the
     * DaemonSet): the JDK's server keeps the SSLContext it was given, so that context delegates
     * to the material of the moment, and every new handshake uses it.
     */
    static final class Live {
        private final SSLContext context;
        private volatile Material material;

        private Live(Material first) throws GeneralSecurityException {
            this.material = first;
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[]{new CurrentKeys()}, new TrustManager[]{new ClientCheck(() -> material)}, null);
        }

        /** New handshakes use {@code next}; connections already open keep what they negotiated. */
        void replace(Material next) {
            material = next;
        }

        Material material() {
            return material;
        }

        /** @param beforeEachConnection runs before a new connection's parameters are chosen (a reload check) */
        HttpsConfigurator configurator(Runnable beforeEachConnection) {
            return new HttpsConfigurator(context) {
                @Override
                public void configure(HttpsParameters params) {
                    beforeEachConnection.run();
                    Material m = material;
                    SSLParameters p = getSSLContext().getDefaultSSLParameters();
                    p.setProtocols(m.protocols());
                    if (m.clientAuth().requires()) {
                        p.setNeedClientAuth(true);
                    } else if (m.clientAuth().requests()) {
                        p.setWantClientAuth(true);
                    }
                    params.setSSLParameters(p);
                }
            };
        }

        private final class CurrentKeys extends X509ExtendedKeyManager {
            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return null;
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return material.keys().getServerAliases(keyType, issuers);
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return material.keys().chooseServerAlias(keyType, issuers, socket);
            }

            @Override
            public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
                return material.keys().chooseEngineServerAlias(keyType, issuers, engine);
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return material.keys().getCertificateChain(alias);
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                return material.keys().getPrivateKey(alias);
            }
        }
    }

    /**
     * A live TLS setup for {@code tls}.
     *
     * @throws IllegalArgumentException when a file is missing or unreadable, or the key does not
     *                                  match the certificate (exporter-toolkit refuses to start too)
     */
    static Live live(WebConfig.Tls tls) {
        try {
            return new Live(material(tls));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS setup failed: " + e.getMessage(), e);
        }
    }

    /**
     * Reads and checks the material of {@code tls}.
     *
     * @throws IllegalArgumentException when a file is missing or unreadable, or the key does not
     *                                  match the certificate
     */
    static Material material(WebConfig.Tls tls) {
        try {
            List<X509Certificate> chain = Pem.certificates(tls.certFile());
            PrivateKey key = Pem.privateKey(tls.keyFile());
            checkPair(chain.get(0), key);
            char[] pw = "jsos".toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", key, pw, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);

            // Without a CA, any client certificate is accepted (RequestClientCert, RequireAnyClientCert:
            // Go does the same); the policy decides whether one is asked for at all.
            X509TrustManager base = null;
            List<String> sans = List.of();
            if (tls.clientAuth().verifies()) {
                KeyStore ts = KeyStore.getInstance("PKCS12");
                ts.load(null, null);
                int i = 0;
                for (X509Certificate ca : Pem.certificates(tls.clientCaFile())) {
                    ts.setCertificateEntry("client-ca-" + i++, ca);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ts);
                base = (X509TrustManager) tmf.getTrustManagers()[0];
                sans = tls.clientAllowedSans();
            }
            X509ExtendedKeyManager keys = (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
            SSLContext probe = SSLContext.getInstance("TLS");
            probe.init(null, null, null);
            return new Material(keys, base, sans, protocols(probe, tls.minVersion(), tls.maxVersion()), tls.clientAuth());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS setup failed: " + e.getMessage(), e);
        }
    }

    /** The protocols between min (default TLS 1.2, as exporter-toolkit) and max that the JDK enables. */
    static String[] protocols(SSLContext ctx, String min, String max) {
        int lo = ORDER.indexOf(min == null ? "TLSv1.2" : min);
        int hi = max == null ? ORDER.size() - 1 : ORDER.indexOf(max);
        if (lo > hi) {
            throw new IllegalArgumentException("min_version is above max_version");
        }
        List<String> enabled = List.of(ctx.getDefaultSSLParameters().getProtocols());
        List<String> out = new ArrayList<>();
        for (int i = hi; i >= lo; i--) {
            if (enabled.contains(ORDER.get(i))) {
                out.add(ORDER.get(i));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no TLS version between min_version and max_version is enabled in this JDK");
        }
        return out.toArray(String[]::new);
    }

    private static void checkPair(X509Certificate cert, PrivateKey key) throws GeneralSecurityException {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();   // Ed25519, Ed448
        };
        byte[] probe = "jsos key check".getBytes(StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        s.update(probe);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(alg);
        v.initVerify(cert.getPublicKey());
        v.update(probe);
        if (!v.verify(sig)) {
            throw new GeneralSecurityException("the private key does not match the certificate's public key");
        }
    }

    /**
     * Checks client certificates against the client CA (when given) and the allowed SANs of the
     * material in force; without a CA it accepts any certificate (RequestClientCert,
     * RequireAnyClientCert: Go does the same).
     */
    private static final class ClientCheck extends X509ExtendedTrustManager {
        private final Supplier<Material> material;

        ClientCheck(Supplier<Material> material) {
            this.material = material;
        }

        private void check(X509Certificate[] chain, String authType) throws CertificateException {
            Material m = material.get();
            if (m.clientCa() == null) {
                return;
            }
            m.clientCa().checkClientTrusted(chain, authType);
            if (!m.allowedSans().isEmpty() && !sanAllowed(chain[0], m.allowedSans())) {
                throw new CertificateException("client certificate has no allowed subject alternative name");
            }
        }

        private static boolean sanAllowed(X509Certificate cert, List<String> allowedSans) throws CertificateException {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans == null) {
                return false;
            }
            for (List<?> san : sans) {
                if (san.size() > 1 && allowedSans.contains(String.valueOf(san.get(1)))) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a client");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("not a client");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("not a client");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509TrustManager ca = material.get().clientCa();
            return ca == null ? new X509Certificate[0] : ca.getAcceptedIssuers();
        }
    }
}
