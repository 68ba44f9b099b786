package io.jsos.agent.serve;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files a web config names, as Go's crypto/tls does: certificate chains, and
 * unencrypted private keys in PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or
 * SEC1 ({@code EC PRIVATE KEY}) form. The JDK reads only PKCS#8, so the other two are wrapped
 * into it.
 */
final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)\\s*-----END \\1-----", Pattern.DOTALL);
    private static final byte[] OID_RSA = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] OID_EC = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private Pem() {
    }

    static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(1).equals("CERTIFICATE")) {
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(decode(m.group(2)))));
            }
        }
        if (out.isEmpty()) {
            throw new GeneralSecurityException("no PEM CERTIFICATE block in " + file);
        }
        return out;
    }

    static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            byte[] der = decode(m.group(2));
            switch (type) {
                case "PRIVATE KEY":
                    return pkcs8(der, file);
                case "RSA PRIVATE KEY":
                    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                            seq(cat(integer0(), seq(cat(OID_RSA, new byte[]{0x05, 0x00})), octets(der)))));
                case "EC PRIVATE KEY":
                    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                            seq(cat(integer0(), seq(cat(OID_EC, curveOf(der, file))), octets(der)))));
                case "ENCRYPTED PRIVATE KEY":
                    throw new GeneralSecurityException(file + ": encrypted private keys are not supported (nor by node_exporter)");
                default:
                    // e.g. "EC PARAMETERS" before an EC key: skip
            }
        }
        throw new GeneralSecurityException("no PEM private key block in " + file);
    }

    private static PrivateKey pkcs8(byte[] der, Path file) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String alg : new String[]{"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException(file + ": unsupported private key: " + last.getMessage(), last);
    }

    private static byte[] decode(String base64) throws GeneralSecurityException {
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("bad base64 in PEM block: " + e.getMessage());
        }
    }

    /**
     * The curve's OID from a SEC1 ECPrivateKey: SEQUENCE { INTEGER 1, OCTET STRING key,
     * [0] { OID curve } OPTIONAL, [1] public key OPTIONAL }.
     */
    private static byte[] curveOf(byte[] der, Path file) throws GeneralSecurityException {
        Der d = new Der(der);
        Der seq = d.enter(0x30);
        seq.skip(0x02);
        seq.skip(0x04);
        while (seq.more()) {
            int tag = seq.peekTag();
            if (tag == 0xa0) {
                Der params = seq.enter(0xa0);
                return params.raw(0x06);
            }
            seq.skip(tag);
        }
        throw new GeneralSecurityException(file + ": the EC key names no curve");
    }

    private static byte[] integer0() {
        return new byte[]{0x02, 0x01, 0x00};
    }

    private static byte[] seq(byte[] content) {
        return tlv(0x30, content);
    }

    private static byte[] octets(byte[] content) {
        return tlv(0x04, content);
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Just enough DER reading to find an EC key's curve. */
    private static final class Der {
        private final byte[] b;
        private int pos;
        private final int end;

        Der(byte[] b) {
            this(b, 0, b.length);
        }

        private Der(byte[] b, int start, int end) {
            this.b = b;
            this.pos = start;
            this.end = end;
        }

        boolean more() {
            return pos < end;
        }

        int peekTag() throws GeneralSecurityException {
            if (pos >= end) {
                throw new GeneralSecurityException("truncated DER");
            }
            return b[pos] & 0xff;
        }

        /** Reads a TLV of the tag; returns {start of content, length}. */
        private int[] header(int tag) throws GeneralSecurityException {
            if (peekTag() != tag) {
                throw new GeneralSecurityException("unexpected DER tag " + peekTag() + ", wanted " + tag);
            }
            int p = pos + 1;
            if (p >= end) {
                throw new GeneralSecurityException("truncated DER");
            }
            int len = b[p++] & 0xff;
            if (len >= 0x80) {
                int bytes = len & 0x7f;
                if (bytes < 1 || bytes > 3 || p + bytes > end) {
                    throw new GeneralSecurityException("bad DER length");
                }
                len = 0;
                for (int i = 0; i < bytes; i++) {
                    len = (len << 8) | (b[p++] & 0xff);
                }
            }
            if (p + len > end) {
                throw new GeneralSecurityException("truncated DER");
            }
            return new int[]{p, len};
        }

        Der enter(int tag) throws GeneralSecurityException {
            int[] h = header(tag);
            pos = h[0] + h[1];
            return new Der(b, h[0], h[0] + h[1]);
        }

        void skip(int tag) throws GeneralSecurityException {
            int[] h = header(tag);
            pos = h[0] + h[1];
        }

        /** The whole TLV, header included. */
        byte[] raw(int tag) throws GeneralSecurityException {
            int start = pos;
            int[] h = header(tag);
            pos = h[0] + h[1];
            return java.util.Arrays.copyOfRange(b, start, pos);
        }
    }
}
