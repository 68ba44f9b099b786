package io.jsos.agent.serve;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Builds the TLS side of the server from a web config's {@code tls_server_config}. */
final class TlsSetup {

    private static final List<String> ORDER = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    private TlsSetup() {
    }

    /**
     * @throws IllegalArgumentException when a file is missing or unreadable, or the key does not
     *                                  match the certificate (exporter-toolkit refuses to start too)
     */
    static HttpsConfigurator configurator(WebConfig.Tls tls) {
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

            TrustManager[] trust = null;
            if (tls.clientAuth().verifies()) {
                KeyStore ts = KeyStore.getInstance("PKCS12");
                ts.load(null, null);
                int i = 0;
                for (X509Certificate ca : Pem.certificates(tls.clientCaFile())) {
                    ts.setCertificateEntry("client-ca-" + i++, ca);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ts);
                X509TrustManager base = (X509TrustManager) tmf.getTrustManagers()[0];
                trust = new TrustManager[]{new ClientCheck(base, tls.clientAllowedSans())};
            } else if (tls.clientAuth().requests()) {
                trust = new TrustManager[]{new ClientCheck(null, List.of())};
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), trust, null);
            String[] protocols = protocols(ctx, tls.minVersion(), tls.maxVersion());
            return new HttpsConfigurator(ctx) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters p = getSSLContext().getDefaultSSLParameters();
                    p.setProtocols(protocols);
                    if (tls.clientAuth().requires()) {
                        p.setNeedClientAuth(true);
                    } else if (tls.clientAuth().requests()) {
                        p.setWantClientAuth(true);
                    }
                    params.setSSLParameters(p);
                }
            };
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
     * Checks client certificates against the client CA (when given) and the allowed SANs; without
     * a CA it accepts any certificate (RequestClientCert, RequireAnyClientCert: Go does the same).
     */
    private static final class ClientCheck extends X509ExtendedTrustManager {
        private final X509TrustManager ca;
        private final List<String> allowedSans;

        ClientCheck(X509TrustManager ca, List<String> allowedSans) {
            this.ca = ca;
            this.allowedSans = List.copyOf(allowedSans);
        }

        private void check(X509Certificate[] chain, String authType) throws CertificateException {
            if (ca == null) {
                return;
            }
            ca.checkClientTrusted(chain, authType);
            if (!allowedSans.isEmpty() && !sanAllowed(chain[0])) {
                throw new CertificateException("client certificate has no allowed subject alternative name");
            }
        }

        private boolean sanAllowed(X509Certificate cert) throws CertificateException {
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
            return ca == null ? new X509Certificate[0] : ca.getAcceptedIssuers();
        }
    }
}
