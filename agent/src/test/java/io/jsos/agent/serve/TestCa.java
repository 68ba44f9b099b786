package io.jsos.agent.serve;

import io.jsos.testkit.Real;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority made with the real openssl, the way an operator makes one:
 * a CA, a server certificate for localhost/127.0.0.1, and client certificates.
 */
public final class TestCa {

    public final Path dir;

    private TestCa(Path dir) {
        this.dir = dir;
    }

    /** Creates the CA in {@code dir}; skips (or fails under CI) without openssl. */
    public static TestCa create(Path dir) throws IOException, InterruptedException {
        Real.requireProgram("openssl", "openssl");
        Files.createDirectories(dir);
        TestCa ca = new TestCa(dir);
        ca.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                "-days", "2", "-subj", "/CN=jsos test CA");
        return ca;
    }

    /** Another, unrelated CA (its certificates must be refused). */
    public TestCa other(String name) throws IOException, InterruptedException {
        return create(dir.resolve(name));
    }

    /** A server certificate (RSA, PKCS#8 key) for localhost and 127.0.0.1: name.crt, name.key. */
    public void server(String name) throws IOException, InterruptedException {
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=localhost");
        sign(name, "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    }

    /** A server certificate with an EC key in SEC1 form ("EC PRIVATE KEY"), as {@code openssl ecparam} writes. */
    void ecServer(String name) throws IOException, InterruptedException {
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", name + ".key");
        openssl("req", "-new", "-key", name + ".key", "-out", name + ".csr", "-subj", "/CN=localhost");
        sign(name, "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    }

    /** A server certificate with an RSA key in PKCS#1 form ("RSA PRIVATE KEY"). */
    void pkcs1Server(String name) throws IOException, InterruptedException {
        openssl("genrsa", "-traditional", "-out", name + ".key", "2048");
        openssl("req", "-new", "-key", name + ".key", "-out", name + ".csr", "-subj", "/CN=localhost");
        sign(name, "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    }

    /** A client certificate (EC P-256) with a DNS SAN: name.crt, name.key, name.p12 (password "test"). */
    public void client(String name, String san) throws IOException, InterruptedException {
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key",
                "-out", name + ".csr", "-subj", "/CN=" + san);
        sign(name, "subjectAltName=DNS:" + san + "\nextendedKeyUsage=clientAuth\n");
        openssl("pkcs12", "-export", "-in", name + ".crt", "-inkey", name + ".key", "-out", name + ".p12", "-passout", "pass:test");
    }

    private void sign(String name, String ext) throws IOException, InterruptedException {
        Files.writeString(dir.resolve(name + ".ext"), ext);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext");
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** A client context trusting this CA, optionally presenting a client certificate from a .p12 file. */
    public SSLContext clientContext(Path p12) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve("ca.crt"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (p12 != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p12)) {
                ks.load(in, "test".toCharArray());
            }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "test".toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add("openssl");
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("openssl " + String.join(" ", args) + " failed:\n" + new String(out, StandardCharsets.UTF_8));
        }
    }
}
